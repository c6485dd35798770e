/** Chain loyalty: transactions, memberships (abonements), membership types, programs. */
import { fromMilli } from '../money.js';
import { hash01 } from '../random.js';
import { localDate } from '../time.js';
import { HttpError, ok } from '../http/envelope.js';
import { dateParam, pageOf, paging } from '../http/params.js';
import { route, type Ctx, type Route } from '../http/router.js';
import type { SimMembership, SimMembershipType } from '../world/types.js';
import type { World } from '../world/world.js';
import { chainOf, fmt, locationOf, requireLoyalty } from './common.js';

const TX_TYPES = { 1: 'Accrual', 2: 'Withdrawal' } as const;
const MEMBERSHIP_STATUS = { 1: 'Issued', 2: 'Active', 3: 'Frozen', 4: 'Expired' } as const;

/** Both created_* dates are required on the chain lists; without them the API answers 400. */
function requireCreatedRange(ctx: Ctx, message: string): void {
  const missing = ['created_after', 'created_before'].filter((k) => (ctx.query.get(k) ?? '') === '');
  if (missing.length > 0) throw new HttpError(400, message, Object.fromEntries(missing.map((k) => [k, [`${k} is required`]])));
}

/** Inclusive created_after / created_before on the local date of the selling location. */
function createdFilter(ctx: Ctx): (locId: number, ms: number) => boolean {
  const after = dateParam(ctx.query, 'created_after');
  const before = dateParam(ctx.query, 'created_before');
  return (locId, ms) => {
    if (after === null && before === null) return true;
    const zone = ctx.world.location(locId)?.loc.zone ?? 'UTC';
    const d = localDate(zone, ms);
    return (after === null || d >= after) && (before === null || d <= before);
  };
}

/**
 * Rows carry no timestamp at all (quirk): only the created_* filters, both
 * required, know when. `count` defaults to 20, at most 200.
 */
function transactions(ctx: Ctx) {
  chainOf(ctx);
  requireCreatedRange(ctx, 'Supply both created_after and created_before');
  const keep = createdFilter(ctx);
  const p = paging(ctx.query, 'count', 200, 20);
  const rows = ctx.world.chain.loyaltyTransactions.filter((t) => keep(t.locId, t.atMs));
  const page = pageOf(rows, p).map((t) => ({
    id: t.id,
    status_id: 1,
    amount: fromMilli(t.amount),
    type_id: t.typeId,
    type: { id: t.typeId, title: TX_TYPES[t.typeId] },
    program_id: t.programId,
    card_id: t.cardId,
    salon_group_id: ctx.world.chainId,
    company_id: t.locId,
    client_id: t.clientId,
    item_id: 0,
    item_type_id: 0,
    item_record_id: t.recordId,
    goods_transaction_id: 0,
    visit_id: t.visitId,
    is_discount: false,
    is_loyalty_withdraw: t.typeId === 2,
  }));
  return ok(page, { count: page.length, total_count: rows.length });
}

/** Empty id->count maps print as {} or [] (PHP's empty array), chosen per type. */
function idMap(map: Record<string, number>, id: number): Record<string, number> | [] {
  return Object.keys(map).length === 0 && id % 2 === 1 ? [] : map;
}

export function membershipTypeJson(world: World, t: SimMembershipType): Record<string, unknown> {
  return {
    id: t.id,
    salon_group_id: world.chainId,
    category_id: null,
    title: t.title,
    period: t.period,
    period_unit_id: t.periodUnitId,
    allow_freeze: true,
    freeze_limit: 30,
    freeze_limit_unit_id: 1,
    is_booking_when_frozen_allowed: false,
    is_allow_empty_code: false,
    is_united_balance: t.unitedBalance,
    is_united_balance_unlimited: false,
    is_code_required: false,
    balance_edit_type_id: 1,
    cost: fromMilli(t.cost),
    chain_price_min: fromMilli(t.cost),
    chain_price_max: fromMilli(t.cost),
    is_chain: true,
    expiration_type_id: 1,
    expiration_type_title: 'On sale',
    united_balance_services_count: t.servicesCount,
    services: idMap(t.services, t.id),
    service_categories: idMap(t.serviceCategories, t.id),
    attached_location_ids: t.locIds,
    attached_salon_ids: t.locIds,
    is_online_sale_enabled: false,
    is_archived: t.archived,
    date_archived: null,
    availability: [],
    balance_container: {},
  };
}

