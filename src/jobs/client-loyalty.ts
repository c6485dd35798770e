import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { clients, giftCards, loyaltyCards } from '../db/schema/index.js';
import { markGone, markUnlisted, type SoftDeleteTable } from '../db/unlisted.js';
import { upsertRows } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { extractGiftCards, extractLoyaltyCards } from '../extractors/loyalty.js';
import type { ClientRef } from '../sync/clients-to-read.js';
import { asObject, decimal, idOf, instant, integer, objectField, requireId, text, type Obj } from '../sync/map.js';
import { clientOf, perClientPages, type ClientsPage, type PerClientCursor, type PerClientProgress } from '../sync/per-client.js';
import { locationOf, metaOf, zoneOf } from '../sync/scope.js';
import type { RunContext, StreamDef } from '../sync/types.js';
import { CLIENTS_LANE, clientsStream } from './clients.js';

/**
 * Per-client loyalty endpoints (gift cards by phone, loyalty cards by client
 * id): one request per client, so only clients touched since the last run are
 * read, and every client in a backfill (see perClientPages).
 */

/** A location table of per-client rows: key `location_id, id`, with `client_id`. */
type ClientTable = SoftDeleteTable & { locationId: PgColumn; clientId: PgColumn };

interface CardSpec<T extends ClientTable> {
  name: string;
  description: string;
  /** See `StreamDef.module`. */
  module?: StreamDef['module'];
  table: T;
  /** One client's cards; null when the client cannot be asked. */
  read(ctx: RunContext, client: ClientRef, locationId: number): Promise<unknown[] | null>;
  /** The columns of one card, apart from `id`, the location, the client, `deleted_at` and `raw`. */
  columns(r: Obj, ctx: RunContext): Partial<T['$inferInsert']>;
}

/**
 * A per-client stream: each client's answer is complete, so the client's
 * cards it no longer lists are marked `deleted_at` in the page's transaction,
 * and so are those of clients deleted at the source (the client sweep flags
 * them; they are never asked again). The answers do not name their client:
 * the page meta does.
 */
function cardStream<T extends ClientTable>(spec: CardSpec<T>): StreamDef<T['$inferInsert'], PerClientCursor, PerClientProgress, ClientsPage> {
  return {
    name: spec.name,
    scope: 'location',
    description: spec.description,
    module: spec.module,
    cadence: 'intraday',
    reads: 'per_client',
    parent: clientsStream.name,
    // Cards carry no dates: a backfill reads every client's, on a state of its own.
    backfill: 'rereads-history',
    lane: CLIENTS_LANE,
    extract: (ctx, state) => perClientPages(ctx, state, { read: (client) => spec.read(ctx, client, locationOf(ctx)) }),
    map(raw, ctx, page) {
      const r = asObject(raw, spec.name);
      const id = requireId(r, 'id');
      const clientId = clientOf(metaOf(page, spec.name), id);
      if (clientId === undefined) throw new RejectError(`${spec.name} ${id} is in no client's answer`);
      return { ...spec.columns(r, ctx), id, locationId: locationOf(ctx), clientId, deletedAt: null, raw: r } as T['$inferInsert'];
    },
    async write(tx, rows, ctx, page) {
      const { table } = spec;
      const written = await upsertRows(tx, table, rows, ['locationId', 'id'] as never);
      const here = eq(table.locationId, locationOf(ctx));
      const answered = page?.clients ?? [];
      // Card ids are the chain's: one listed for any client of the page is not gone.
      const unlisted = answered.length
        ? await markUnlisted(tx, table, and(here, inArray(table.clientId, answered.map((c) => c.clientId))), answered.flatMap((c) => c.ids))
        : 0;
      const deleted = tx.select({ id: clients.id }).from(clients).where(and(eq(clients.locationId, locationOf(ctx)), isNotNull(clients.deletedAt)));
      const orphaned = await markGone(tx, table, and(here, inArray(table.clientId, deleted)));
      return { ...written, updated: written.updated + unlisted + orphaned };
    },
    sourceKey: idOf,
    estimate: (f) => f.clients,
  };
}

/** The endpoint wants the phone's digits; the clients listing sends "+1 315 000-0042" or 13150000042. */
export function phoneDigits(phone: string | null): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits.length >= 5 ? digits : null;
}

/** Gift cards (`certificate`) of the location's clients, by phone. */
export const giftCardsStream = cardStream({
  name: 'gift_cards',
  description: 'gift cards of clients touched since the last run, by phone (GET /loyalty/certificates)',
  module: 'loyalty',
  table: giftCards,
  async read(ctx, client, locationId) {
    const phone = phoneDigits(client.phone);
    return phone ? extractGiftCards(ctx.client, locationId, phone, ctx.config.altegio.giftCardLocationParam) : null;
  },
  columns: (r, ctx) => ({
    number: text(r.number, 'number'),
    balance: decimal(r.balance, 'balance'),
    defaultBalance: decimal(r.default_balance, 'default_balance'),
    typeId: integer(r.type_id ?? objectField(r.type).id, 'type_id'),
    statusId: integer(r.status_id ?? objectField(r.status).id, 'status_id'),
    status: text(objectField(r.status).title, 'status.title'),
    createdAt: instant(r.created_date, 'created_date', zoneOf(ctx)),
    expiresAt: instant(r.expiration_date, 'expiration_date', zoneOf(ctx)),
  }),
});

/** Loyalty cards of the location's clients, by client id. */
export const loyaltyCardsStream = cardStream({
  name: 'loyalty_cards',
  description: 'loyalty cards of clients touched since the last run (GET /loyalty/client_cards/{client_id})',
  table: loyaltyCards,
  read: (ctx, client) => extractLoyaltyCards(ctx.client, client.id),
  columns: (r) => ({
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
