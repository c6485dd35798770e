import { boolean, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, money, synced } from './_columns.js';

/** Services a location sells (`GET /company/{loc}/services`). */
export const services = altegio.table(
  'services',
  {
    locationId: locationId(),
    id: id().notNull(),
    title: text('title'),
    /** A `service_categories.id` of the same location. */
    categoryId: id('category_id'),
    /** Price range of the price list, in the location's currency. */
    priceMin: money('price_min'),
    priceMax: money('price_max'),
    /** Default length, seconds. */
    duration: integer('duration'),
    /** Bookable (`active`, 0/1); inactive services stay listed. */
    active: boolean('active'),
    weight: integer('weight'),
    apiId: text('api_id'),
    comment: text('comment'),
    /** Gone from the listing. */
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type Service = typeof services.$inferSelect;
export type NewService = typeof services.$inferInsert;
