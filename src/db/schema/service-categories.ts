import { integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/** Service categories of a location (`GET /company/{loc}/service_categories`). */
export const serviceCategories = altegio.table(
  'service_categories',
  {
    locationId: locationId(),
    id: id().notNull(),
    title: text('title'),
    weight: integer('weight'),
    apiId: text('api_id'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type ServiceCategory = typeof serviceCategories.$inferSelect;
export type NewServiceCategory = typeof serviceCategories.$inferInsert;
