import { boolean, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, synced } from './_columns.js';

/** Payment accounts (cash desks, card terminals) of a location (`GET /accounts/{loc}`). */
export const accounts = altegio.table(
  'accounts',
  {
    locationId: locationId(),
    id: id().notNull(),
    title: text('title'),
    /** 0 cash, 1 non-cash. */
    type: integer('type'),
    comment: text('comment'),
    /** Archived in Altegio but still listed (`is_deleted`). */
    archived: boolean('archived'),
    /** Gone from the listing. */
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
