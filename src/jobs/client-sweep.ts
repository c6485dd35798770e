import { sql } from 'drizzle-orm';
import { addCounts, zeroCounts } from '../db/upsert.js';
import { extractClientIds } from '../extractors/client-ids.js';
import { asObject, type Obj } from '../sync/map.js';
import type { RunContext, StreamDef } from '../sync/types.js';

/** What one complete sweep found, written in one transaction. */
export interface SweepRow {
  /** Start of the sweep: clients changed since then may be missing only because they are new. */
  startedAt: Date;
  /** Live in the warehouse, absent from the listing: deleted at the source. */
  missing: number[];
  /** Marked deleted in the warehouse, listed again: restored at the source. */
  returned: number[];
}

function locationOf(ctx: RunContext): number {
  if (ctx.scope.kind !== 'location') throw new Error('client_sweep is a location stream');
  return ctx.scope.locationId;
}

/** An id list as one `bigint[]` parameter, however long. */
const idArray = (ids: number[]) => sql`${`{${ids.join(',')}}`}::bigint[]`;

/** Every id of the search listing; throws (marking nothing) unless paging ran to the end. */
async function* listedIds(ctx: RunContext, seen: Set<number>) {
  let total: number | undefined;
  for await (const page of extractClientIds(ctx.client, { locationId: locationOf(ctx), pageSize: ctx.config.altegio.pageSize })) {
    for (const id of page.ids) if (typeof id === 'number' || typeof id === 'string') seen.add(Number(id));
    total = page.total;
    if (!page.last) yield `page ${page.page}${total !== undefined ? `/${Math.ceil(total / ctx.config.altegio.pageSize)}` : ''}`;
  }
  if (total !== undefined && seen.size < total) {
    throw new Error(`client sweep listed ${seen.size} of ${total} clients (pages came back short); nothing marked`);
  }
}

/**
 * Paging by number shifts rows back when a client is deleted mid-sweep, so an
 * id can slip past a page boundary unseen. Asks for the candidates again by
 * id; any the API still has are not deleted. If the API ignores the filter
 * (answers other ids), the sweep's own answer stands.
 */
async function stillListed(ctx: RunContext, candidates: number[]): Promise<Set<number>> {
  const found = new Set<number>();
  const size = ctx.config.altegio.pageSize;
  for (let i = 0; i < candidates.length; i += size) {
    const chunk = candidates.slice(i, i + size);
    const wanted = new Set(chunk);
    for await (const page of extractClientIds(ctx.client, { locationId: locationOf(ctx), pageSize: size, ids: chunk })) {
      const ids = page.ids.map(Number);
      if (ids.some((id) => !wanted.has(id))) {
        ctx.log.warn('the client search ignored the id filter; trusting the sweep');
        return new Set();
      }
      for (const id of ids) found.add(id);
    }
  }
  return found;
}

/**
 * The API never reports a deleted client: it just stops listing it. This
 * stream lists every client id (ids only, in memory) and, once the listing is
 * complete, marks `clients.deleted_at` for clients of the location it no
 * longer has, and clears it for those it has again. Clients changed after the
 * sweep began are left alone: they may be new, not yet in the listing.
 */
export const clientSweepStream: StreamDef<SweepRow> = {
  name: 'client_sweep',
  scope: 'location',
  description: 'flags clients deleted at the source (POST /company/{loc}/clients/search, ids only)',
  cursor: 'full_refresh',
  backfill: 'refresh',
  async *extract(ctx) {
    const loc = locationOf(ctx);
    const seen = new Set<number>();
    for await (const label of listedIds(ctx, seen)) yield { items: [], label };
    const known = await ctx.warehouse.query<{ id: number | string; deleted: boolean; recent: boolean }>(
      sql`select id, deleted_at is not null as deleted, coalesce(last_change_at >= ${ctx.now.toISOString()}::timestamptz, false) as recent
          from altegio.clients where location_id = ${loc}`,
    );
    const candidates = known.filter((c) => !c.deleted && !c.recent && !seen.has(Number(c.id))).map((c) => Number(c.id));
    const confirmed = candidates.length > 0 ? await stillListed(ctx, candidates) : new Set<number>();
    const sweep = {
      startedAt: ctx.now.toISOString(),
      missing: candidates.filter((id) => !confirmed.has(id)),
      returned: known.filter((c) => c.deleted && seen.has(Number(c.id))).map((c) => Number(c.id)),
    };
    yield { items: [sweep], highWaterAt: ctx.now, label: `${seen.size} listed, ${sweep.missing.length} gone` };
  },
  map(raw) {
    const r: Obj = asObject(raw, 'sweep');
    return { startedAt: new Date(String(r.startedAt)), missing: r.missing as number[], returned: r.returned as number[] };
  },
  async write(tx, rows, ctx) {
    const loc = locationOf(ctx);
    let counts = zeroCounts();
    for (const row of rows) {
      // The conditions are checked again here: the clients stream may have written since the listing.
      const marked = await tx.execute(sql`
        update altegio.clients set deleted_at = now(), synced_at = now()
        where location_id = ${loc} and deleted_at is null and id = any(${idArray(row.missing)})
          and (last_change_at is null or last_change_at < ${row.startedAt.toISOString()}::timestamptz)
        returning id`);
      const cleared = await tx.execute(sql`
        update altegio.clients set deleted_at = null, synced_at = now()
        where location_id = ${loc} and deleted_at is not null and id = any(${idArray(row.returned)})
        returning id`);
      counts = addCounts(counts, { inserted: 0, updated: rowCount(marked) + rowCount(cleared), unchanged: 0 });
    }
    return counts;
  },
};

function rowCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  return (result as { rows?: unknown[] }).rows?.length ?? 0;
}
