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
import { addDays, localDate } from '../util/dates.js';

/** Local days per request. */
const CHUNK_DAYS = 7;
/** Local days every incremental run re-reads (refunds and corrections land late). */
const RECENT_DAYS = 3;

/**
 * Financial transactions by date window, the recent days re-read on every
 * run. A chunk listed in full marks its transactions it no longer lists
 * (refunded, deleted) `deleted_at`.
 *
 * Their naive dates are the server's time (Asia/Dubai by default,
 * `ALTEGIO_TRANSACTIONS_TIMEZONE`), not the location's, and the server
 * reads the date filter its own way: each chunk of location-local dates is
 * asked with a day of slack on either side, so that every transaction of
 * the chunk's local dates is in the answer whichever zone the server files
 * it under, and only those dates are checked for transactions gone.
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
      fetch: (chunk, startPage) => {
        const asked = { from: addDays(chunk.from, -1), to: addDays(chunk.to, 1) };
        return listChunk(chunk, startPage, extractTransactions(ctx.client, { locationId, ...asked, pageSize, startPage }));
      },
    });
  },
  map: (raw, ctx) => mapTransaction(asObject(raw, 'transaction'), locationOf(ctx), zoneOf(ctx), ctx.config.altegio.transactionsTimezone),
  async write(tx, rows, ctx, listed) {
    const written = await upsertRows(tx, transactions, rows, ['locationId', 'id']);
    if (!listed?.ids) return written;
    const { from, to } = listed.window;
    const slice = and(eq(transactions.locationId, locationOf(ctx)), between(transactions.transactionDate, from, to));
    return { ...written, updated: written.updated + (await markUnlisted(tx, transactions, slice, listed.ids)) };
  },
  sourceKey: idOf,
  // No total: every chunk ends on an empty page.
  estimate: (f) => 2 * Math.ceil(f.days / CHUNK_DAYS),
};

function mapTransaction(r: Obj, locationId: number, timeZone: string, serverZone: string): NewTransaction {
  const paidAt = instant(r.date, 'date', serverZone);
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
    lastChangeAt: instant(r.last_change_date, 'last_change_date', serverZone),
    // Listed, so it exists: clears a mark left by an earlier sweep.
    deletedAt: null,
    raw: r,
  };
}
