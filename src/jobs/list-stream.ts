import { eq } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/connect.js';
import { markUnlisted, type SoftDeleteTable } from '../db/unlisted.js';
import { addCounts, upsertRows, type WriteCounts } from '../db/upsert.js';
import { asObject, idOf, listedIds, requireId, type Obj } from '../sync/map.js';
import { ownerOf } from '../sync/scope.js';
import type { RunContext, ScopeKind, StreamDef } from '../sync/types.js';

/** The columns the factory fills itself. */
type Filled = 'id' | 'locationId' | 'chainId' | 'deletedAt' | 'raw' | 'syncedAt';

/**
 * What `columns` returns: every other required column; of the filled ones,
 * only those the owner does not fill (`chain_id` of a location table).
 */
export type ListColumns<T extends SoftDeleteTable> = Omit<T['$inferInsert'], Filled> & Partial<T['$inferInsert']>;

export interface ListSpec<T extends SoftDeleteTable> {
  name: string;
  /**
   * Whose listing it is. `location`: the table has `location_id` and the key
   * `location_id, id`; `chain`: it has `chain_id` and the key `id`.
   */
  scope: ScopeKind;
  /** One line for `--help` and `status`. */
  description: string;
  table: T;
  /** Every page of the listing, for the scope's location or chain id. */
  fetch(ctx: RunContext, ownerId: number): AsyncIterable<unknown[]>;
  /** The columns of one source row; the factory adds `id`, the owner's id, `deleted_at` (null) and `raw`. */
  columns(r: Obj): ListColumns<T>;
  /** The API module the listing belongs to (see `StreamDef.module`). Default none. */
  module?: StreamDef['module'];
  /** More writes in the page's transaction, counted with the rest. Default none. */
  alsoWrite?(tx: Tx, rows: T['$inferInsert'][], ctx: RunContext): Promise<WriteCounts>;
}

/** What the one page of a listing covers: the ids of every row it answered. */
export interface Listing {
  ids: number[];
}

/**
 * A full-refresh stream of one listing (reference data of a location or the
 * chain). Every page is read first and written as one batch, so the rows the
 * listing no longer has are marked `deleted_at` in the same transaction (and
 * cleared when they come back). These listings are small: holding one whole
 * costs nothing.
 */
export function listStream<T extends SoftDeleteTable>(spec: ListSpec<T>): StreamDef<T['$inferInsert'], unknown, unknown, Listing> {
  const owner = spec.scope === 'chain' ? 'chainId' : 'locationId';
  const key = (spec.scope === 'chain' ? ['id'] : ['locationId', 'id']) as never;
  const ownerColumn = (spec.table as unknown as Record<string, PgColumn | undefined>)[owner];
  if (!ownerColumn) throw new Error(`${spec.name}: a ${spec.scope} table needs a ${owner} column`);
  return {
    name: spec.name,
    scope: spec.scope,
    description: spec.description,
    module: spec.module,
    // Listings small enough to read whole every run are settings, catalogues and types: they change seldom.
    cadence: 'reference',
    reads: 'full_refresh',
    backfill: 'reads-everything',
    async *extract(ctx) {
      const items: unknown[] = [];
      for await (const page of spec.fetch(ctx, ownerOf(ctx))) items.push(...page);
      yield { items, meta: { ids: listedIds(items) }, highWaterAt: ctx.now };
    },
    map(raw, ctx) {
      const r = asObject(raw, spec.name);
      const id = requireId(r, 'id');
      return { ...spec.columns(r), id, [owner]: ownerOf(ctx), deletedAt: null, raw: r } as T['$inferInsert'];
    },
    async write(tx, rows, ctx, listing) {
      const written = await upsertRows(tx, spec.table, rows, key);
      const gone = listing ? await markUnlisted(tx, spec.table, eq(ownerColumn, ownerOf(ctx)), listing.ids) : 0;
      const counts = { ...written, updated: written.updated + gone };
      return spec.alsoWrite ? addCounts(counts, await spec.alsoWrite(tx, rows, ctx)) : counts;
    },
    sourceKey: idOf,
  };
}
