/** Gift cards (certificates), their types, loyalty cards and card types. */
import { fromMilli } from '../money.js';
import { HttpError, invalid, ok } from '../http/envelope.js';
import { pageOf, paging } from '../http/params.js';
import { route, type Ctx, type Route } from '../http/router.js';
import type { SimCardType, SimGiftCardType } from '../world/types.js';
import type { World } from '../world/world.js';
import { chainOf, fmt, locationOf } from './common.js';

const GIFT_STATUS = { 1: 'issued', 2: 'activated', 3: 'used', 4: 'expired' } as const;
const ITEM_TYPES = ['No limits', 'Services only', 'Some services and all products', 'Some services', 'Products only'];

function giftCardTypeJson(world: World, t: SimGiftCardType): Record<string, unknown> {
  return {
    id: t.id,
    title: t.title,
    balance: fromMilli(t.balance),
    is_multi: t.isMulti,
    company_group_id: world.chainId,
    item_type_id: t.itemTypeId,
    expiration_type_id: t.expirationTypeId,
    expiration_date: null,
    expiration_timeout: t.expirationTypeId === 2 ? t.expirationTimeout : 0,
    expiration_timeout_unit_id: 1,
    is_allow_empty_code: t.allowEmptyCode,
    item_type: { id: t.itemTypeId, title: ITEM_TYPES[t.itemTypeId] ?? '' },
  };
}

/**
 * Gift cards of one client, found by phone within a location. Partner token is
 * enough here. The reference spells the parameter `copmany_id`; both spellings work.
 */
function certificates(ctx: Ctx) {
  const raw = ctx.query.get('company_id') ?? ctx.query.get('copmany_id');
  if (raw === null || raw === '') throw invalid('company_id', 'company_id is required');
  const data = locationOf({ ...ctx, params: { loc: raw } });
  const phone = (ctx.query.get('phone') ?? '').replace(/\D/g, '');
  if (phone === '') throw invalid('phone', 'phone is required');
  const clientIds = new Set(data.clients.filter((c) => !c.deleted && c.phone === phone).map((c) => c.id));
  const rows = ctx.world.chain.giftCards.filter((g) => g.locId === data.loc.id && clientIds.has(g.clientId));
  const out = rows.map((g) => {
    const type = ctx.world.chain.giftCardTypes.find((t) => t.id === g.typeId)!;
    return {
      id: g.id,
      number: g.number,
      balance: fromMilli(g.balance),
      default_balance: fromMilli(g.defaultBalance),
      type_id: g.typeId,
      status_id: g.statusId,
      created_date: fmt(data, g.createdMs, 'millis'),
      expiration_date: fmt(data, g.expirationMs, 'millis'),
      type: giftCardTypeJson(ctx.world, type),
      status: { id: g.statusId, title: GIFT_STATUS[g.statusId] },
    };
  });
  return ok(out, { count: out.length });
}

/** page_size is limited to 100 here; larger values are refused with 422. */
function certificateTypes(ctx: Ctx) {
  chainOf(ctx);
  const size = ctx.query.get('page_size');
  if (size !== null && Number(size) > 100) throw invalid('page_size', 'page_size must not exceed 100');
  const p = paging(ctx.query, 'page_size', 100);
  const rows = ctx.world.chain.giftCardTypes;
  const page = pageOf(rows, p).map((t) => giftCardTypeJson(ctx.world, t));
  return ok(page, { count: page.length, total_count: rows.length });
}

function cardTypeJson(world: World, t: SimCardType): Record<string, unknown> {
  return {
    id: t.id,
    title: t.title,
    salon_group_id: world.chainId,
    company_ids: t.locIds,
    programs: world.chain.programs.filter((g) => t.programIds.includes(g.id)).map((g) => ({ id: g.id, title: g.title })),
  };
}

/** Loyalty cards of a client (any location of the chain); unknown or deleted clients have none. */
function clientCards(ctx: Ctx) {
  const raw = ctx.params.client ?? '';
  if (!/^\d+$/.test(raw)) throw new HttpError(404, `Client ${raw} not found`);
  const client = ctx.world.findClient(Number(raw));
  const cards = client && !client.deleted ? ctx.world.chain.loyaltyCards.filter((c) => c.clientId === client.id) : [];
  const out = cards.map((c) => {
    const type = ctx.world.chain.cardTypes.find((t) => t.id === c.typeId)!;
    return {
      id: c.id,
      number: c.number,
      balance: fromMilli(c.balance),
      points: c.points,
      paid_amount: fromMilli(c.paidAmount),
      sold_amount: fromMilli(c.soldAmount),
      visits_count: c.visitsCount,
      type_id: c.typeId,
      salon_group_id: ctx.world.chainId,
      company_id: c.locId,
      type: cardTypeJson(ctx.world, type),
    };
  });
  return ok(out, { count: out.length });
}

function chainCardTypes(ctx: Ctx) {
  chainOf(ctx);
  const rows = ctx.world.chain.cardTypes.map((t) => cardTypeJson(ctx.world, t));
  return ok(rows, { count: rows.length });
}

function salonCardTypes(ctx: Ctx) {
  const data = locationOf(ctx);
  const rows = ctx.world.chain.cardTypes.filter((t) => t.locIds.includes(data.loc.id)).map((t) => cardTypeJson(ctx.world, t));
  return ok(rows, { count: rows.length });
}

export const cardRoutes: Route[] = [
  route('GET', '/loyalty/certificates', certificates, 'partner'),
  route('GET', '/chain/{chain}/loyalty/certificate_types', certificateTypes),
  route('GET', '/loyalty/client_cards/{client}', clientCards),
  route('GET', '/chain/{chain}/loyalty/card_types', chainCardTypes),
  route('GET', '/loyalty/card_types/salon/{loc}', salonCardTypes),
];
