import { and, between, eq } from 'drizzle-orm';
import { transactions, type NewTransaction } from '../db/schema/index.js';
import { markUnlisted } from '../db/unlisted.js';
import { upsertRows } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { extractTransactions } from '../extractors/transactions.js';
import { asObject, decimal, idOf, instant, integer, objectField, requireId, text, type Obj } from '../sync/map.js';
import { locationOf, zoneOf } from '../sync/scope.js';
import type { Batch, RunContext, StreamDef, StreamState } from '../sync/types.js';
import { listChunk, today, windowPages, type ListedChunk, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { addDays, formatFilterLowerBound, localDate, parseApiInstant } from '../util/dates.js';

/** Local days per request. */
const CHUNK_DAYS = 7;
/** Local days every incremental run re-reads (refunds and corrections land late). */
const RECENT_DAYS = 3;
/** How far back the listing of changes looks for the transactions changed since the last run. */
const CHANGES_DAYS = 31;
/**
 * A transaction listed as changed since the last run but last changed this
 * long before it tells that the server ignored `changed_after`: more than any
 * gap between two zones' readings of the bound and of the row's date.
 */
const IGNORED_FILTER_SLACK_MS = 3 * 86_400_000;

/** The dates read in full, and since when changes were listed. */
export interface TransactionsCursor extends WindowCursor {
  /** ISO instant: changes before it were listed (the next listing asks from it, less the lookback). */
  changedAfter?: string;
}

/** Where an interrupted listing of changes resumes: the same question, from the next page. */
export interface ChangesProgress {
  changes: {
    /** `changed_after` as sent. */
    lowerBound: string;
    /** The instant it was meant to be (ISO). */
    sinceAt: string;
    from: string;
    to: string;
    nextPage: number;
    /** Start of the run that began the listing (ISO): the next cursor. */
    startedAt: string;
  };
}

export type TransactionsProgress = WindowProgress | ChangesProgress;

type TransactionsBatch = Batch<TransactionsCursor, TransactionsProgress, ListedChunk>;

/**
 * Financial transactions by date window, the recent days re-read on every
 * run. A chunk listed in full marks its transactions it no longer lists
 * (refunded, deleted) `deleted_at`. An incremental run then lists the
 * transactions of the last month changed since the previous run
 * (`changed_after`), which catches a correction to a payment older than the
 * re-read days; it never marks anything deleted.
 *
 * Their naive dates are the server's time (Asia/Dubai by default,
 * `ALTEGIO_TRANSACTIONS_TIMEZONE`), not the location's, and the server
 * reads the date filter its own way: each chunk of location-local dates is
 * asked with a day of slack on either side, so that every transaction of
 * the chunk's local dates is in the answer whichever zone the server files
 * it under, and only those dates are checked for transactions gone.
 */
export const transactionsStream: StreamDef<NewTransaction, TransactionsCursor, TransactionsProgress, ListedChunk> = {
  name: 'transactions',
  scope: 'location',
  description: 'financial transactions of the recent local days, and those changed since the last run (GET /transactions/{loc})',
  cadence: 'intraday',
  reads: 'date_window',
  backfill: 'rereads-history',
  extract: (ctx, state) => transactionPages(ctx, state),
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

/** The date windows, then (incremental runs with a cursor) the listing of changes. */
async function* transactionPages(ctx: RunContext, state: StreamState<TransactionsCursor, TransactionsProgress>): AsyncGenerator<TransactionsBatch> {
  let changes = state.progress && 'changes' in state.progress ? state.progress.changes : null;
  let cursor: TransactionsCursor | null = state.cursor;
  if (!changes) {
    const progress = state.progress as WindowProgress | null;
    for await (const batch of windowPages(ctx, { cursor: state.cursor, progress }, windowOptions(ctx))) {
      if (!batch.cursor || ctx.mode === 'backfill') {
        yield batch;
        continue;
      }
      // The dates are read in full. A first run only notes when its changes start.
      const since = state.cursor?.changedAfter;
      if (!since) {
        yield { ...batch, cursor: { ...batch.cursor, changedAfter: ctx.now.toISOString() } };
        return;
      }
      cursor = { ...batch.cursor, changedAfter: since };
      changes = changesQuestion(ctx, since);
      yield { ...batch, cursor, progress: { changes }, highWaterAt: undefined };
    }
  }
  if (changes && cursor) yield* changedPages(ctx, cursor, changes);
}

function windowOptions(ctx: RunContext) {
  const locationId = locationOf(ctx);
  const pageSize = ctx.config.altegio.pageSize;
  return {
    chunkDays: CHUNK_DAYS,
    recentDays: RECENT_DAYS,
    fetch: (chunk: { from: string; to: string }, startPage: number) => {
      const asked = { from: addDays(chunk.from, -1), to: addDays(chunk.to, 1) };
      return listChunk(chunk, startPage, extractTransactions(ctx.client, { locationId, ...asked, pageSize, startPage }));
    },
  };
}

/**
 * The listing of changes since `since` (less the lookback), over the last
 * month and a day of slack. Its lower bound is written in whichever of the
 * location's zone, UTC and the server's zone reads earliest (`safe`), so that
 * the server's reading never lies after the instant meant.
 */
function changesQuestion(ctx: RunContext, since: string): ChangesProgress['changes'] {
  const at = new Date(Date.parse(since) - ctx.config.sync.lookbackMinutes * 60_000);
  const lowerBound = formatFilterLowerBound(at, zoneOf(ctx), ctx.config.sync.filterTimezone, [ctx.config.altegio.transactionsTimezone]);
  const to = addDays(today(ctx), 1);
  return { lowerBound, sinceAt: at.toISOString(), from: addDays(to, -CHANGES_DAYS), to, nextPage: 1, startedAt: ctx.now.toISOString() };
}

/**
 * Pages of the listing of changes, each upserted as it comes (no ids: it
 * completes no date range). A page holding a transaction last changed well
 * before the bound shows the server ignores `changed_after`: the listing
 * stops there, at one page a run, rather than read the whole month again.
 */
async function* changedPages(ctx: RunContext, cursor: TransactionsCursor, q: ChangesProgress['changes']): AsyncGenerator<TransactionsBatch> {
  const serverZone = ctx.config.altegio.transactionsTimezone;
  const floor = Date.parse(q.sinceAt) - IGNORED_FILTER_SLACK_MS;
  const done = (items: unknown[], label: string): TransactionsBatch => ({
    items,
    progress: null,
    cursor: { ...cursor, changedAfter: q.startedAt },
    highWaterAt: new Date(q.startedAt),
    label,
  });
  const locationId = locationOf(ctx);
  const pageSize = ctx.config.altegio.pageSize;
  const query = { locationId, from: q.from, to: q.to, changedAfter: q.lowerBound, pageSize, startPage: q.nextPage };
  for await (const page of extractTransactions(ctx.client, query)) {
    const label = `changed since ${q.lowerBound} page ${page.page}`;
    if (page.last) {
      yield done(page.items, label);
      return;
    }
    if (page.items.some((item) => changedBefore(item, floor, serverZone))) {
      ctx.log.warn(
        { stream: 'transactions', changedAfter: q.lowerBound },
        `GET /transactions/${locationId} ignores changed_after: a correction to a transaction older than the last ${RECENT_DAYS} days loads with a backfill of its dates only`,
      );
      yield done(page.items, label);
      return;
    }
    yield { items: page.items, progress: { changes: { ...q, nextPage: page.page + 1 } }, label };
  }
}

/** Whether a listed transaction was last changed before `floor` (ms); unreadable dates are the mapper's to reject. */
function changedBefore(item: unknown, floor: number, serverZone: string): boolean {
  try {
    const at = parseApiInstant((item as Obj | null)?.last_change_date, serverZone);
    return at !== null && at.getTime() < floor;
  } catch {
    return false;
  }
}

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
