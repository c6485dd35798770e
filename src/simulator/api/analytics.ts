/** Analytics: key metrics, daily charts and loyalty-program visit statistics. */
import { averageOf, fromMilli, percentOf } from '../money.js';
import { addDays, datesBetween, parseDate, DAY_MS } from '../time.js';
import { invalid, notFound, ok } from '../http/envelope.js';
import { dateParam } from '../http/params.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { capacitySec, dayFigures, firstVisits, periodFigures } from '../derive/analytics.js';
import { liveRecordsByDate } from '../derive/views.js';
import type { LocationData } from '../world/types.js';
import { locationOf } from './common.js';

function range(ctx: Ctx): { from: string; to: string } {
  const from = dateParam(ctx.query, 'date_from', true)!;
  const to = dateParam(ctx.query, 'date_to', true)!;
  if (to < from) throw invalid('date_to', 'date_to must not be before date_from');
  if (((parseDate(to) ?? 0) - (parseDate(from) ?? 0)) / DAY_MS > 3660) throw invalid('date_to', 'the range must not exceed ten years');
  return { from, to };
}

function stat(current: number, previous: number, currency: string) {
  return {
    current_sum: current,
    previous_sum: previous,
    change_percent: previous === 0 ? 0 : percentOf(current - previous, previous),
    currency,
  };
}

/** Key metrics of [date_from, date_to] against the period of the same length just before it. */
function overall(ctx: Ctx) {
  const data = locationOf(ctx);
  const { from, to } = range(ctx);
  const days = datesBetween(from, to).length;
  const cur = periodFigures(ctx.world, data, from, to);
  const prev = periodFigures(ctx.world, data, addDays(from, -days), addDays(from, -1));
  const money = data.loc.currency;
  return ok({
    income_total_stats: stat(fromMilli(cur.income), fromMilli(prev.income), money),
    income_services_stats: stat(fromMilli(cur.incomeServices), fromMilli(prev.incomeServices), money),
    income_goods_stats: stat(fromMilli(cur.incomeGoods), fromMilli(prev.incomeGoods), money),
    income_average_stats: stat(averageOf(cur.income, cur.visitRecords), averageOf(prev.income, prev.visitRecords), money),
    record_stats: stat(cur.records, prev.records, ''),
    client_stats: stat(cur.clients, prev.clients, ''),
    fullness_stats: stat(cur.fullness, prev.fullness, '%'),
  });
}

const SOURCES = [['admin', 'Admin'], ['online', 'Online'], ['mobile', 'Mobile app']] as const;
const STATUSES = [['1', 'Arrived'], ['2', 'Confirmed'], ['0', 'Waiting'], ['-1', 'No-show']] as const;

function chart(ctx: Ctx) {
  const data = locationOf(ctx);
  const { from, to } = range(ctx);
  const days = datesBetween(from, to).map((d) => dayFigures(ctx.world, data, d));
  switch (ctx.params.chart) {
    case 'income_daily':
      return ok([{ label: 'Revenue', data: days.map((d) => [d.date, fromMilli(d.income)]) }]);
    case 'records_daily':
      return ok([{ label: 'Records', data: days.map((d) => [d.date, d.records]) }]);
    case 'fullness_daily':
      return ok([{ label: 'Occupancy, %', data: days.map((d) => [d.date, percentOf(d.bookedSec, capacitySec(data))]) }]);
    case 'record_source':
      return ok([{ label: 'Records by source', data: SOURCES.map(([k, label]) => [label, days.reduce((s, d) => s + d.bySource[k], 0)]) }]);
    case 'record_status':
      return ok([{ label: 'Records by status', data: STATUSES.map(([k, label]) => [label, days.reduce((s, d) => s + (d.byAttendance[k] ?? 0), 0)]) }]);
    default:
      throw notFound(`Unknown chart ${ctx.params.chart ?? ''}`);
  }
}

interface Counts {
  all_count: number;
  lost_count: number;
  returned_count: number;
  returned_percent: number;
}

function counts(visitsPerClient: Map<number, number>, keep: (id: number) => boolean): Counts {
  let all = 0;
  let returned = 0;
  for (const [id, n] of visitsPerClient) {
    if (!keep(id)) continue;
    all++;
    if (n >= 2) returned++;
  }
  return { all_count: all, lost_count: all - returned, returned_count: returned, returned_percent: percentOf(returned, all) };
}

/** Visits (attendance 1) per client and per day in the range; "new" = first visit ever within the range. */
function visitFigures(data: LocationData, ctx: Ctx, from: string, to: string, staffId: number | null) {
  const first = firstVisits(ctx.world, data);
  const perClient = new Map<number, number>();
  const byDay: { date: string; new_count: number; old_count: number }[] = [];
  for (const date of datesBetween(from, to)) {
    const day = { date, new_count: 0, old_count: 0 };
    const seen = new Set<number>();
    for (const r of liveRecordsByDate(ctx.world, data).get(date) ?? []) {
      if (r.attendance !== 1 || r.clientId === null || seen.has(r.visitId)) continue;
      if (staffId !== null && r.staffId !== staffId) continue;
      seen.add(r.visitId);
      perClient.set(r.clientId, (perClient.get(r.clientId) ?? 0) + 1);
      if ((first.get(r.clientId) ?? '') >= from) day.new_count++;
      else day.old_count++;
    }
    byDay.push(day);
  }
  const isNew = (id: number) => (first.get(id) ?? '') >= from;
  return {
    client_stats: { new: counts(perClient, isNew), old: counts(perClient, (id) => !isNew(id)), total: counts(perClient, () => true) },
    visits_stats_by_day: byDay,
  };
}

function loyaltyAnalytics(ctx: Ctx) {
  const data = locationOf(ctx);
  const { from, to } = range(ctx);
  if (ctx.params.kind === 'visits') return ok(visitFigures(data, ctx, from, to, null));
  if (ctx.params.kind !== 'staff') throw notFound(`Unknown report ${ctx.params.kind ?? ''}`);
  const rows = data.staff.map((s) => {
    const f = visitFigures(data, ctx, from, to, s.id);
    return { staff_id: s.id, staff_name: s.name, client_stats: f.client_stats };
  });
  return ok(rows, { count: rows.length });
}

export const analyticsRoutes: Route[] = [
  route('GET', '/company/{loc}/analytics/overall', overall),
  route('GET', '/company/{loc}/analytics/overall/charts/{chart}', chart),
  route('GET', '/company/{loc}/analytics/loyalty_programs/{kind}', loyaltyAnalytics),
];
