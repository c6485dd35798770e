import { and, eq } from 'drizzle-orm';
import { loyaltyAnalytics, loyaltyAnalyticsStaff, type NewLoyaltyAnalytics, type NewLoyaltyAnalyticsStaff } from '../db/schema/index.js';
import { deleteUnlisted } from '../db/unlisted.js';
import { addCounts, upsertRows } from '../db/upsert.js';
import { extractLoyaltyStaff, extractLoyaltyVisits } from '../extractors/analytics.js';
import { asObject, calendarDate, decimal, integer, keyOf, listField, listedIds, objectField, requireId, text, type Obj } from '../sync/map.js';
import { locationOf, metaOf } from '../sync/scope.js';
import type { DateWindow, RunContext, StreamDef } from '../sync/types.js';
import { requestPages, windowPages, type PageRequest, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { ANALYTICS_RECENT_DAYS } from './analytics.js';

/**
 * The meta of a page: which of the day's two reports it holds. The visits
 * report is one record; the staff report lists every team member, so it
 * carries the ids it listed (a rejected row still counts as listed).
 */
type LoyaltyReport = { date: string; report: 'visits' } | { date: string; report: 'staff'; staffIds: number[] };

type LoyaltyRow = { day: NewLoyaltyAnalytics } | { staff: NewLoyaltyAnalyticsStaff };

/** `client_stats { new, old, total: { all_count, lost_count, returned_count, returned_percent } }` as columns. */
function clientStatsColumns(raw: unknown) {
  const stats = objectField(raw);
  const part = (key: string) => {
    const p = objectField(stats[key]);
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

/** Both reports of one day, a page each: their client statistics only mean something for the range asked. */
function reportsOfDay(ctx: RunContext, day: DateWindow): PageRequest<LoyaltyReport>[] {
  const date = day.from;
  return [
    async () => ({ items: [await extractLoyaltyVisits(ctx.client, locationOf(ctx), day)], meta: { date, report: 'visits' } }),
    async () => {
      const staff = await extractLoyaltyStaff(ctx.client, locationOf(ctx), day);
      return { items: staff, meta: { date, report: 'staff', staffIds: listedIds(staff, 'staff_id') } };
    },
  ];
}

/** Loyalty-program visit statistics per day, overall and per team member. */
export const loyaltyAnalyticsStream: StreamDef<LoyaltyRow, WindowCursor, WindowProgress, LoyaltyReport> = {
  name: 'loyalty_analytics',
  scope: 'location',
  description: 'loyalty-program visit and client statistics per day and team member (GET .../analytics/loyalty_programs/{visits,staff})',
  cursor: 'recent_days',
  backfill: 'window',
  extract: (ctx, state) =>
    windowPages(ctx, state, {
      chunkDays: 1,
      recentDays: ANALYTICS_RECENT_DAYS,
      fetch: (day, startPage) => requestPages(reportsOfDay(ctx, day), startPage),
    }),
  map(raw, ctx, page) {
    const { date, report } = metaOf(page, 'loyalty_analytics');
    const locationId = locationOf(ctx);
    if (report === 'staff') {
      const r = asObject(raw, 'loyalty_programs/staff row');
      const staffId = requireId(r, 'staff_id');
      const staffName = text(r.staff_name, 'staff_name');
      return { staff: { locationId, date, staffId, staffName, ...clientStatsColumns(r.client_stats), raw: r } };
    }
    const visits = asObject(raw, 'loyalty_programs/visits');
    const counts = { ...visitsOfDay(visits.visits_stats_by_day, date), ...clientStatsColumns(visits.client_stats) };
    return { day: { locationId, date, ...counts, raw: visits as Obj } };
  },
  // The staff report lists every team member: one it no longer lists for the day is gone.
  async write(tx, rows, ctx, page) {
    const days = rows.flatMap((r) => ('day' in r ? [r.day] : []));
    const staff = rows.flatMap((r) => ('staff' in r ? [r.staff] : []));
    const counts = addCounts(
      await upsertRows(tx, loyaltyAnalytics, days, ['locationId', 'date']),
      await upsertRows(tx, loyaltyAnalyticsStaff, staff, ['locationId', 'date', 'staffId']),
    );
    if (page?.report !== 'staff') return counts;
    const t = loyaltyAnalyticsStaff;
    const gone = await deleteUnlisted(tx, t, and(eq(t.locationId, locationOf(ctx)), eq(t.date, page.date)), t.staffId, page.staffIds);
    return { ...counts, updated: counts.updated + gone };
  },
  sourceKey: (raw, page) => (page?.report === 'staff' ? keyOf(raw, 'staff_id') : page?.date),
};
