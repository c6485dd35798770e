import { boolean, date, index, integer, jsonb, numeric, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

/**
 * Records (appointments) of a location (`GET /records/{loc}?with_deleted=1`),
 * deleted ones included. Their service and goods lines live in
 * `record_services` and `record_goods`, replaced with the record.
 */
export const records = altegio.table(
  'records',
  {
    locationId: locationId(),
    id: id().notNull(),
    /** `client.id`; null for a walk-in (the API sends `client: null`). */
    clientId: id('client_id'),
    /** Team member (`staff_id`). */
    staffId: id('staff_id'),
    /** The visit the record belongs to (several records of one arrival share it). */
    visitId: id('visit_id'),
    /** The visit's sale document (`documents[0].id`), which financial transactions name. */
    documentId: id('document_id'),
    /** Session start: `datetime` (with offset), else `date` read in the location's zone. */
    startsAt: instant('starts_at').notNull(),
    /** Location-local calendar date of the session (the date part of `date`). */
    sessionDate: date('session_date', { mode: 'string' }).notNull(),
    /** Session length, seconds (`seance_length`). */
    seanceLength: integer('seance_length'),
    /** `length`, seconds. */
    length: integer('length'),
    /** -1 no-show, 0 waiting, 1 arrived, 2 confirmed. */
    attendance: integer('attendance'),
    /** Attendance of the whole visit (`visit_attendance`). */
    visitAttendance: integer('visit_attendance'),
    confirmed: boolean('confirmed'),
    /** Every line paid (`paid_full`, 0/1). */
    paidFull: boolean('paid_full'),
    prepaid: boolean('prepaid'),
    /** Booked online by the client (`online`). */
    online: boolean('online'),
    comment: text('comment'),
    apiId: text('api_id'),
    /** Booking channel as the API names it (`record_from`, e.g. "online widget"); null for the front desk. */
    source: text('source'),
    customFields: jsonb('custom_fields'),
    /** `create_date`. */
    createdAt: instant('created_at'),
    /** `last_change_date`, read in the location's zone when it has no offset. */
    lastChangeAt: instant('last_change_at').notNull(),
    /** The record's `last_change_at` when the API says `deleted: true` (so a re-read writes nothing), else null. */
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [
    primaryKey({ columns: [t.locationId, t.id] }),
    index('records_client_idx').on(t.locationId, t.clientId),
    index('records_session_date_idx').on(t.locationId, t.sessionDate),
    // Team-member filters of altegio_bi.staff_monthly and the no-show queries.
    index('records_staff_idx').on(t.locationId, t.staffId, t.sessionDate),
  ],
);

/** Service lines of a record (`services[]`), in the order the API lists them. */
export const recordServices = altegio.table(
  'record_services',
  {
    locationId: locationId(),
    recordId: id('record_id').notNull(),
    /** 0-based index in `services[]`: a record may list one service twice. */
    position: integer('position').notNull(),
    /** `services[].id`. */
    serviceId: id('service_id').notNull(),
    title: text('title'),
    /** List price of the line, in the location's currency. */
    firstCost: money('first_cost'),
    /** Discount, percent of `first_cost` (the API's `discount`). */
    discount: numeric('discount'),
    /** Price after the discount. */
    cost: money('cost'),
    /** What the client has to pay for the line. */
    costToPay: money('cost_to_pay'),
    /** Price per unit (`cost_per_unit`). */
    costPerUnit: money('cost_per_unit'),
    /** Quantity (`amount`). */
    amount: numeric('amount'),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.recordId, t.position] }), index('record_services_service_idx').on(t.locationId, t.serviceId)],
);

/** Goods sold with a record (`goods_transactions[]`). */
export const recordGoods = altegio.table(
  'record_goods',
  {
    locationId: locationId(),
    recordId: id('record_id').notNull(),
    /** The goods transaction id (`goods_transactions[].id`). */
    id: id().notNull(),
    goodId: id('good_id'),
    /** `good.title`. */
    title: text('title'),
    /** Quantity as the API prints it: negative for a sale (stock leaves the storage). */
    amount: numeric('amount'),
    costPerUnit: money('cost_per_unit'),
    /** Discount, percent. */
    discount: numeric('discount'),
    /** Price of the line after the discount, in the location's currency. */
    cost: money('cost'),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.recordId, t.id] })],
);

export type RecordRow = typeof records.$inferSelect;
export type NewRecord = typeof records.$inferInsert;
export type RecordService = typeof recordServices.$inferSelect;
export type NewRecordService = typeof recordServices.$inferInsert;
export type RecordGood = typeof recordGoods.$inferSelect;
export type NewRecordGood = typeof recordGoods.$inferInsert;
