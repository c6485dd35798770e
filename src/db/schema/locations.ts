import { integer, text } from 'drizzle-orm/pg-core';
import { altegio, id, synced } from './_columns.js';

/** A location (`company` in the API): a salon, clinic or studio. */
export const locations = altegio.table('locations', {
  id: id().primaryKey(),
  title: text('title').notNull(),
  /** IANA zone (`timezone_name`); a location's "day" is a day in this zone. */
  timezone: text('timezone').notNull(),
  /** Hour offset as the API reports it (`timezone`); informational, DST-blind. */
  timezoneOffset: integer('timezone_offset'),
  /** ISO 4217 code (`currency`). */
  currency: text('currency'),
  /** `currency_short_title`, e.g. "$". */
  currencySymbol: text('currency_symbol'),
  /** Chain (`salon_group_id` / `main_group_id`) when the API says. */
  chainId: id('chain_id'),
  country: text('country'),
  city: text('city'),
  address: text('address'),
  ...synced(),
});

export type Location = typeof locations.$inferSelect;
export type NewLocation = typeof locations.$inferInsert;
