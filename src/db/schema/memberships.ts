import { bigint, boolean, index, integer, jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

/**
 * Memberships sold in the chain (`abonement` in the API;
 * `GET /chain/{chain}/loyalty/abonements`), listed by creation date.
 */
export const memberships = altegio.table(
  'memberships',
  {
    id: id().primaryKey(),
    chainId: id('chain_id').notNull(),
    /** The location that sold it (`company_id` / `salon_id`), when the API says. */
    locationId: id('location_id'),
    /** `type_id` (else `type.id`): see `membership_types`. */
    typeId: id('type_id'),
    /** The membership's code (`number`). */
    number: text('number'),
    /** Visits left on a united balance (`united_balance_services_count`, else `balance`). */
    balance: integer('balance'),
    /** The balance as the API words it (`balance_string`), e.g. "5 visits". */
    balanceText: text('balance_text'),
    /** `status.id` (or `status_id`); title in `status`. */
    statusId: integer('status_id'),
    status: text('status'),
    isFrozen: boolean('is_frozen'),
    /** `created_date`, naive values read in the selling location's zone. */
    createdAt: instant('created_at'),
    /** `expiration_date`. */
    expiresAt: instant('expires_at'),
    /** `client_id` (else `client.id`). */
    clientId: id('client_id'),
    /** `client_phone` (else `client.phone`), as sent. */
    clientPhone: text('client_phone'),
    /** Price it was sold for (`cost`, else `type.cost`), in the location's currency. */
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
  /** `salon_group_id`; null only when read from a location listing that does not say. */
  chainId: id('chain_id'),
  title: text('title'),
  /** Price, in the selling location's currency. */
  cost: money('cost'),
  /** Validity: `period` units of `period_unit_id` (1 day, 2 week, 3 month, 4 year). */
  period: integer('period'),
  periodUnitId: integer('period_unit_id'),
  /** One balance for every service (`is_united_balance`) of `united_balance_services_count` visits. */
  isUnitedBalance: boolean('is_united_balance'),
  unitedBalanceServicesCount: integer('united_balance_services_count'),
  /** `{ "<service id>": visits }` as the API sends it (an object, not a list). */
  services: jsonb('services'),
  /** `{ "<service category id>": visits }`. */
  serviceCategories: jsonb('service_categories'),
  isArchived: boolean('is_archived'),
  /**
   * Locations the chain attached it to (`attached_location_ids` /
   * `location_ids` / `salon_ids`); which locations list it is in
   * `location_membership_types`.
   */
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
    /** The membership type id. */
    id: id().notNull(),
    title: text('title'),
    cost: money('cost'),
    isArchived: boolean('is_archived'),
    /** Gone from the location's listing. */
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
