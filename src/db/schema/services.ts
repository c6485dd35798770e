import { boolean, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/** Services a location sells (`GET /company/{loc}/services`). */
export const services = altegio.table(
  'services',
  {
    locationId: locationId(),
    id: id().notNull(),
    title: text('title'),
    categoryId: id('category_id'),
    priceMin: money('price_min'),
    priceMax: money('price_max'),
    duration: integer('duration'),
    active: boolean('active'),
    weight: integer('weight'),
    apiId: text('api_id'),
    comment: text('comment'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type Service = typeof services.$inferSelect;
export type NewService = typeof services.$inferInsert;
