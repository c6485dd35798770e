import { and, eq } from 'drizzle-orm';
import { analyticsDaily, analyticsOverall, type NewAnalyticsDaily, type NewAnalyticsOverall } from '../db/schema/index.js';
import { deleteUnlisted } from '../db/unlisted.js';
import { upsertRows, upsertStream } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { DAILY_CHARTS, STRUCTURE_CHARTS, extractChart, extractOverall, type Chart } from '../extractors/analytics.js';
import { asObject, calendarDate, decimal, integer, objectField, text } from '../sync/map.js';
import { locationOf, metaOf, zoneOf } from '../sync/scope.js';
import type { DateWindow, RunContext, StreamDef } from '../sync/types.js';
import { requestPages, windowPages, type PageRequest, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { eachDate, localDate } from '../util/dates.js';

/**
 * Analytics of recent days change as records are paid, moved or cancelled;
 * incremental runs re-read this many local days up to today.
 */
export const ANALYTICS_RECENT_DAYS = 3;

/** The meta of a page holding the answer of a call for one location-local day. */
export interface OfDay {
  date: string;
}

/** Key metrics, one call per location-local day (a call aggregates its whole range). */
export const analyticsOverallStream: StreamDef<NewAnalyticsOverall, WindowCursor, WindowProgress, OfDay> = {
  name: 'analytics_overall',
  scope: 'location',
  description: 'key metrics of each day: revenue, appointments, clients, occupancy (GET /company/{loc}/analytics/overall)',
  cursor: 'recent_days',
  backfill: 'window',
  extract: (ctx, state) =>
    windowPages(ctx, state, {
      chunkDays: 1,
      recentDays: ANALYTICS_RECENT_DAYS,
      async *fetch(day) {
        yield { items: [await extractOverall(ctx.client, locationOf(ctx), day)], page: 1, last: true, meta: { date: day.from } };
      },
    }),
  map(raw, ctx, day) {
    const r = asObject(raw, 'overall');
    const current = (key: string) => objectField(r[key]).current_sum;
    return {
      locationId: locationOf(ctx),
      date: metaOf(day, 'analytics_overall').date,
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
  ...upsertStream(analyticsOverall, ['locationId', 'date']),
  sourceKey: (_raw, day) => day?.date,
};

/**
 * The meta of a page holding one chart answer (its series list, the page's
 * one record): the chart, and the days it covers. A daily chart's answer
 * covers its whole chunk (each day takes its points), a structure chart's
 * only the day it was asked for.
 */
interface ChartAnswer {
  chart: Chart;
  dates: string[];
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
 * The requests of a chunk, a page each: every daily chart once for the whole
 * chunk (3 requests however long the chunk), then the structure charts of
 * each day, since they only sum over their range.
 */
function chartRequests(ctx: RunContext, chunk: DateWindow): PageRequest<ChartAnswer>[] {
  const ask = (chart: Chart, dates: string[]): PageRequest<ChartAnswer> => async () => {
    const series = await extractChart(ctx.client, locationOf(ctx), chart, { from: dates[0]!, to: dates.at(-1)! });
    return { items: [series], meta: { chart, dates } };
  };
  const days = eachDate(chunk.from, chunk.to);
  return [...DAILY_CHARTS.map((chart) => ask(chart, days)), ...days.flatMap((date) => STRUCTURE_CHARTS.map((chart) => ask(chart, [date])))];
}

/** One chart answer for one day to rows: daily charts are labelled by series, structure charts by category. */
function chartRows(series: unknown[], chart: Chart, date: string, locationId: number, timeZone: string): NewAnalyticsDaily[] {
  let points = pointsOf(series, chart);
  if (isDaily(chart)) points = points.filter((p) => dayOf(p.x, timeZone) === date);
  const several = new Set(points.map((p) => p.series)).size > 1;
  return points.map((p) => {
    const label = isDaily(chart) ? p.series : several ? `${p.series} / ${String(p.x)}` : String(p.x);
    const value = decimal(p.y, `${chart} value`);
    if (value === null) throw new RejectError(`${chart} ${date} "${label}": no value`);
    return { locationId, date, chart, label, value, raw: { series: p.series, point: [p.x, p.y] } };
  });
}

/** Chart values by day: revenue, appointments, occupancy, and appointments by source and by status. */
export const analyticsDailyStream: StreamDef<NewAnalyticsDaily[], WindowCursor, WindowProgress, ChartAnswer> = {
  name: 'analytics_daily',
  scope: 'location',
  description: 'chart values by day: revenue, appointments, occupancy, by source, by status (GET .../analytics/overall/charts/{chart})',
  cursor: 'recent_days',
  backfill: 'window',
  extract: (ctx, state) =>
    windowPages(ctx, state, {
      chunkDays: 7,
      recentDays: ANALYTICS_RECENT_DAYS,
      fetch: (chunk, startPage) => requestPages(chartRequests(ctx, chunk), startPage),
    }),
  map(raw, ctx, answer) {
    const { chart, dates } = metaOf(answer, 'analytics_daily');
    if (!Array.isArray(raw)) throw new RejectError(`${chart} is not a list of series`);
    return dates.flatMap((date) => chartRows(raw, chart, date, locationOf(ctx), zoneOf(ctx)));
  },
  // A label missing from a complete answer for its day is gone (e.g. no more no-shows that day).
  // A rejected answer maps to nothing and leaves its days alone.
  async write(tx, answers, ctx, answer) {
    const written = await upsertRows(tx, analyticsDaily, answers.flat(), ['locationId', 'date', 'chart', 'label']);
    if (!answer || answers.length === 0) return written;
    const t = analyticsDaily;
    let gone = 0;
    for (const date of answer.dates) {
      const labels = answers.flat().filter((r) => r.date === date).map((r) => r.label);
      gone += await deleteUnlisted(tx, t, and(eq(t.locationId, locationOf(ctx)), eq(t.date, date), eq(t.chart, answer.chart)), t.label, labels);
    }
    return { ...written, updated: written.updated + gone };
  },
  sourceKey: (_raw, answer) => (answer ? `${answer.chart}:${answer.dates[0]}` : undefined),
};
