import { bigint, jsonb, numeric, pgSchema, timestamp } from 'drizzle-orm/pg-core';

/** Every warehouse table lives in this Postgres schema. */
export const altegio = pgSchema('altegio');

/** The location (`company_id` / `location_id` in the API) a row belongs to. */
export const locationId = () => bigint('location_id', { mode: 'number' }).notNull();

/** An Altegio id: integers that fit comfortably in a JS number. */
export const id = (name = 'id') => bigint(name, { mode: 'number' });

/** Money is numeric, never float: exact to the last cent (and beyond: some discounts have 3 decimals). */
export const money = (name: string) => numeric(name);

/** An instant, stored as UTC and shown in the session's zone. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Columns every synced row has: the source object and when we last wrote it. */
export const synced = () => ({
  raw: jsonb('raw').notNull(),
  syncedAt: instant('synced_at').notNull().defaultNow(),
});

/** Set when the row is gone at the source; rows are never hard-deleted. */
export const deletedAt = () => instant('deleted_at');
