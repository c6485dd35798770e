import { and, between, eq } from 'drizzle-orm';
import { loyaltyTransactions, type NewLoyaltyTransaction } from '../db/schema/index.js';
import { markUnlisted } from '../db/unlisted.js';
import { upsertRows } from '../db/upsert.js';
import { extractLoyaltyTransactions } from '../extractors/loyalty.js';
import { asObject, decimal, idOf, integer, objectField, requireId } from '../sync/map.js';
import { chainOf, metaOf } from '../sync/scope.js';
import type { StreamDef } from '../sync/types.js';
import { listChunk, windowPages, type ListedChunk, type WindowCursor, type WindowProgress } from '../sync/windows.js';

/**
 * The rows carry no timestamp: the only way to date one is the window that
 * listed it, so windows are one day long. The chain is one scope, so a day
 * costs one request (plus pages) for every location at once.
 */
const CHUNK_DAYS = 1;

/** Loyalty transactions of the chain, by the day they were created. */
export const loyaltyTransactionsStream: StreamDef<NewLoyaltyTransaction, WindowCursor, WindowProgress, ListedChunk> = {
  name: 'loyalty_transactions',
  scope: 'chain',
  description: 'loyalty card accruals and withdrawals, by day (GET /chain/{chain}/loyalty/transactions)',
  cadence: 'intraday',
  reads: 'date_window',
  backfill: 'rereads-history',
  extract(ctx, state) {
    const chainId = chainOf(ctx);
    const pageSize = ctx.config.altegio.pageSize;
    // The chain's "today" is UTC's, but a location east of UTC may already be a day
    // ahead: reading one day more keeps its newest rows from waiting for UTC midnight.
    return windowPages(ctx, state, {
      chunkDays: CHUNK_DAYS,
      recentDays: 3,
      aheadDays: 1,
      fetch: (chunk, startPage) => listChunk(chunk, startPage, extractLoyaltyTransactions(ctx.client, { chainId, ...chunk, pageSize, startPage })),
    });
  },
  map(raw, ctx, listed) {
    const r = asObject(raw, 'loyalty transaction');
    return {
      id: requireId(r, 'id'),
      chainId: chainOf(ctx),
      locationId: integer(r.salon_id ?? r.company_id ?? r.location_id, 'salon_id'),
      amount: decimal(r.amount, 'amount'),
      typeId: integer(r.type_id ?? objectField(r.type).id, 'type_id'),
      statusId: integer(r.status_id, 'status_id'),
      cardId: integer(r.card_id, 'card_id'),
      programId: integer(r.program_id ?? objectField(r.program).id, 'program_id'),
      clientId: integer(r.client_id ?? objectField(r.client).id, 'client_id'),
      recordId: integer(r.record_id ?? r.item_record_id, 'record_id'),
      visitId: integer(r.visit_id, 'visit_id'),
      // The one-day window that listed it.
      createdDate: metaOf(listed, 'loyalty_transactions').window.from,
      deletedAt: null,
      raw: r,
    };
  },
  async write(tx, rows, ctx, listed) {
    const written = await upsertRows(tx, loyaltyTransactions, rows, ['id']);
    if (!listed?.ids) return written;
    const t = loyaltyTransactions;
    const slice = and(eq(t.chainId, chainOf(ctx)), between(t.createdDate, listed.window.from, listed.window.to));
    return { ...written, updated: written.updated + (await markUnlisted(tx, t, slice, listed.ids)) };
  },
  sourceKey: idOf,
  estimate: (f) => Math.ceil(f.days / CHUNK_DAYS),
};
