import { and, eq, sql } from 'drizzle-orm';
import { loyaltyAnalytics, loyaltyAnalyticsStaff, type NewLoyaltyAnalytics, type NewLoyaltyAnalyticsStaff } from '../db/schema/index.js';
import { deleteUnlisted } from '../db/unlisted.js';
import { addCounts, upsertRows } from '../db/upsert.js';
import { extractLoyaltyStaff, extractLoyaltyVisits } from '../extractors/analytics.js';
import { asObject, calendarDate, decimal, integer, listField, listedIds, objectField, requireId, text, type Obj } from '../sync/map.js';
import { locationOf, metaOf } from '../sync/scope.js';
import type { DateWindow, RunContext, StreamDef } from '../sync/types.js';
import { requestPages, windowPages, type PageRequest, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { ANALYTICS_RECENT_DAYS } from './analytics.js';

/**
 * The meta of a page: which of a program's two reports of a day it holds.
 * The visits report is one record; the staff report lists every team
 * member, so it carries the ids it listed (a rejected row still counts as listed).
 */
type LoyaltyReport =
  | { date: string; programId: number; report: 'visits' }
  | { date: string; programId: number; report: 'staff'; staffIds: number[] };

type LoyaltyRow = { day: NewLoyaltyAnalytics } | { staff: NewLoyaltyAnalyticsStaff };

/**
 * `client_stats { new, old, total: { all_count, lost_count, returned_count,
 * returned_percent } }` as columns. A flat `client_stats` (the staff report
 * sends one) is the total.
 */
function clientStatsColumns(raw: unknown) {
  const stats = objectField(raw);
  const flat = !('total' in stats) && 'all_count' in stats;
  const part = (key: string) => {
    if (flat && key !== 'total') return { all: null, lost: null, returned: null, percent: null };
    const p = flat ? stats : objectField(stats[key]);
    return {
      all: integer(p.all_count, `client_stats.${key}.all_count`),
      lost: integer(p.lost_count, `client_stats.${key}.lost_count`),
      returned: integer(p.returned_count, `client_stats.${key}.returned_count`),
      percent: decimal(p.returned_percent, `client_stats.${key}.returned_percent`),
    };
  };
  const [n, o, t] = [part('new'), part('old'), part('total')];
  return {
    newClients: n.all,
    newLost: n.lost,
    newReturned: n.returned,
    newReturnedPercent: n.percent,
    oldClients: o.all,
    oldLost: o.lost,
    oldReturned: o.returned,
    oldReturnedPercent: o.percent,
    totalClients: t.all,
    totalLost: t.lost,
    totalReturned: t.returned,
    totalReturnedPercent: t.percent,
  };
}

/** The day's entries of `visits_stats_by_day` (the example shows a date twice, so they are summed). */
function visitsOfDay(byDay: unknown, date: string): { newVisits: number | null; oldVisits: number | null } {
  const entries = listField(byDay).map((e) => asObject(e, 'visits_stats_by_day entry'));
  const ofDay = entries.filter((e) => calendarDate(e.date, 'visits_stats_by_day.date') === date);
  if (ofDay.length === 0) return { newVisits: null, oldVisits: null };
  const sum = (key: string) => ofDay.reduce((s, e) => s + (integer(e[key], `visits_stats_by_day.${key}`) ?? 0), 0);
  return { newVisits: sum('new_count'), oldVisits: sum('old_count') };
}

/** A staff row's team member: `staff.id` (the reference's older rows: `staff_id`). */
function staffIdOf(row: unknown): unknown {
  const r = (row ?? {}) as Obj;
  return objectField(r.staff).id ?? r.staff_id;
}

/**
 * Both reports of each program for one day, a page each: their client
 * statistics only mean something for the range asked, and the API asks for
 * one program at a time.
 */
function reportsOfDay(ctx: RunContext, programIds: readonly number[], day: DateWindow): PageRequest<LoyaltyReport>[] {
  const date = day.from;
  const loc = locationOf(ctx);
  return programIds.flatMap((programId): PageRequest<LoyaltyReport>[] => [
    async () => ({ items: [await extractLoyaltyVisits(ctx.client, loc, programId, day)], meta: { date, programId, report: 'visits' } }),
    async () => {
      const staff = await extractLoyaltyStaff(ctx.client, loc, programId, day);
      const staffIds = listedIds(staff.map((row) => ({ id: staffIdOf(row) })));
      return { items: staff, meta: { date, programId, report: 'staff', staffIds } };
    },
  ]);
}

/** The location's live loyalty programs, as the loyalty_programs stream left them (it runs first). */
async function programsOf(ctx: RunContext): Promise<number[]> {
  const rows = await ctx.warehouse.query<{ id: string | number }>(
    sql`select id from altegio.loyalty_programs where location_id = ${locationOf(ctx)} and deleted_at is null order by id`,
  );
  return rows.map((r) => Number(r.id));
}

/** Loyalty-program visit statistics per day, overall and per team member. */
export const loyaltyAnalyticsStream: StreamDef<LoyaltyRow, WindowCursor, WindowProgress, LoyaltyReport> = {
  name: 'loyalty_analytics',
  scope: 'location',
  description: 'loyalty-program visit and client statistics per day and team member (GET .../analytics/loyalty_programs/{visits,staff})',
  cadence: 'aggregates',
  reads: 'recent_days',
  backfill: 'rereads-history',
  module: 'loyalty',
  async *extract(ctx, state) {
    const programIds = await programsOf(ctx);
    yield* windowPages(ctx, state, {
      chunkDays: 1,
      recentDays: ANALYTICS_RECENT_DAYS,
      fetch: (day, startPage) => requestPages(reportsOfDay(ctx, programIds, day), startPage),
    });
  },
  map(raw, ctx, page) {
    const { date, programId, report } = metaOf(page, 'loyalty_analytics');
    const locationId = locationOf(ctx);
    if (report === 'staff') {
      const r = asObject(raw, 'loyalty_programs/staff row');
      const staffId = requireId({ 'staff.id': staffIdOf(r) }, 'staff.id');
      const staffName = text(objectField(r.staff).name ?? r.staff_name, 'staff.name');
      return { staff: { locationId, date, programId, staffId, staffName, ...clientStatsColumns(r.client_stats), raw: r } };
    }
    const visits = asObject(raw, 'loyalty_programs/visits');
    const counts = { ...visitsOfDay(visits.visits_stats_by_day, date), ...clientStatsColumns(visits.client_stats) };
    return { day: { locationId, date, programId, ...counts, raw: visits as Obj } };
  },
  // The staff report lists every team member: one it no longer lists for the day is gone.
  async write(tx, rows, ctx, page) {
    const days = rows.flatMap((r) => ('day' in r ? [r.day] : []));
    const staff = rows.flatMap((r) => ('staff' in r ? [r.staff] : []));
    const counts = addCounts(
      await upsertRows(tx, loyaltyAnalytics, days, ['locationId', 'date', 'programId']),
      await upsertRows(tx, loyaltyAnalyticsStaff, staff, ['locationId', 'date', 'programId', 'staffId']),
    );
    if (page?.report !== 'staff') return counts;
    const t = loyaltyAnalyticsStaff;
    const slice = and(eq(t.locationId, locationOf(ctx)), eq(t.date, page.date), eq(t.programId, page.programId));
    const gone = await deleteUnlisted(tx, t, slice, t.staffId, page.staffIds);
    return { ...counts, updated: counts.updated + gone };
  },
  sourceKey: (raw, page) => {
    if (!page) return undefined;
    const staff = staffIdOf(raw);
    return page.report === 'staff' ? `${page.programId}:${page.date}:${String(staff)}` : `${page.programId}:${page.date}`;
  },
  estimate: (f) => 2 * f.programs * f.days,
};
