import { boolean, integer, jsonb, numeric, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/** Team members (`staff` / `master` in the API) of a location (`GET /company/{loc}/staff`). */
export const staff = altegio.table(
  'staff',
  {
    locationId: locationId(),
    id: id().notNull(),
    name: text('name'),
    specialization: text('specialization'),
    positionId: id('position_id'),
    position: jsonb('position'),
    fired: boolean('fired'),
    hidden: boolean('hidden'),
    rating: numeric('rating'),
    weight: integer('weight'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type Staff = typeof staff.$inferSelect;
export type NewStaff = typeof staff.$inferInsert;
