import { date, index, integer, jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/** Clients of a location (`GET /clients/{loc}`). */
export const clients = altegio.table(
  'clients',
  {
    locationId: locationId(),
    id: id().notNull(),
    name: text('name'),
    surname: text('surname'),
    patronymic: text('patronymic'),
    phone: text('phone'),
    email: text('email'),
    card: text('card'),
    birthDate: date('birth_date', { mode: 'string' }),
    genderId: integer('gender_id'),
    discount: money('discount'),
    importanceId: integer('importance_id'),
    categories: jsonb('categories'),
    smsCheck: integer('sms_check'),
    smsNot: integer('sms_not'),
    spent: money('spent'),
    paid: money('paid'),
    balance: money('balance'),
    visitsCount: integer('visits_count'),
    comment: text('comment'),
    customFields: jsonb('custom_fields'),
    lastChangeAt: instant('last_change_at'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] }), index('clients_last_change_idx').on(t.locationId, t.lastChangeAt)],
);

export type Client = typeof clients.$inferSelect;
export type NewClient = typeof clients.$inferInsert;