function membershipJson(world: World, m: SimMembership): Record<string, unknown> {
  const data = world.location(m.locId)!;
  const type = world.chain.membershipTypes.find((t) => t.id === m.typeId);
  return {
    id: m.id,
    number: m.number,
    balance_string: `${m.visitsLeft} visits`,
    is_frozen: m.statusId === 3,
    freeze_period: 0,
    period: type?.period ?? 0,
    period_unit_id: type?.periodUnitId ?? 3,
    status: { id: m.statusId, title: MEMBERSHIP_STATUS[m.statusId], extended_title: MEMBERSHIP_STATUS[m.statusId] },
    type: type ? { id: type.id, title: type.title, is_united_balance: type.unitedBalance, cost: fromMilli(type.cost) } : null,
    cost: fromMilli(m.cost),
    company_id: m.locId,
    client_id: m.clientId,
    created_date: fmt(data, m.createdMs, 'iso'),
    expiration_date: fmt(data, m.expirationMs, 'naive'),
    united_balance_services_count: m.visitsLeft,
    balance_container: { links: [] },
  };
}

/**
 * Memberships by `abonements_ids[]` or by both created_* dates (400 otherwise).
 * Quirk: some answers arrive wrapped in an extra array, `[ {success, data, meta} ]`.
 * Which pages are wrapped is seeded per page number, so a run is reproducible.
 */
function memberships(ctx: Ctx) {
  chainOf(ctx);
  const ids = ctx.query.getAll('abonements_ids[]').filter((v) => v !== '').map(Number);
  if (ids.length === 0) requireCreatedRange(ctx, 'Supply abonements_ids or both created_after and created_before');
  const keep = createdFilter(ctx);
  const p = paging(ctx.query, 'count', 200, 20);
  const wanted = new Set(ids);
  const rows = ctx.world.chain.memberships.filter((m) => (ids.length === 0 || wanted.has(m.id)) && keep(m.locId, m.createdMs));
  const page = pageOf(rows, p).map((m) => membershipJson(ctx.world, m));
  const reply = ok(page, { count: page.length, total_count: rows.length });
  if (hash01(ctx.world.seed, 'abonements-wrap', p.page) < 0.5) reply.body = [reply.body];
  return reply;
}

/** No paging here: every type at once. */
function chainMembershipTypes(ctx: Ctx) {
  chainOf(ctx);
  const types = ctx.world.chain.membershipTypes;
  return ok(types.map((t) => membershipTypeJson(ctx.world, t)), { total_count: types.length });
}

/** `page_size` 25 by default, at most 100; `meta.count` is the rows of this page, there is no total. */
function locationMembershipTypes(ctx: Ctx) {
  const data = locationOf(ctx);
  requireLoyalty(ctx, data);
  const p = paging(ctx.query, 'page_size', 100, 25);
  const rows = ctx.world.chain.membershipTypes.filter((t) => t.locIds.includes(data.loc.id));
  const page = pageOf(rows, p).map((t) => membershipTypeJson(ctx.world, t));
  return ok(page, { count: page.length });
}

/** No paging: `page` and `count` are ignored and every program comes at once, with `meta: []`. */
function programs(ctx: Ctx) {
  const data = locationOf(ctx);
  requireLoyalty(ctx, data);
  const rows = ctx.world.chain.programs.filter((g) => g.locIds.includes(data.loc.id));
  const page = rows.map((g) => ({
    id: g.id,
    title: g.title,
    type_id: g.typeId,
    type: { id: g.typeId, title: g.typeTitle },
    value: g.percent,
    salon_group_id: ctx.world.chainId,
    company_ids: g.locIds,
    card_type_ids: ctx.world.chain.cardTypes.filter((t) => t.programIds.includes(g.id)).map((t) => t.id),
    is_archived: false,
  }));
  return ok(page);
}

export const loyaltyRoutes: Route[] = [
  route('GET', '/chain/{chain}/loyalty/transactions', transactions),
  route('GET', '/chain/{chain}/loyalty/abonements', memberships),
  route('GET', '/chain/{chain}/loyalty/abonement_types', chainMembershipTypes),
  route('GET', '/company/{loc}/loyalty/abonement_types/search', locationMembershipTypes),
  route('GET', '/company/{loc}/loyalty/programs/search', programs),
];
