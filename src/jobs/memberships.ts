import { sql } from 'drizzle-orm';
import { memberships, type NewMembership } from '../db/schema/index.js';
import { upsertInto } from '../db/upsert.js';
import { extractMemberships } from '../extractors/loyalty.js';
import { asObject, bool, decimal, idOf, instant, integer, objectField, requireId, text } from '../sync/map.js';
import { chainOf } from '../sync/scope.js';
import type { StreamDef } from '../sync/types.js';
import { windowPages, type WindowCursor, type WindowProgress } from '../sync/windows.js';

/**
 * Memberships (`abonement`) can only be listed by creation date, yet their
 * balance and status change for months after. Incremental runs therefore
 * re-read the last RECENT_DAYS of sales (one or two requests); a backfill
 * refreshes older ones.
 */
const RECENT_DAYS = 31;
/** A first incremental run reads a year of sales: memberships rarely last longer. */
const INITIAL_DAYS = 365;

/** The page meta: time zones of the chain's locations, read once a run, since naive dates are the selling location's. */
type Zones = ReadonlyMap<number, string>;

/** Memberships sold in the chain, by creation date. */
export const membershipsStream: StreamDef<NewMembership, WindowCursor, WindowProgress, Zones> = {
  name: 'memberships',
  scope: 'chain',
  description: 'memberships sold in the chain, by creation date (GET /chain/{chain}/loyalty/abonements)',
  cadence: 'intraday',
  reads: 'date_window',
  backfill: 'rereads-history',
  async *extract(ctx, state) {
    const rows = await ctx.warehouse.query<{ id: number | string; timezone: string }>(sql`select id, timezone from altegio.locations`);
    const zones: Zones = new Map(rows.map((r) => [Number(r.id), r.timezone]));
    yield* windowPages(ctx, state, {
      chunkDays: 31,
      recentDays: RECENT_DAYS,
      initialDays: INITIAL_DAYS,
      // The chain's "today" is UTC's; locations east of UTC may be a day ahead.
      aheadDays: 1,
      async *fetch(chunk, startPage) {
        const pages = extractMemberships(ctx.client, { chainId: chainOf(ctx), ...chunk, pageSize: ctx.config.altegio.pageSize, startPage });
        for await (const page of pages) yield { ...page, meta: zones };
      },
    });
  },
  map(raw, ctx, zones) {
    const r = asObject(raw, 'membership');
    const status = objectField(r.status);
    const client = objectField(r.client);
    const locationId = integer(r.company_id ?? r.salon_id ?? r.location_id, 'company_id');
    const zone = (locationId !== null ? zones?.get(locationId) : undefined) ?? 'UTC';
    return {
      id: requireId(r, 'id'),
      chainId: chainOf(ctx),
      locationId,
      typeId: integer(r.type_id ?? objectField(r.type).id, 'type_id'),
      number: text(r.number, 'number'),
      balance: integer(r.united_balance_services_count ?? r.balance, 'united_balance_services_count'),
      balanceText: text(r.balance_string, 'balance_string'),
      statusId: integer(r.status_id ?? status.id, 'status_id'),
      status: text(status.title, 'status.title'),
      isFrozen: bool(r.is_frozen, 'is_frozen'),
      createdAt: instant(r.created_date ?? r.created_at, 'created_date', zone),
      expiresAt: instant(r.expiration_date ?? r.expires_at, 'expiration_date', zone),
      clientId: integer(r.client_id ?? client.id, 'client_id'),
      clientPhone: text(r.client_phone ?? client.phone, 'client_phone'),
      cost: decimal(r.cost, 'cost'),
      deletedAt: null,
      raw: r,
    };
  },
  upsert: upsertInto(memberships, ['id']),
  sourceKey: idOf,
  estimate: (f) => Math.ceil(f.days / 31),
};
