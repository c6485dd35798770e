import { bigint, boolean, index, integer, jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/**
 * Memberships sold in the chain (`abonement` in the API;
 * `GET /chain/{chain}/loyalty/abonements`), listed by creation date.
 */
export const memberships = altegio.table(
  'memberships',
  {
    id: id().primaryKey(),
    chainId: id('chain_id').notNull(),
    locationId: id('location_id'),
    typeId: id('type_id'),
    number: text('number'),
    balance: integer('balance'),
    balanceText: text('balance_text'),
    statusId: integer('status_id'),
    status: text('status'),
    isFrozen: boolean('is_frozen'),
    createdAt: instant('created_at'),
    expiresAt: instant('expires_at'),
    clientId: id('client_id'),
    clientPhone: text('client_phone'),
    cost: money('cost'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [
    index('memberships_client_idx').on(t.clientId),
    index('memberships_created_idx').on(t.chainId, t.createdAt),
    // "Memberships about to expire" (docs/queries.md).
    index('memberships_expires_idx').on(t.expiresAt),
  ],
);

/** Membership types of the chain (`GET /chain/{chain}/loyalty/abonement_types`). */
export const membershipTypes = altegio.table('membership_types', {
  id: id().primaryKey(),
  chainId: id('chain_id'),
  title: text('title'),
  cost: money('cost'),
  period: integer('period'),
  periodUnitId: integer('period_unit_id'),
  isUnitedBalance: boolean('is_united_balance'),
  unitedBalanceServicesCount: integer('united_balance_services_count'),
  services: jsonb('services'),
  serviceCategories: jsonb('service_categories'),
  isArchived: boolean('is_archived'),
  locationIds: bigint('location_ids', { mode: 'number' }).array(),
  deletedAt: deletedAt(),
  ...synced(),
});

/**
 * The membership types a location lists
 * (`GET /company/{loc}/loyalty/abonement_types/search`): one row per location
 * and type, so "which locations sell it" is a join.
 */
export const locationMembershipTypes = altegio.table(
  'location_membership_types',
  {
    locationId: locationId(),
    id: id().notNull(),
    title: text('title'),
    cost: money('cost'),
    isArchived: boolean('is_archived'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type Membership = typeof memberships.$inferSelect;
export type NewMembership = typeof memberships.$inferInsert;
export type MembershipType = typeof membershipTypes.$inferSelect;
export type NewMembershipType = typeof membershipTypes.$inferInsert;
export type LocationMembershipType = typeof locationMembershipTypes.$inferSelect;
export type NewLocationMembershipType = typeof locationMembershipTypes.$inferInsert;
