import { boolean, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/** Payment accounts (cash desks, card terminals) of a location (`GET /accounts/{loc}`). */
export const accounts = altegio.table(
  'accounts',
  {
    locationId: locationId(),
    id: id().notNull(),
    title: text('title'),
    type: integer('type'),
    comment: text('comment'),
    archived: boolean('archived'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
