import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { clients } from '../db/schema/index.js';
import { idArray, markGone } from '../db/unlisted.js';
import { zeroCounts } from '../db/upsert.js';
import { extractClientIds } from '../extractors/client-ids.js';
import { countClients } from '../extractors/clients.js';
import { AltegioForbiddenError } from '../errors.js';
import { locationOf } from '../sync/scope.js';
import type { RunContext, StreamDef } from '../sync/types.js';
import { CLIENTS_LANE } from './clients.js';

/** What one complete sweep found: the meta of its last page, written in one transaction. */
export interface SweepFound {
  /** Start of the sweep: clients changed since then may be missing only because they are new. */
  startedAt: Date;
  /** Live in the warehouse, absent from the listing: deleted at the source. */
  missing: number[];
  /** Marked deleted in the warehouse, listed again: restored at the source. */
  returned: number[];
}

/** Every id of the search listing; throws (marking nothing) unless paging ran to the end. */
async function* listClientIds(ctx: RunContext, seen: Set<number>) {
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
 * What the search lists follows the user's client rights; `GET /clients`
 * is counted before and after it. A search that lists fewer clients than
 * both counts cannot tell a deleted client from one this user may not see,
 * so the sweep is unavailable to this account rather than wrong.
 */
async function checkVisible(ctx: RunContext, listed: number, before: number | undefined): Promise<void> {
  const after = await countClients(ctx.client, locationOf(ctx));
  const all = Math.min(before ?? Infinity, after ?? Infinity);
  if (Number.isFinite(all) && listed < all) {
    const endpoint = 'POST /company/{loc}/clients/search';
    throw new AltegioForbiddenError(
      `${endpoint}: the client search lists ${listed} of the ${all} clients that GET /clients lists: the user's client rights ` +
        'hide the rest, so a deleted client cannot be told from a hidden one and nothing is marked; give the user of ' +
        'ALTEGIO_USER_TOKEN access to the whole client base to detect deletions',
      endpoint,
      200,
    );
  }
}

/** Refuses to mark more than the configured share of the location's live clients deleted at once (an API glitch, not a purge). */
function checkShare(ctx: RunContext, missing: number, live: number): void {
  const percent = ctx.config.sync.sweepMaxDeletedPercent;
  const limit = Math.max(1, Math.ceil((live * percent) / 100));
  if (missing <= limit) return;
  throw new Error(
    `client sweep: ${missing} of the ${live} live clients of ${ctx.scope.key} (${((missing / live) * 100).toFixed(1)} %) are missing from ` +
      `the search, more than ALTEGIO_SWEEP_MAX_DELETED_PERCENT=${percent} % allows in one sweep; nothing marked. If they really ` +
      'were deleted, run `altegio-sync sync --streams client_sweep --allow-mass-deletion` (or raise the variable)',
  );
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
export const clientSweepStream: StreamDef<never, unknown, unknown, SweepFound> = {
  name: 'client_sweep',
  scope: 'location',
  description: 'flags clients deleted at the source (POST /company/{loc}/clients/search, ids only)',
  cadence: 'sweep',
  reads: 'full_refresh',
  backfill: 'reads-everything',
  lane: CLIENTS_LANE,
  async *extract(ctx) {
    const loc = locationOf(ctx);
    const seen = new Set<number>();
    const before = await countClients(ctx.client, loc);
    for await (const label of listClientIds(ctx, seen)) yield { items: [], label };
    await checkVisible(ctx, seen.size, before);
    const known = await ctx.warehouse.query<{ id: number | string; deleted: boolean; recent: boolean }>(
      sql`select id, deleted_at is not null as deleted, coalesce(last_change_at >= ${ctx.now.toISOString()}::timestamptz, false) as recent
          from altegio.clients where location_id = ${loc}`,
    );
    const candidates = known.filter((c) => !c.deleted && !c.recent && !seen.has(Number(c.id))).map((c) => Number(c.id));
    const confirmed = candidates.length > 0 ? await stillListed(ctx, candidates) : new Set<number>();
    checkShare(ctx, candidates.length - confirmed.size, known.filter((c) => !c.deleted).length);
    const found = {
      startedAt: ctx.now,
      missing: candidates.filter((id) => !confirmed.has(id)),
      returned: known.filter((c) => c.deleted && seen.has(Number(c.id))).map((c) => Number(c.id)),
    };
    yield { items: [], meta: found, highWaterAt: ctx.now, label: `${seen.size} listed, ${found.missing.length} gone` };
  },
  // The sweep lists ids, not records: there is nothing to map.
  map() {
    throw new Error('client_sweep yields no records');
  },
  // Every page of ids, and the two counts it is checked against.
  estimate: (f) => Math.ceil(f.clients / f.pageSize) + 2,
  async write(tx, _rows, ctx, found) {
    if (!found) return zeroCounts();
    const here = eq(clients.locationId, locationOf(ctx));
    // The conditions are checked again here: the clients stream may have written since the listing.
    const unchanged = or(isNull(clients.lastChangeAt), lt(clients.lastChangeAt, found.startedAt));
    const marked = await markGone(tx, clients, and(here, sql`${clients.id} = any(${idArray(found.missing)})`, unchanged));
    const cleared = await tx
      .update(clients)
      .set({ deletedAt: null, syncedAt: sql`now()` })
      .where(and(here, isNotNull(clients.deletedAt), sql`${clients.id} = any(${idArray(found.returned)})`))
      .returning({ id: clients.id });
    return { ...zeroCounts(), updated: marked + cleared.length };
  },
};
