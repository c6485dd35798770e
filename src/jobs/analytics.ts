import { and, eq, notInArray } from 'drizzle-orm';
import { analyticsDaily, analyticsOverall, type NewAnalyticsDaily, type NewAnalyticsOverall } from '../db/schema/index.js';
import { addCounts, upsertRows, zeroCounts } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { DAILY_CHARTS, STRUCTURE_CHARTS, extractChart, extractOverall, type Chart } from '../extractors/analytics.js';
import { asObject, calendarDate, decimal, integer, objectField, text } from '../sync/map.js';
import type { DateWindow, RunContext, StreamDef } from '../sync/types.js';
import { windowPages, type ChunkPage, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { eachDate, localDate } from '../util/dates.js';

/**
 * Analytics of recent days change as records are paid, moved or cancelled;
 * incremental runs re-read this many local days up to today.
 */
export const ANALYTICS_RECENT_DAYS = 3;

/** The answer of a call for one day. */
export interface DayAnswer {
  date: string;
  data: unknown;
}

export function locationOf(ctx: RunContext): { locationId: number; timezone: string } {
  if (ctx.scope.kind !== 'location') throw new Error('analytics are per location');
  return { locationId: ctx.scope.locationId, timezone: ctx.scope.timezone };
}

async function* overallOfDay(ctx: RunContext, day: DateWindow): AsyncGenerator<ChunkPage> {
  const data = await extractOverall(ctx.client, locationOf(ctx).locationId, day);
  yield { items: [{ date: day.from, data } satisfies DayAnswer], page: 1, last: true };
}

/** Key metrics, one call per location-local day (a call aggregates its whole range). */
export const analyticsOverallStream: StreamDef<NewAnalyticsOverall, WindowCursor, WindowProgress> = {
  name: 'analytics_overall',
  scope: 'location',
  description: 'key metrics of each day: revenue, appointments, clients, occupancy (GET /company/{loc}/analytics/overall)',
  cursor: 'recent_days',
  backfill: 'window',
  extract: (ctx, state) =>
    windowPages(ctx, state, { chunkDays: 1, recentDays: ANALYTICS_RECENT_DAYS, fetch: (day) => overallOfDay(ctx, day) }),
  map(raw, ctx) {
    const { date, data } = raw as DayAnswer;
    const r = asObject(data, 'overall');
    const current = (key: string) => objectField(r[key]).current_sum;
    return {
      locationId: locationOf(ctx).locationId,
      date,
      incomeTotal: decimal(current('income_total_stats'), 'income_total_stats.current_sum'),
      incomeServices: decimal(current('income_services_stats'), 'income_services_stats.current_sum'),
      incomeGoods: decimal(current('income_goods_stats'), 'income_goods_stats.current_sum'),
      incomeAverage: decimal(current('income_average_stats'), 'income_average_stats.current_sum'),
      records: integer(current('record_stats'), 'record_stats.current_sum'),
      clients: integer(current('client_stats'), 'client_stats.current_sum'),
      fullness: decimal(current('fullness_stats'), 'fullness_stats.current_sum'),
      currency: text(objectField(r.income_total_stats).currency, 'income_total_stats.currency'),
      raw: r,
    };
  },
  write: (tx, rows) => upsertRows(tx, analyticsOverall, rows, ['locationId', 'date']),
  sourceKey: (raw) => (raw as DayAnswer | null)?.date,
};

/**
 * One chart answer and the day to take from it: a daily chart's answer covers
 * its whole chunk (each day takes its points), a structure chart's is that day's.
 */
interface ChartDay {
  date: string;
  chart: Chart;
  series: unknown[];
}

/** The rows of one chart and day: the complete set of its labels. */
interface ChartDayRows {
  date: string;
  chart: Chart;
  rows: NewAnalyticsDaily[];
}

const isDaily = (chart: Chart) => (DAILY_CHARTS as readonly string[]).includes(chart);

/** The points of a chart answer, each with its series label. */
function pointsOf(series: unknown[], chart: Chart): { series: string; x: unknown; y: unknown }[] {
  return series.flatMap((s) => {
    const o = asObject(s, `${chart} series`);
    const label = text(o.label, 'label') ?? '';
    if (!Array.isArray(o.data)) throw new RejectError(`${chart}: series "${label}" has no data list`);
    return o.data.map((point) => {
      if (!Array.isArray(point) || point.length < 2) throw new RejectError(`${chart}: a point is not [x, value]`);
      return { series: label, x: point[0], y: point[1] };
    });
  });
}

/** A daily chart's x: a date, or unix seconds, read as a location-local day. */
function dayOf(x: unknown, timeZone: string): string | null {
  if (typeof x === 'number' || (typeof x === 'string' && /^\d{9,11}$/.test(x))) return localDate(new Date(Number(x) * 1000), timeZone);
  return calendarDate(x, 'chart date');
}

/**
 * Page 1 of a chunk: each daily chart once for the whole chunk, split by day
 * (3 requests however long the chunk). Pages 2..: the structure charts of one
 * day each, since they only sum over their range.
 */
async function* chartsOfChunk(ctx: RunContext, chunk: DateWindow, startPage: number): AsyncGenerator<ChunkPage> {
  const { locationId } = locationOf(ctx);
  const days = eachDate(chunk.from, chunk.to);
  for (let page = startPage; page <= days.length + 1; page++) {
    const items: ChartDay[] = [];
    if (page === 1) {
      for (const chart of DAILY_CHARTS) {
        const series = await extractChart(ctx.client, locationId, chart, chunk);
        for (const date of days) items.push({ date, chart, series });
      }
    } else {
      const date = days[page - 2]!;
      for (const chart of STRUCTURE_CHARTS) items.push({ date, chart, series: await extractChart(ctx.client, locationId, chart, { from: date, to: date }) });
    }
    yield { items, page, last: page === days.length + 1 };
  }
}

/** One chart and day to rows: daily charts are labelled by series, structure charts by category. */
function chartRows(group: ChartDay, locationId: number, timeZone: string): NewAnalyticsDaily[] {
  let points = pointsOf(group.series, group.chart);
  if (isDaily(group.chart)) points = points.filter((p) => dayOf(p.x, timeZone) === group.date);
  const several = new Set(points.map((p) => p.series)).size > 1;
  return points.map((p) => {
    const label = isDaily(group.chart) ? p.series : several ? `${p.series} / ${String(p.x)}` : String(p.x);
    const value = decimal(p.y, `${group.chart} value`);
    if (value === null) throw new RejectError(`${group.chart} ${group.date} "${label}": no value`);
    return { locationId, date: group.date, chart: group.chart, label, value, raw: { series: p.series, point: [p.x, p.y] } };
  });
}

/** Chart values by day: revenue, appointments, occupancy, and appointments by source and by status. */
export const analyticsDailyStream: StreamDef<ChartDayRows, WindowCursor, WindowProgress> = {
  name: 'analytics_daily',
  scope: 'location',
  description: 'chart values by day: revenue, appointments, occupancy, by source, by status (GET .../analytics/overall/charts/{chart})',
  cursor: 'recent_days',
  backfill: 'window',
  extract: (ctx, state) =>
    windowPages(ctx, state, { chunkDays: 7, recentDays: ANALYTICS_RECENT_DAYS, fetch: (chunk, startPage) => chartsOfChunk(ctx, chunk, startPage) }),
  map(raw, ctx) {
    const group = raw as ChartDay;
    const { locationId, timezone } = locationOf(ctx);
    return { date: group.date, chart: group.chart, rows: chartRows(group, locationId, timezone) };
  },
  // A label missing from a complete answer for its day is gone (e.g. no more no-shows that day).
  async write(tx, groups, ctx) {
    const locationId = locationOf(ctx).locationId;
    let counts = await upsertRows(tx, analyticsDaily, groups.flatMap((g) => g.rows), ['locationId', 'date', 'chart', 'label']);
    for (const g of groups) {
      const t = analyticsDaily;
      const labels = g.rows.map((r) => r.label);
      const gone = await tx
        .delete(t)
        .where(and(eq(t.locationId, locationId), eq(t.date, g.date), eq(t.chart, g.chart), labels.length ? notInArray(t.label, labels) : undefined))
        .returning({ label: t.label });
      counts = addCounts(counts, { ...zeroCounts(), updated: gone.length });
    }
    return counts;
  },
  sourceKey: (raw) => `${(raw as ChartDay | null)?.chart}:${(raw as ChartDay | null)?.date}`,
};
