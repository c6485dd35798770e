import { and, between, eq } from 'drizzle-orm';
import { transactions, type NewTransaction } from '../db/schema/index.js';
import { markUnlisted } from '../db/unlisted.js';
import { upsertRows } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { extractTransactions } from '../extractors/transactions.js';
import { asObject, decimal, idOf, instant, integer, objectField, requireId, text, type Obj } from '../sync/map.js';
import { locationOf, zoneOf } from '../sync/scope.js';
import type { StreamDef } from '../sync/types.js';
import { listChunk, windowPages, type ListedChunk, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { localDate } from '../util/dates.js';

/** Local days per request. */
const CHUNK_DAYS = 7;
/** Local days every incremental run re-reads (refunds and corrections land late). */
const RECENT_DAYS = 3;

/**
 * Financial transactions by date window, the recent days re-read on every
 * run. A chunk listed in full marks its transactions it no longer lists
 * (refunded, deleted) `deleted_at`.
 */
export const transactionsStream: StreamDef<NewTransaction, WindowCursor, WindowProgress, ListedChunk> = {
  name: 'transactions',
  scope: 'location',
  description: 'financial transactions of the recent local days (GET /transactions/{loc})',
  cursor: 'date_window',
  backfill: 'window',
  extract(ctx, state) {
    const locationId = locationOf(ctx);
    const pageSize = ctx.config.altegio.pageSize;
    return windowPages(ctx, state, {
      chunkDays: CHUNK_DAYS,
      recentDays: RECENT_DAYS,
      fetch: (chunk, startPage) => listChunk(chunk, startPage, extractTransactions(ctx.client, { locationId, ...chunk, pageSize, startPage })),
    });
  },
  map: (raw, ctx) => mapTransaction(asObject(raw, 'transaction'), locationOf(ctx), zoneOf(ctx)),
  async write(tx, rows, ctx, listed) {
    const written = await upsertRows(tx, transactions, rows, ['locationId', 'id']);
    if (!listed?.ids) return written;
    const { from, to } = listed.window;
    const slice = and(eq(transactions.locationId, locationOf(ctx)), between(transactions.transactionDate, from, to));
    return { ...written, updated: written.updated + (await markUnlisted(tx, transactions, slice, listed.ids)) };
  },
  sourceKey: idOf,
};

function mapTransaction(r: Obj, locationId: number, timeZone: string): NewTransaction {
  const paidAt = instant(r.date, 'date', timeZone);
  if (!paidAt) throw new RejectError('date is missing');
  const amount = decimal(r.amount, 'amount');
  if (amount === null) throw new RejectError('amount is missing');
  const expense = objectField(r.expense);
  return {
    locationId,
    id: requireId(r, 'id'),
    documentId: integer(r.document_id, 'document_id') || null,
    paidAt,
    transactionDate: localDate(paidAt, timeZone),
    amount,
    expenseId: integer(expense.id, 'expense.id') || null,
    expense: Object.keys(expense).length > 0 ? expense : null,
    accountId: integer(objectField(r.account).id, 'account.id') || null,
    clientId: integer(objectField(r.client).id, 'client.id') || null,
    staffId: integer(objectField(r.master).id, 'master.id') || null,
    recordId: integer(r.record_id, 'record_id') || null,
    visitId: integer(r.visit_id, 'visit_id') || null,
    soldItemId: integer(r.sold_item_id, 'sold_item_id') || null,
    soldItemType: text(r.sold_item_type, 'sold_item_type'),
    comment: text(r.comment, 'comment'),
    lastChangeAt: instant(r.last_change_date, 'last_change_date', timeZone),
    // Listed, so it exists: clears a mark left by an earlier sweep.
    deletedAt: null,
    raw: r,
  };
}
