import { date, index, integer, jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

/** Clients of a location (`GET /clients/{loc}`). */
export const clients = altegio.table(
  'clients',
  {
    locationId: locationId(),
    id: id().notNull(),
    name: text('name'),
    surname: text('surname'),
    patronymic: text('patronymic'),
    /** As the API sent it, digits and formatting kept (it sends numbers and strings). */
    phone: text('phone'),
    email: text('email'),
    /** Loyalty card number. */
    card: text('card'),
    /** Null where the API says "0000-00-00". */
    birthDate: date('birth_date', { mode: 'string' }),
    genderId: integer('gender_id'),
    /** Personal discount, percent. */
    discount: money('discount'),
    importanceId: integer('importance_id'),
    categories: jsonb('categories'),
    smsCheck: integer('sms_check'),
    smsNot: integer('sms_not'),
    /** Lifetime spend, in the location's currency. */
    spent: money('spent'),
    paid: money('paid'),
    balance: money('balance'),
    /** `visits` in the API. */
    visitsCount: integer('visits_count'),
    comment: text('comment'),
    customFields: jsonb('custom_fields'),
    /** `last_change_date`, read in the location's zone when it has no offset. */
    lastChangeAt: instant('last_change_at'),
    /** Set by the deletion sweep: the API never reports a deleted client. */
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] }), index('clients_last_change_idx').on(t.locationId, t.lastChangeAt)],
);

export type Client = typeof clients.$inferSelect;
export type NewClient = typeof clients.$inferInsert;
