import { and, eq, notInArray } from 'drizzle-orm';
import { loyaltyAnalytics, loyaltyAnalyticsStaff, type NewLoyaltyAnalytics, type NewLoyaltyAnalyticsStaff } from '../db/schema/index.js';
import { addCounts, upsertRows } from '../db/upsert.js';
import { extractLoyaltyStaff, extractLoyaltyVisits } from '../extractors/analytics.js';
import { asObject, calendarDate, decimal, integer, listField, objectField, requireId, text, type Obj } from '../sync/map.js';
import type { DateWindow, RunContext, StreamDef } from '../sync/types.js';
import { windowPages, type ChunkPage, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { ANALYTICS_RECENT_DAYS, locationOf } from './analytics.js';

/** One day's answers of both loyalty-program reports. */
interface LoyaltyDay {
  date: string;
  visits: unknown;
  staff: unknown[];
}

interface LoyaltyDayRows {
  date: string;
  day: NewLoyaltyAnalytics;
  staff: NewLoyaltyAnalyticsStaff[];
}

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

/** Both reports for one day: their client statistics only mean something for the range asked. */
async function* reportsOfDay(ctx: RunContext, day: DateWindow): AsyncGenerator<ChunkPage> {
  const { locationId } = locationOf(ctx);
  const visits = await extractLoyaltyVisits(ctx.client, locationId, day);
  const staff = await extractLoyaltyStaff(ctx.client, locationId, day);
  yield { items: [{ date: day.from, visits, staff } satisfies LoyaltyDay], page: 1, last: true };
}

/** Loyalty-program visit statistics per day, overall and per team member. */
export const loyaltyAnalyticsStream: StreamDef<LoyaltyDayRows, WindowCursor, WindowProgress> = {
  name: 'loyalty_analytics',
  scope: 'location',
  description: 'loyalty-program visit and client statistics per day and team member (GET .../analytics/loyalty_programs/{visits,staff})',
  cursor: 'recent_days',
  backfill: 'window',
  extract: (ctx, state) =>
    windowPages(ctx, state, { chunkDays: 1, recentDays: ANALYTICS_RECENT_DAYS, fetch: (day) => reportsOfDay(ctx, day) }),
  map(raw, ctx) {
    const answer = raw as LoyaltyDay;
    const { locationId } = locationOf(ctx);
    const visits = asObject(answer.visits, 'loyalty_programs/visits');
    const staff = answer.staff.map((item) => {
      const r = asObject(item, 'loyalty_programs/staff row');
      return { locationId, date: answer.date, staffId: requireId(r, 'staff_id'), staffName: text(r.staff_name, 'staff_name'), ...clientStatsColumns(r.client_stats), raw: r };
    });
    const day = { locationId, date: answer.date, ...visitsOfDay(visits.visits_stats_by_day, answer.date), ...clientStatsColumns(visits.client_stats), raw: visits as Obj };
    return { date: answer.date, day, staff };
  },
  // The staff report lists every team member: one it no longer lists for the day is gone.
  async write(tx, days, ctx) {
    const { locationId } = locationOf(ctx);
    let counts = await upsertRows(tx, loyaltyAnalytics, days.map((d) => d.day), ['locationId', 'date']);
    counts = addCounts(counts, await upsertRows(tx, loyaltyAnalyticsStaff, days.flatMap((d) => d.staff), ['locationId', 'date', 'staffId']));
    for (const d of days) {
      const t = loyaltyAnalyticsStaff;
      const ids = d.staff.map((s) => s.staffId);
      const gone = await tx
        .delete(t)
        .where(and(eq(t.locationId, locationId), eq(t.date, d.date), ids.length ? notInArray(t.staffId, ids) : undefined))
        .returning({ staffId: t.staffId });
      counts = { ...counts, updated: counts.updated + gone.length };
    }
    return counts;
  },
  sourceKey: (raw) => (raw as LoyaltyDay | null)?.date,
};
