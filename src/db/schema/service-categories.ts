import { integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, synced } from './_columns.js';

/** Service categories of a location (`GET /company/{loc}/service_categories`). */
export const serviceCategories = altegio.table(
  'service_categories',
  {
    locationId: locationId(),
    id: id().notNull(),
    title: text('title'),
    /** Sort order in the booking form: higher first. */
    weight: integer('weight'),
    apiId: text('api_id'),
    /** Gone from the listing. */
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type ServiceCategory = typeof serviceCategories.$inferSelect;
export type NewServiceCategory = typeof serviceCategories.$inferInsert;
