import { and, eq, gte, inArray, isNull, lte, not, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import { transactions, type NewTransaction } from '../db/schema/index.js';
import { upsertRows } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { extractTransactions } from '../extractors/transactions.js';
import { asObject, decimal, idOf, instant, integer, objectField, requireId, text, type Obj } from '../sync/map.js';
import type { DateWindow, RunContext, StreamDef } from '../sync/types.js';
import { windowPages, type ChunkPage, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { localDate } from '../util/dates.js';

/** Local days per request. */
const CHUNK_DAYS = 7;
/** Local days every incremental run re-reads (refunds and corrections land late). */
const RECENT_DAYS = 3;

/**
 * "These dates were listed in full": transactions of those dates that were
 * not listed are gone at the source (refunded, deleted). Appended to the last
 * page of a chunk read from its first page; ids are taken before map(), so a
 * rejected row still counts as listed.
 */
interface Sweep {
  sweep: { from: string; to: string; ids: number[] };
}

type TransactionRow = { kind: 'transaction'; row: NewTransaction } | { kind: 'sweep'; window: DateWindow; ids: number[] };

/** Financial transactions by date window, the recent days re-read on every run. */
export const transactionsStream: StreamDef<TransactionRow, WindowCursor, WindowProgress> = {
  name: 'transactions',
  scope: 'location',
  description: 'financial transactions of the recent local days (GET /transactions/{loc})',
  cursor: 'date_window',
  backfill: 'window',
  extract(ctx, state) {
    const locationId = locationOf(ctx);
    return windowPages(ctx, state, {
      chunkDays: CHUNK_DAYS,
      recentDays: RECENT_DAYS,
      async *fetch(chunk, startPage): AsyncGenerator<ChunkPage> {
        const pages = extractTransactions(ctx.client, { locationId, ...chunk, pageSize: ctx.config.altegio.pageSize, startPage });
        // A chunk resumed mid-way has lost the ids of its first pages: it cannot tell what is gone.
        const seen: number[] | null = startPage === 1 ? [] : null;
        for await (const page of pages) {
          for (const item of page.items) {
            const id = Number((item as Obj | null)?.id);
            if (Number.isSafeInteger(id) && id > 0) seen?.push(id);
          }
          const sweep: Sweep[] = page.last && seen ? [{ sweep: { ...chunk, ids: seen } }] : [];
          yield { items: [...page.items, ...sweep], page: page.page, last: page.last };
        }
      },
    });
  },
  map(raw, ctx) {
    const r = asObject(raw, 'transaction');
    if ('sweep' in r) {
      const s = (r as unknown as Sweep).sweep;
      return { kind: 'sweep', window: { from: s.from, to: s.to }, ids: s.ids };
    }
    return { kind: 'transaction', row: mapTransaction(r, locationOf(ctx), timeZoneOf(ctx)) };
  },
  async write(tx, rows, ctx) {
    const written = await upsertRows(
      tx,
      transactions,
      rows.flatMap((r) => (r.kind === 'transaction' ? [r.row] : [])),
      ['locationId', 'id'],
    );
    for (const row of rows) if (row.kind === 'sweep') written.updated += await markGone(tx, locationOf(ctx), row.window, row.ids);
    return written;
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

/** Marks the transactions of `window` that a complete read of it did not list. */
async function markGone(tx: Tx, locationId: number, window: DateWindow, ids: number[]): Promise<number> {
  const conditions: SQL[] = [
    eq(transactions.locationId, locationId),
    gte(transactions.transactionDate, window.from),
    lte(transactions.transactionDate, window.to),
    isNull(transactions.deletedAt),
  ];
  if (ids.length > 0) conditions.push(not(inArray(transactions.id, ids)));
  const gone = await tx
    .update(transactions)
    .set({ deletedAt: sql`now()`, syncedAt: sql`now()` })
    .where(and(...conditions))
    .returning({ id: transactions.id });
  return gone.length;
}

function locationOf(ctx: RunContext): number {
  if (ctx.scope.kind !== 'location') throw new Error('transactions is a location stream');
  return ctx.scope.locationId;
}

function timeZoneOf(ctx: RunContext): string {
  return ctx.scope.kind === 'location' ? ctx.scope.timezone : 'UTC';
}
