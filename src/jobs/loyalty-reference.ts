import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/connect.js';
import { addCounts, upsertRows, type WriteCounts } from '../db/upsert.js';
import { asObject, idOf, requireId, type Obj } from '../sync/map.js';
import type { RunContext, ScopeKind, StreamDef } from '../sync/types.js';

/**
 * A table a full refresh keeps: keyed by `id` (chain tables, with `chain_id`)
 * or by `location_id, id` (location tables), with `deleted_at`.
 */
type ListTable = PgTable & { id: PgColumn; deletedAt: PgColumn; syncedAt: PgColumn };


export interface ListSpec<T extends ListTable> {
  name: string;
  /** `chain`: the table has `chain_id` and key `id`; `location`: `location_id` and key `location_id, id`. */
  scope: ScopeKind;
  description: string;
  table: T;
  /** Every page of the listing, for the scope's chain or location id. */
  fetch(ctx: RunContext, scopeId: number): AsyncIterable<unknown[]>;
  /** The columns of one source row; the factory adds the scope's id, `deleted_at` and `raw`. */
  columns(r: Obj): Partial<T['$inferInsert']>;
  /** More writes in the page's transaction (default none). */
  alsoWrite?(tx: Tx, rows: T['$inferInsert'][], ctx: RunContext): Promise<WriteCounts>;
}

/**
 * Ids the listing answered in this run, rejected rows included: a row that
 * fails to map is still there at the source and must not be marked deleted.
 * The run's context is the same object in extract and write.
 */
const listedIds = new WeakMap<RunContext, Set<number>>();

function scopeId(ctx: RunContext): number {
  return ctx.scope.kind === 'chain' ? ctx.scope.chainId : ctx.scope.locationId;
}

/**
 * A full-refresh stream of one listing, chain or location: every page is read
 * first and written as one batch, so that rows missing from the answer can be
 * marked `deleted_at` in the same transaction (and cleared if they come back).
 * Reference listings are small, so holding them whole costs nothing.
 */
export function listStream<T extends ListTable>(spec: ListSpec<T>): StreamDef<T['$inferInsert']> {
  const owner = spec.scope === 'chain' ? 'chainId' : 'locationId';
  const key = (spec.scope === 'chain' ? ['id'] : ['locationId', 'id']) as never;
  const ownerColumn = (spec.table as unknown as Record<string, PgColumn>)[owner];
  if (!ownerColumn) throw new Error(`${spec.name}: a ${spec.scope} table needs a ${owner} column`);
  return {
    name: spec.name,
    scope: spec.scope,
    description: spec.description,
    cursor: 'full_refresh',
    backfill: 'refresh',
    async *extract(ctx) {
      const items: unknown[] = [];
      for await (const page of spec.fetch(ctx, scopeId(ctx))) items.push(...page);
      listedIds.set(ctx, new Set(items.map((item) => Number(idOf(item))).filter(Number.isSafeInteger)));
      yield { items, highWaterAt: ctx.now };
    },
    map(raw, ctx) {
      const r = asObject(raw, spec.name);
      requireId(r, 'id');
      return { ...spec.columns(r), [owner]: scopeId(ctx), deletedAt: null, raw: r } as T['$inferInsert'];
    },
    async write(tx, rows, ctx) {
      let written = await upsertRows(tx, spec.table, rows, key);
      const listed = [...(listedIds.get(ctx) ?? new Set(rows.map((row) => (row as { id: number }).id)))];
      const gone = await tx
        .update(spec.table)
        .set({ deletedAt: sql`now()`, syncedAt: sql`now()` } as never)
        .where(and(eq(ownerColumn, scopeId(ctx)), isNull(spec.table.deletedAt), listed.length ? notInArray(spec.table.id, listed) : undefined))
        .returning({ id: spec.table.id });
      written = { ...written, updated: written.updated + gone.length };
      return spec.alsoWrite ? addCounts(written, await spec.alsoWrite(tx, rows, ctx)) : written;
    },
    sourceKey: idOf,
  };
}
