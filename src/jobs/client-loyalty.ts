import { giftCards, loyaltyCards } from '../db/schema/index.js';
import { extractGiftCards, extractLoyaltyCards } from '../extractors/loyalty.js';
import { decimal, instant, integer, objectField, requireId, text } from '../sync/map.js';
import type { RunContext } from '../sync/types.js';
import { perClientStream } from './per-client.js';

function timeZoneOf(ctx: RunContext): string {
  return ctx.scope.kind === 'location' ? ctx.scope.timezone : 'UTC';
}

/** The endpoint wants the phone's digits; the clients listing sends "+1 315 000-0042" or 13150000042. */
export function phoneDigits(phone: string | null): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits.length >= 5 ? digits : null;
}

/** Gift cards (`certificate`) of the location's clients, by phone. */
export const giftCardsStream = perClientStream({
  name: 'gift_cards',
  description: 'gift cards of clients touched since the last run, by phone (GET /loyalty/certificates)',
  table: giftCards,
  async read(ctx, client, locationId) {
    const phone = phoneDigits(client.phone);
    return phone ? extractGiftCards(ctx.client, locationId, phone) : null;
  },
  columns: (r, ctx) => ({
    id: requireId(r, 'id'),
    number: text(r.number, 'number'),
    balance: decimal(r.balance, 'balance'),
    defaultBalance: decimal(r.default_balance, 'default_balance'),
    typeId: integer(r.type_id ?? objectField(r.type).id, 'type_id'),
    statusId: integer(r.status_id ?? objectField(r.status).id, 'status_id'),
    status: text(objectField(r.status).title, 'status.title'),
    createdAt: instant(r.created_date, 'created_date', timeZoneOf(ctx)),
    expiresAt: instant(r.expiration_date, 'expiration_date', timeZoneOf(ctx)),
  }),
});

/** Loyalty cards of the location's clients, by client id. */
export const loyaltyCardsStream = perClientStream({
  name: 'loyalty_cards',
  description: 'loyalty cards of clients touched since the last run (GET /loyalty/client_cards/{client_id})',
  table: loyaltyCards,
  read: (ctx, client) => extractLoyaltyCards(ctx.client, client.id),
  columns: (r) => ({
    id: requireId(r, 'id'),
    chainId: integer(r.salon_group_id ?? r.chain_id, 'salon_group_id'),
    typeId: integer(r.type_id ?? objectField(r.type).id, 'type_id'),
    number: text(r.number, 'number'),
    balance: decimal(r.balance, 'balance'),
    points: decimal(r.points, 'points'),
    paidAmount: decimal(r.paid_amount, 'paid_amount'),
    soldAmount: decimal(r.sold_amount, 'sold_amount'),
    visitsCount: integer(r.visits_count, 'visits_count'),
  }),
});
