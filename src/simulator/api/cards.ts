/** Gift cards (certificates), their types, loyalty cards and card types. */
import { fromMilli } from '../money.js';
import { HttpError, invalid, ok, type Reply } from '../http/envelope.js';
import { pageOf, paging } from '../http/params.js';
import { route, type Ctx, type Route } from '../http/router.js';
import type { SimCardType, SimGiftCardType, SimLoyaltyCard, SimProgram } from '../world/types.js';
import type { World } from '../world/world.js';
import { chainOf, fmt, locationOf, requireLoyalty } from './common.js';

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
 * The location parameter of the gift-card lookup. The reference spells it
 * `copmany_id`; which spelling is read is an option (default: either). With one
 * spelling only, the other is as good as absent.
 */
function giftCardLocation(ctx: Ctx): string | null {
  const q = ctx.query;
  const pick = (key: string) => (q.get(key) ?? '') || null;
  switch (ctx.options.account.giftCardParam) {
    case 'company_id':
      return pick('company_id');
    case 'copmany_id':
      return pick('copmany_id');
    default:
      return pick('company_id') ?? pick('copmany_id');
  }
}

/** Gift cards of one client, found by phone within a location. Partner token is enough here. */
function certificates(ctx: Ctx) {
  const raw = giftCardLocation(ctx);
  if (raw === null) throw invalid('company_id', 'company_id is required');
  const data = locationOf({ ...ctx, params: { loc: raw } });
  requireLoyalty(ctx, data);
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

/** `page_size` 10 by default, at most 100 (above: silently the default); `meta.count` only. */
function certificateTypes(ctx: Ctx) {
  chainOf(ctx);
  const p = paging(ctx.query, 'page_size', 100, 10);
  const rows = ctx.world.chain.giftCardTypes;
  const page = pageOf(rows, p).map((t) => giftCardTypeJson(ctx.world, t));
  return ok(page, { count: page.length });
}

/** The card-type lists are bare arrays, no envelope. */
function raw(body: unknown): Reply {
  return { status: 200, body };
}

function cardProgramJson(world: World, g: SimProgram): Record<string, unknown> {
  return {
    id: g.id,
    title: g.title,
    value: g.percent,
    loyalty_type_id: g.typeId,
    item_type_id: 0,
    value_unit_id: 1,
    group_id: world.chainId,
    loyalty_type: { id: g.typeId, title: g.typeTitle, is_discount: g.typeId === 1, is_cashback: g.typeId === 2, is_static: true, is_accumulative: false },
    rules: [],
  };
}

function cardJson(world: World, c: SimLoyaltyCard): Record<string, unknown> {
  const type = world.chain.cardTypes.find((t) => t.id === c.typeId)!;
  return {
    id: c.id,
    balance: fromMilli(c.balance),
    points: c.points,
    paid_amount: fromMilli(c.paidAmount),
    sold_amount: fromMilli(c.soldAmount),
    visits_count: c.visitsCount,
    number: c.number,
    type_id: c.typeId,
    salon_group_id: world.chainId,
    type: { id: type.id, title: type.title, salon_group_id: world.chainId },
    salon_group: { id: world.chainId, title: world.chain.title },
    programs: world.chain.programs.filter((g) => type.programIds.includes(g.id)).map((g) => cardProgramJson(world, g)),
  };
}

/**
 * Loyalty cards of a client (any location of the chain), as a raw body: the card
 * object itself when there is one, a bare array when there are several, [] when
 * none (unknown or deleted clients have none).
 */
function clientCards(ctx: Ctx): Reply {
  const id = ctx.params.client ?? '';
  if (!/^\d+$/.test(id)) throw new HttpError(404, `Client ${id} not found`);
  const client = ctx.world.findClient(Number(id));
  const cards = client && !client.deleted ? ctx.world.chain.loyaltyCards.filter((c) => c.clientId === client.id) : [];
  const out = cards.map((c) => cardJson(ctx.world, c));
  return raw(out.length === 1 ? out[0] : out);
}

function chainCardTypes(ctx: Ctx): Reply {
  chainOf(ctx);
  return raw(ctx.world.chain.cardTypes.map((t: SimCardType) => ({ id: t.id, title: t.title, salon_group_id: ctx.world.chainId })));
}

function salonCardTypes(ctx: Ctx): Reply {
  const data = locationOf(ctx);
  requireLoyalty(ctx, data);
  const group = { id: ctx.world.chainId, title: ctx.world.chain.title };
  const rows = ctx.world.chain.cardTypes
    .filter((t) => t.locIds.includes(data.loc.id))
    .map((t) => ({ id: t.id, title: t.title, salon_group_id: ctx.world.chainId, salon_group: group }));
  return raw(rows);
}

export const cardRoutes: Route[] = [
  route('GET', '/loyalty/certificates', certificates, 'partner'),
  route('GET', '/chain/{chain}/loyalty/certificate_types', certificateTypes),
  route('GET', '/loyalty/client_cards/{client}', clientCards),
  route('GET', '/chain/{chain}/loyalty/card_types', chainCardTypes),
  route('GET', '/loyalty/card_types/salon/{loc}', salonCardTypes),
];
