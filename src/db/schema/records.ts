import { boolean, date, index, integer, jsonb, numeric, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

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
    clientId: id('client_id'),
    staffId: id('staff_id'),
    visitId: id('visit_id'),
    documentId: id('document_id'),
    startsAt: instant('starts_at').notNull(),
    sessionDate: date('session_date', { mode: 'string' }).notNull(),
    seanceLength: integer('seance_length'),
    length: integer('length'),
    attendance: integer('attendance'),
    visitAttendance: integer('visit_attendance'),
    confirmed: boolean('confirmed'),
    paidFull: boolean('paid_full'),
    prepaid: boolean('prepaid'),
    online: boolean('online'),
    comment: text('comment'),
    apiId: text('api_id'),
    source: text('source'),
    customFields: jsonb('custom_fields'),
    createdAt: instant('created_at'),
    lastChangeAt: instant('last_change_at').notNull(),
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
    position: integer('position').notNull(),
    serviceId: id('service_id').notNull(),
    title: text('title'),
    firstCost: money('first_cost'),
    discount: numeric('discount'),
    cost: money('cost'),
    costToPay: money('cost_to_pay'),
    costPerUnit: money('cost_per_unit'),
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
    id: id().notNull(),
    goodId: id('good_id'),
    title: text('title'),
    amount: numeric('amount'),
    costPerUnit: money('cost_per_unit'),
    discount: numeric('discount'),
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
