import { boolean, integer, jsonb, numeric, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, synced } from './_columns.js';

/** Team members (`staff` / `master` in the API) of a location (`GET /company/{loc}/staff`). */
export const staff = altegio.table(
  'staff',
  {
    locationId: locationId(),
    id: id().notNull(),
    name: text('name'),
    specialization: text('specialization'),
    /** `position.id`, kept apart for joins. */
    positionId: id('position_id'),
    /** `position` as sent: `{ id, title }`. */
    position: jsonb('position'),
    /** Left the location (`fired`, 0/1 in the API); their old records still name them. */
    fired: boolean('fired'),
    /** Not shown in online booking (`hidden`, 0/1). */
    hidden: boolean('hidden'),
    /** Average client rating, 0–5. */
    rating: numeric('rating'),
    weight: integer('weight'),
    /** Gone from the listing (the API never reports it otherwise). */
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type Staff = typeof staff.$inferSelect;
export type NewStaff = typeof staff.$inferInsert;
