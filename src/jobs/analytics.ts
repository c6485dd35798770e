import { and, eq } from 'drizzle-orm';
import { analyticsDaily, analyticsOverall, type NewAnalyticsDaily, type NewAnalyticsOverall } from '../db/schema/index.js';
import { deleteUnlisted } from '../db/unlisted.js';
import { upsertRows, upsertInto } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { DAILY_CHARTS, STRUCTURE_CHARTS, extractChart, extractOverall, type Chart } from '../extractors/analytics.js';
import { asObject, calendarDate, currencyOf, decimal, integer, objectField, text } from '../sync/map.js';
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
  cadence: 'aggregates',
  reads: 'recent_days',
  backfill: 'rereads-history',
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
    const block = (key: string) => objectField(r[key]);
    const money = (key: string) => decimal(block(key).current_sum, `${key}.current_sum`);
    // The live keys first; the reference's `current_sum` where a block has no other.
    const count = (key: string, field: string) => integer(block(key)[field] ?? block(key).current_sum, `${key}.${field}`);
    const records = block('record_stats');
    const clients = block('client_stats');
    const currency = currencyOf(block('income_total_stats').currency, 'income_total_stats.currency');
    return {
      locationId: locationOf(ctx),
      date: metaOf(day, 'analytics_overall').date,
      incomeTotal: money('income_total_stats'),
      incomeServices: money('income_services_stats'),
      incomeGoods: money('income_goods_stats'),
      incomeAverage: money('income_average_stats'),
      records: count('record_stats', 'current_total_count'),
      recordsCompleted: integer(records.current_completed_count, 'record_stats.current_completed_count'),
      recordsPending: integer(records.current_pending_count, 'record_stats.current_pending_count'),
      recordsCanceled: integer(records.current_canceled_count, 'record_stats.current_canceled_count'),
      clients: count('client_stats', 'total_count'),
      clientsNew: integer(clients.new_count, 'client_stats.new_count'),
      clientsReturning: integer(clients.return_count, 'client_stats.return_count'),
      clientsActive: integer(clients.active_count, 'client_stats.active_count'),
      clientsLost: integer(clients.lost_count, 'client_stats.lost_count'),
      fullness: decimal(block('fullness_stats').current_percent ?? block('fullness_stats').current_sum, 'fullness_stats.current_percent'),
      currency: currency.iso,
      currencySymbol: currency.symbol,
      raw: r,
    };
  },
  upsert: upsertInto(analyticsOverall, ['locationId', 'date']),
  sourceKey: (_raw, day) => day?.date,
  estimate: (f) => f.days,
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

/** One value of a chart: its series key (the stable `slug` where there is one, else the label), its x and value. */
interface ChartPoint {
  series: string;
  label: string | null;
  x: unknown;
  y: unknown;
}

/**
 * The points of a chart answer. Daily series are `{ label, slug?, data:
 * [[x, value]] }`; structure charts are rows `{ label, data: value }` (the
 * reference's `{ label, data: [[category, value]] }` is read too). The
 * label is translated (`Accept-Language`), the slug is not: rows key on it.
 */
function pointsOf(series: unknown[], chart: Chart): ChartPoint[] {
  return series.flatMap((s): ChartPoint[] => {
    const o = asObject(s, `${chart} series`);
    const label = text(o.label, 'label');
    const key = text(o.slug, 'slug') ?? label ?? '';
    if (!isDaily(chart) && !Array.isArray(o.data)) return [{ series: '', label, x: key, y: o.data }];
    if (!Array.isArray(o.data)) throw new RejectError(`${chart}: series "${key}" has no data list`);
    return o.data.map((point) => {
      if (!Array.isArray(point) || point.length < 2) throw new RejectError(`${chart}: a point is not [x, value]`);
      return { series: key, label, x: point[0], y: point[1] };
    });
  });
}

/**
 * A daily chart's x as the day it stands for. The API sends epoch
 * milliseconds at 00:00 UTC of the calendar date, whatever the location's
 * zone (a UTC+9 location's days are still UTC midnights): the day is the UTC
 * date of that instant. Any other instant (seconds, or a local midnight) is
 * read as the location-local day; a date text is the date.
 */
export function dayOf(x: unknown, timeZone: string): string | null {
  const n = typeof x === 'number' ? x : typeof x === 'string' && /^\d{9,13}$/.test(x) ? Number(x) : null;
  if (n === null) return calendarDate(x, 'chart date');
  const at = new Date(n >= 1e11 ? n : n * 1000);
  if (at.getTime() % 86_400_000 === 0) return at.toISOString().slice(0, 10);
  return localDate(at, timeZone);
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
    return { locationId, date, chart, label, value, raw: { series: p.series, label: p.label, point: [p.x, p.y] } };
  });
}

/** Chart values by day: revenue, appointments, occupancy, and appointments by source and by status. */
export const analyticsDailyStream: StreamDef<NewAnalyticsDaily[], WindowCursor, WindowProgress, ChartAnswer> = {
  name: 'analytics_daily',
  scope: 'location',
  // A missing analytics right answers 401 on the charts, as a bad token would.
  rightsAnswer401: true,
  description: 'chart values by day: revenue, appointments, occupancy, by source, by status (GET .../analytics/overall/charts/{chart})',
  cadence: 'aggregates',
  reads: 'recent_days',
  backfill: 'rereads-history',
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
  estimate: (f) => DAILY_CHARTS.length * Math.ceil(f.days / 7) + STRUCTURE_CHARTS.length * f.days,
};
