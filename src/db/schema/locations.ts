import { integer, text } from 'drizzle-orm/pg-core';
import { altegio, id, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/** A location (`company` in the API): a salon, clinic or studio. */
export const locations = altegio.table('locations', {
  id: id().primaryKey(),
  title: text('title').notNull(),
  timezone: text('timezone').notNull(),
  timezoneOffset: integer('timezone_offset'),
  currency: text('currency'),
  currencySymbol: text('currency_symbol'),
  chainId: id('chain_id'),
  country: text('country'),
  city: text('city'),
  address: text('address'),
  ...synced(),
});

export type Location = typeof locations.$inferSelect;
export type NewLocation = typeof locations.$inferInsert;
