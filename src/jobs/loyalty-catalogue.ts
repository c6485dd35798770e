import {
  giftCardTypes,
  locationLoyaltyCardTypes,
  locationMembershipTypes,
  loyaltyCardTypes,
  loyaltyPrograms,
  membershipTypes,
  type NewMembershipType,
} from '../db/schema/index.js';
import { upsertRows, zeroCounts } from '../db/upsert.js';
import {
  extractCardTypes,
  extractGiftCardTypes,
  extractLocationCardTypes,
  extractLocationMembershipTypes,
  extractMembershipTypes,
  extractPrograms,
} from '../extractors/loyalty.js';
import { asObject, bool, decimal, instant, integer, listField, objectField, requireId, text, type Obj } from '../sync/map.js';
import { listStream } from './list-stream.js';

/** Reference data of the loyalty module: full refreshes of small listings. */

/** Ids from a list of ids or of `{ id }` objects; null when the payload has no such field. */
function idList(...values: unknown[]): number[] | null {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length === 0) return null;
  const ids = new Set<number>();
  for (const value of present) {
    for (const item of listField(value)) {
      const id = integer(typeof item === 'object' && item !== null ? (item as Obj).id : item, 'location id');
      if (id !== null) ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** Columns of a membership type, as both the chain and the location listings send it. */
function membershipTypeColumns(r: Obj): Omit<NewMembershipType, 'chainId' | 'deletedAt' | 'raw' | 'syncedAt'> {
  return {
    id: requireId(r, 'id'),
    title: text(r.title, 'title'),
    cost: decimal(r.cost, 'cost'),
    period: integer(r.period, 'period'),
    periodUnitId: integer(r.period_unit_id, 'period_unit_id'),
    isUnitedBalance: bool(r.is_united_balance, 'is_united_balance'),
    unitedBalanceServicesCount: integer(r.united_balance_services_count, 'united_balance_services_count'),
    // Objects of id → visits; an empty one may come as [].
    services: objectField(r.services),
    serviceCategories: objectField(r.service_categories),
    isArchived: bool(r.is_archived, 'is_archived'),
    locationIds: idList(r.attached_location_ids, r.attached_salon_ids, r.location_ids, r.salon_ids),
  };
}

export const membershipTypesStream = listStream({
  name: 'membership_types',
  scope: 'chain',
  description: 'membership types of the chain (GET /chain/{chain}/loyalty/abonement_types)',
  table: membershipTypes,
  fetch: (ctx, chainId) => extractMembershipTypes(ctx.client, chainId, ctx.config.altegio.pageSize),
  columns: membershipTypeColumns,
});

export const locationMembershipTypesStream = listStream({
  name: 'location_membership_types',
  scope: 'location',
  description: 'membership types each location lists (GET /company/{loc}/loyalty/abonement_types/search)',
  module: 'loyalty',
  table: locationMembershipTypes,
  fetch: (ctx, locationId) => extractLocationMembershipTypes(ctx.client, locationId, ctx.config.altegio.pageSize),
  columns: (r) => ({
    title: text(r.title, 'title'),
    cost: decimal(r.cost, 'cost'),
    isArchived: bool(r.is_archived, 'is_archived'),
  }),
  // Without a chain id the chain listing never runs: the locations' listings then fill
  // membership_types (a type reads the same at every location that lists it).
  async alsoWrite(tx, rows, ctx) {
    if (ctx.config.chainId) return zeroCounts();
    const types = rows.map((row) => {
      const r = asObject(row.raw);
      return { ...membershipTypeColumns(r), chainId: integer(r.salon_group_id ?? r.chain_id, 'salon_group_id'), deletedAt: null, raw: r };
    });
    return upsertRows(tx, membershipTypes, types, ['id']);
  },
});

export const giftCardTypesStream = listStream({
  name: 'gift_card_types',
  scope: 'chain',
  description: 'gift card types of the chain (GET /chain/{chain}/loyalty/certificate_types)',
  table: giftCardTypes,
  fetch: (ctx, chainId) => extractGiftCardTypes(ctx.client, chainId, ctx.config.altegio.pageSize),
  columns: (r) => ({
    title: text(r.title, 'title'),
    balance: decimal(r.balance, 'balance'),
    isMulti: bool(r.is_multi, 'is_multi'),
    itemTypeId: integer(r.item_type_id, 'item_type_id'),
    expirationTypeId: integer(r.expiration_type_id, 'expiration_type_id'),
    // A fixed burn date carries its offset; a naive one is rare enough to read as UTC.
    expiresAt: instant(r.expiration_date, 'expiration_date', 'UTC'),
    expirationTimeout: integer(r.expiration_timeout, 'expiration_timeout'),
    expirationTimeoutUnitId: integer(r.expiration_timeout_unit_id, 'expiration_timeout_unit_id'),
    isAllowEmptyCode: bool(r.is_allow_empty_code, 'is_allow_empty_code'),
  }),
});

export const loyaltyCardTypesStream = listStream({
  name: 'loyalty_card_types',
  scope: 'chain',
  description: 'loyalty card types of the chain (GET /chain/{chain}/loyalty/card_types)',
  table: loyaltyCardTypes,
  fetch: (ctx, chainId) => extractCardTypes(ctx.client, chainId),
  columns: (r) => ({
    title: text(r.title, 'title'),
    programIds: idList(r.programs, r.program_ids),
  }),
});

export const locationLoyaltyCardTypesStream = listStream({
  name: 'location_loyalty_card_types',
  scope: 'location',
  description: 'loyalty card types each location lists (GET /loyalty/card_types/salon/{loc})',
  module: 'loyalty',
  table: locationLoyaltyCardTypes,
  fetch: (ctx, locationId) => extractLocationCardTypes(ctx.client, locationId),
  columns: (r) => ({ title: text(r.title, 'title') }),
});

export const loyaltyProgramsStream = listStream({
  name: 'loyalty_programs',
  scope: 'location',
  description: 'loyalty programs of each location (GET /company/{loc}/loyalty/programs/search)',
  module: 'loyalty',
  table: loyaltyPrograms,
  fetch: (ctx, locationId) => extractPrograms(ctx.client, locationId),
  // The search names the chain `group_id` and the kind `loyalty_type_id` (its `type` is a name such as "discount_static").
  columns: (r) => ({
    chainId: integer(r.salon_group_id ?? r.group_id ?? r.chain_id, 'salon_group_id'),
    title: text(r.title, 'title'),
    typeId: integer(r.type_id ?? r.loyalty_type_id ?? objectField(r.type).id, 'type_id'),
  }),
});
