import { and, between, eq, isNull, notInArray, sql } from 'drizzle-orm';
import { loyaltyTransactions, type NewLoyaltyTransaction } from '../db/schema/index.js';
import { upsertRows } from '../db/upsert.js';
import { extractLoyaltyTransactions } from '../extractors/loyalty.js';
import { asObject, decimal, idOf, integer, objectField, requireId, type Obj } from '../sync/map.js';
import type { DateWindow, RunContext, StreamDef } from '../sync/types.js';
import { windowPages, type ChunkPage, type WindowCursor, type WindowProgress } from '../sync/windows.js';

/**
 * The rows carry no timestamp: the only way to date one is the window that
 * listed it, so windows are one day long. The chain is one scope, so a day
 * costs one request (plus pages) for every location at once.
 */
const CHUNK_DAYS = 1;

/** A listed row and the day of the window that listed it. */
interface Listed {
  date: string;
  row: unknown;
}

/** The ids a chunk listed, complete only when the chunk was read from its first page in this run. */
interface Sweep extends DateWindow {
  ids: number[];
}

const sweeps = new WeakMap<RunContext, Sweep>();

function chainOf(ctx: RunContext): number {
  if (ctx.scope.kind !== 'chain') throw new Error('loyalty transactions are a chain stream');
  return ctx.scope.chainId;
}

async function* listDay(ctx: RunContext, chunk: DateWindow, startPage: number): AsyncGenerator<ChunkPage> {
  const ids: number[] = [];
  const pages = extractLoyaltyTransactions(ctx.client, {
    chainId: chainOf(ctx),
    from: chunk.from,
    to: chunk.to,
    pageSize: ctx.config.altegio.pageSize,
    startPage,
  });
  for await (const page of pages) {
    for (const item of page.items) {
      const id = Number(idOf(item));
      if (Number.isSafeInteger(id)) ids.push(id);
    }
    if (page.last && startPage === 1) sweeps.set(ctx, { ...chunk, ids });
    const items: Listed[] = page.items.map((row) => ({ date: chunk.from, row }));
    yield { items, page: page.page, last: page.last };
  }
}

/** Loyalty transactions of the chain, by the day they were created. */
export const loyaltyTransactionsStream: StreamDef<NewLoyaltyTransaction, WindowCursor, WindowProgress> = {
  name: 'loyalty_transactions',
  scope: 'chain',
  description: 'loyalty card accruals and withdrawals, by day (GET /chain/{chain}/loyalty/transactions)',
  cursor: 'date_window',
  backfill: 'window',
  // The chain's "today" is UTC's, but a location east of UTC may already be a day
  // ahead: reading one day more keeps its newest rows from waiting for UTC midnight.
  extract: (ctx, state) =>
    windowPages(ctx, state, { chunkDays: CHUNK_DAYS, recentDays: 3, aheadDays: 1, fetch: (chunk, startPage) => listDay(ctx, chunk, startPage) }),
  map(raw, ctx) {
    const listed = raw as Listed;
    const r = asObject(listed.row, 'loyalty transaction');
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
      createdDate: listed.date,
      deletedAt: null,
      raw: r as Obj,
    };
  },
  async write(tx, rows, ctx) {
    const written = await upsertRows(tx, loyaltyTransactions, rows, ['id']);
    const sweep = sweeps.get(ctx);
    if (!sweep) return written;
    sweeps.delete(ctx);
    const t = loyaltyTransactions;
    const gone = await tx
      .update(t)
      .set({ deletedAt: sql`now()`, syncedAt: sql`now()` })
      .where(
        and(
          eq(t.chainId, chainOf(ctx)),
          between(t.createdDate, sweep.from, sweep.to),
          isNull(t.deletedAt),
          sweep.ids.length ? notInArray(t.id, sweep.ids) : undefined,
        ),
      )
      .returning({ id: t.id });
    return { ...written, updated: written.updated + gone.length };
  },
  sourceKey: (raw) => idOf((raw as Listed | null)?.row),
};
