/** Analytics: key metrics of a period and the daily and structure charts. */
import { decimalText, fromMilli, percentOf, roundTo, type Milli } from '../money.js';
import { addDays, datesBetween, parseDate } from '../time.js';
import { notFound, ok, type Reply } from '../http/envelope.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { capacitySec, dayFigures, firstVisits, periodFigures, type PeriodFigures } from '../derive/analytics.js';
import { CURRENCIES } from '../world/catalog.js';
import type { LocationData } from '../world/types.js';
import { analyticsRange, locationOf, requireAnalytics } from './common.js';

/** Change in whole percent; null when the previous value is 0 and the current is not (the API's rule). */
export function changePercent(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return Math.round(((current - previous) / previous) * 100);
}

/** A percentage of a total, null when the total is 0. */
function shareOrNull(part: number, total: number): number | null {
  return total === 0 ? null : percentOf(part, total);
}

function currencyJson(data: LocationData): Record<string, unknown> {
  const iso = data.loc.currency;
  const c = CURRENCIES[iso];
  return { id: c?.id ?? 0, iso, name: c?.name ?? iso, symbol: data.loc.currencySymbol, is_symbol_after_amount: c?.symbolAfterAmount ?? false };
}

/** Income blocks print money as exact decimal strings, each with its own currency object. */
function income(current: Milli, previous: Milli, currency: Record<string, unknown>) {
  return { current_sum: decimalText(current), previous_sum: decimalText(previous), change_percent: changePercent(current, previous), currency };
}

function average(total: Milli, count: number, unit: Milli): Milli {
  return count === 0 ? 0 : roundTo(total / count, unit);
}

function recordStats(cur: PeriodFigures, prev: PeriodFigures) {
  const total = cur.records;
  const completed = cur.visitRecords;
  const canceled = cur.noShows;
  const pending = total - completed - canceled;
  return {
    current_completed_count: completed,
    current_completed_percent: shareOrNull(completed, total),
    current_pending_count: pending,
    current_pending_percent: shareOrNull(pending, total),
    current_canceled_count: canceled,
    current_canceled_percent: shareOrNull(canceled, total),
    current_total_count: total,
    previous_total_count: prev.records,
    change_percent: changePercent(total, prev.records),
  };
}

/**
 * total: clients who came (attendance 1) in the period; new: those whose first visit
 * ever is in the period; lost: clients who came in the previous period but not in
 * this one. Percentages are of total (0 when there is none).
 */
function clientStats(data: LocationData, ctx: Ctx, cur: PeriodFigures, prev: PeriodFigures, from: string) {
  const first = firstVisits(ctx.world, data);
  const total = cur.clients.size;
  let fresh = 0;
  for (const c of cur.clients) if ((first.get(c) ?? '') >= from) fresh++;
  let lost = 0;
  for (const c of prev.clients) if (!cur.clients.has(c)) lost++;
  return {
    total_count: total,
    new_count: fresh,
    new_percent: percentOf(fresh, total),
    return_count: total - fresh,
    return_percent: percentOf(total - fresh, total),
    active_count: total,
    lost_count: lost,
    lost_percent: percentOf(lost, total),
  };
}

/** Key metrics of [date_from, date_to] against the period of the same length just before it. */
function overall(ctx: Ctx): Reply {
  const data = locationOf(ctx);
  requireAnalytics(ctx, data, 'report');
  const { from, to } = analyticsRange(ctx);
  const days = datesBetween(from, to).length;
  const cur = periodFigures(ctx.world, data, from, to);
  const prev = periodFigures(ctx.world, data, addDays(from, -days), addDays(from, -1));
  const money = currencyJson(data);
  const unit = data.loc.unit;
  return ok({
    income_total_stats: income(cur.income, prev.income, money),
    income_services_stats: income(cur.incomeServices, prev.incomeServices, money),
    income_goods_stats: income(cur.incomeGoods, prev.incomeGoods, money),
    income_average_stats: income(average(cur.income, cur.visitRecords, unit), average(prev.income, prev.visitRecords, unit), money),
    income_average_services_stats: income(
      average(cur.incomeServices, cur.visitRecords, unit),
      average(prev.incomeServices, prev.visitRecords, unit),
      money,
    ),
    fullness_stats: {
      current_percent: cur.fullness,
      previous_percent: prev.fullness,
      // Always a number here: 0 when there was no previous occupancy.
      change_percent: changePercent(cur.fullness, prev.fullness) ?? 0,
    },
    record_stats: recordStats(cur, prev),
    client_stats: clientStats(data, ctx, cur, prev, from),
  });
}

/** Daily points are [epoch ms at 00:00 UTC of the calendar date, value], whatever the location's zone. */
const utcMidnight = (date: string): number => parseDate(date) ?? 0;

const SOURCES = [
  ['admin', 'Administrator'],
  ['online', 'Online booking form'],
  ['mobile', 'Client mobile app'],
] as const;
const STATUSES = [
  ['1', 'Came'],
  ['2', 'Confirmed'],
  ['0', 'Expectation'],
  ['-1', 'Did not come'],
] as const;

/** The chart body: a bare JSON array, no envelope (errors keep the envelope). */
function chartBody(ctx: Ctx, data: LocationData, from: string, to: string): unknown[] {
  const days = datesBetween(from, to).map((d) => dayFigures(ctx.world, data, d));
  const series = (pick: (d: (typeof days)[number]) => number) => days.map((d) => [utcMidnight(d.date), pick(d)]);
  switch (ctx.params.chart) {
    case 'income_daily':
      return [
        { label: 'Earnings', slug: 'income_total', data: series((d) => fromMilli(d.income)) },
        { label: 'Services', slug: 'income_services', data: series((d) => fromMilli(d.incomeServices)) },
        { label: 'Products', slug: 'income_goods', data: series((d) => fromMilli(d.incomeGoods)) },
      ];
    case 'records_daily':
      // No slug on this chart: the order of the three series is the only contract.
      return [
        { label: 'Number of appointments', data: series((d) => d.records) },
        { label: 'Number of online bookings', data: series((d) => d.bySource.online + d.bySource.mobile) },
        { label: 'Number of appointments from new clients', data: series((d) => d.newClientRecords) },
      ];
    case 'fullness_daily':
      return [
        { label: 'Workday occupancy, %', slug: 'fullness_spent', data: series((d) => percentOf(d.bookedSec, capacitySec(data))) },
        { label: 'No-shows, %', slug: 'fullness_no_show', data: series((d) => percentOf(d.noShows, d.records)) },
      ];
    case 'record_source':
      return SOURCES.map(([k, label]) => ({ label, data: days.reduce((s, d) => s + d.bySource[k], 0) }));
    case 'record_status':
      return STATUSES.map(([k, label]) => ({ label, data: days.reduce((s, d) => s + (d.byAttendance[k] ?? 0), 0) }));
    default:
      throw notFound(`Unknown chart ${ctx.params.chart ?? ''}`);
  }
}

function chart(ctx: Ctx): Reply {
  const data = locationOf(ctx);
  requireAnalytics(ctx, data, 'chart');
  const { from, to } = analyticsRange(ctx);
  return { status: 200, body: chartBody(ctx, data, from, to) };
}

export const analyticsRoutes: Route[] = [
  route('GET', '/company/{loc}/analytics/overall', overall),
  route('GET', '/company/{loc}/analytics/overall/charts/{chart}', chart),
];
