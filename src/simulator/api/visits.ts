/**
 * POST /company/{loc}/clients/visits/search: one client's visits and goods-only
 * sales, newest first, paged by a date cursor rather than page numbers.
 */
import { fromMilli } from '../money.js';
import { hash01 } from '../random.js';
import { addDays, parseDate } from '../time.js';
import { HttpError, invalid, ok } from '../http/envelope.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { clientHistory, paidOf, paymentStatus, type HistoryItem } from '../derive/views.js';
import type { LocationData, SimGoodsSale, SimLine, SimRecord } from '../world/types.js';
import { bodyObject, fmt, locationOf } from './common.js';
import { staffBrief } from './records.js';

/** Visits (and goods-only sales) per page before the same-date extension. */
export const VISITS_PAGE = 25;
const REQUIRED = ['client_id', 'client_phone', 'from', 'to', 'payment_statuses', 'attendance'] as const;
const STATUSES = new Set(['not_paid', 'paid_not_full', 'paid_full', 'paid_over']);

interface Cursor {
  from: string | null;
  to: string | null;
  count: number;
}

function optionalDate(body: Record<string, unknown>, key: string): string | null {
  const v = body[key];
  if (v === null) return null;
  if (typeof v !== 'string' || parseDate(v) === null) throw invalid(key, `${key} must be a date YYYY-MM-DD or null`);
  return v;
}

function itemLines(item: HistoryItem): SimLine[] {
  return item.kind === 'sale' ? item.sale.lines : item.visit.records.flatMap((r) => r.lines);
}

function itemTotals(item: HistoryItem): { due: number; paid: number } {
  let due = 0;
  let paid = 0;
  for (const l of itemLines(item)) {
    due += l.cost;
    paid += paidOf(l);
  }
  return { due, paid };
}

function lineJson(l: SimLine): Record<string, unknown> {
  const paid = paidOf(l);
  return {
    id: l.itemId,
    title: l.title,
    amount: l.quantity,
    first_cost: fromMilli(l.firstCost),
    discount_percent: l.discountPercent,
    cost_to_pay: fromMilli(l.cost),
    paid_sum: fromMilli(paid),
    payment_status: paymentStatus(l.cost, paid),
  };
}

function visitRecordJson(data: LocationData, r: SimRecord): Record<string, unknown> {
  const services = r.lines.filter((l) => l.kind === 'service');
  const due = services.reduce((s, l) => s + l.cost, 0);
  const paid = services.reduce((s, l) => s + paidOf(l), 0);
  return {
    id: r.id,
    visit_id: r.visitId,
    date: fmt(data, r.startMs, 'naive'),
    datetime: fmt(data, r.startMs, 'iso'),
    length: r.lengthSec,
    attendance: r.attendance,
    comment: r.comment,
    company: { id: data.loc.id, title: data.loc.title },
    staff: staffBrief(data, r.staffId),
    services: services.map(lineJson),
    cost_to_pay: fromMilli(due),
    paid_sum: fromMilli(paid),
    payment_status: paymentStatus(due, paid),
  };
}

/** A goods line inside `goods[]`: the amounts live here, not on the transaction. */
function goodJson(l: SimLine): Record<string, unknown> {
  const paid = paidOf(l);
  return {
    id: l.itemId,
    title: l.title,
    amount: l.quantity,
    first_cost: fromMilli(l.firstCost),
    discount: l.discountPercent,
    cost_to_pay: fromMilli(l.cost),
    paid_sum: fromMilli(paid),
    payment_status: paymentStatus(l.cost, paid),
  };
}

interface GoodsTx {
  id: number;
  atMs: number;
  visitId: number;
  recordId: number;
  staffId: number;
  comment: string;
  lines: SimLine[];
}

/** A goods transaction; `visit_id` and `record_id` are 0 when there is none (a goods-only sale). */
function goodsTxJson(data: LocationData, g: GoodsTx): Record<string, unknown> {
  const staff = data.staff.find((s) => s.id === g.staffId);
  return {
    id: g.id,
    date: fmt(data, g.atMs, 'iso'),
    visit_id: g.visitId,
    record_id: g.recordId,
    goods: g.lines.map(goodJson),
    staff: { id: g.staffId, name: staff?.name ?? '' },
    comment: g.comment,
    company: { id: data.loc.id, title: data.loc.title },
  };
}

function recordGoods(r: SimRecord): GoodsTx[] {
  return r.lines
    .filter((l) => l.kind === 'good')
    .map((l) => ({ id: l.goodsTxId, atMs: r.startMs, visitId: r.visitId, recordId: r.id, staffId: r.staffId, comment: '', lines: [l] }));
}

function saleGoods(s: SimGoodsSale): GoodsTx {
  return { id: s.id, atMs: s.atMs, visitId: 0, recordId: 0, staffId: s.staffId, comment: s.comment, lines: s.lines };
}

function findClientId(data: LocationData, body: Record<string, unknown>): number | null {
  if (body.client_id !== null) {
    if (typeof body.client_id !== 'number') throw invalid('client_id', 'client_id must be a number or null');
    const c = data.clientById.get(body.client_id);
    return c && !c.deleted ? c.id : null;
  }
  const digits = String(body.client_phone ?? '').replace(/\D/g, '');
  if (digits === '') throw invalid('client_phone', 'client_id or client_phone is required');
  return data.clients.find((c) => !c.deleted && c.phone === digits)?.id ?? null;
}

/**
 * The date cursor: the page holds the 25 newest items (visits and goods-only sales)
 * in [from, to] plus every other item sharing the date of the 25th; `next` asks for
 * [from, day before the last date on the page]. At the end, `next` is either absent
 * or has count 0 (which one is seeded per client): a client must accept both.
 * A goods-only sale has no attendance, so an attendance filter leaves it out.
 */
function search(ctx: Ctx) {
  const data = locationOf(ctx);
  const body = bodyObject(ctx);
  const missing = REQUIRED.filter((k) => !(k in body));
  if (missing.length > 0) {
    throw new HttpError(422, `Missing required parameters: ${missing.join(', ')}`, Object.fromEntries(missing.map((k) => [k, ['required']])));
  }
  const from = optionalDate(body, 'from');
  const to = optionalDate(body, 'to');
  const statuses = body.payment_statuses;
  if (!Array.isArray(statuses) || statuses.some((s) => typeof s !== 'string' || !STATUSES.has(s))) {
    throw invalid('payment_statuses', 'payment_statuses must be an array of not_paid, paid_not_full, paid_full, paid_over');
  }
  const attendance = body.attendance;
  if (attendance !== null && ![-1, 0, 1, 2].includes(attendance as number)) throw invalid('attendance', 'attendance must be -1, 0, 1, 2 or null');
  const clientId = findClientId(data, body);

  const all = clientId === null ? [] : (clientHistory(ctx.world, data).get(clientId) ?? []);
  const matching = all.filter((v) => {
    if (attendance !== null && (v.kind === 'sale' || v.visit.records[0]?.attendance !== attendance)) return false;
    if (statuses.length === 0) return true;
    const t = itemTotals(v);
    return statuses.includes(paymentStatus(t.due, t.paid));
  });
  const window = matching.filter((v) => (from === null || v.date >= from) && (to === null || v.date <= to));
  let size = Math.min(VISITS_PAGE, window.length);
  const lastDate = window[size - 1]?.date;
  while (size < window.length && window[size]?.date === lastDate) size++;
  const page = window.slice(0, size);
  const rest = window.length - size;

  const first = page[0];
  const last = page[page.length - 1];
  const current: Cursor = { from: last?.date ?? from, to: to ?? first?.date ?? null, count: page.length };
  const newer = to === null ? [] : matching.filter((v) => v.date > to);
  const previous: Cursor = { from: to === null ? null : addDays(to, 1), to: newer[0]?.date ?? null, count: newer.length };
  const dateCursor: Record<string, Cursor> = { previous, current };
  const nextTo = last ? addDays(last.date, -1) : to;
  if (rest > 0) {
    dateCursor.next = { from: from ?? window[window.length - 1]?.date ?? null, to: nextTo, count: rest };
  } else if (hash01(ctx.world.seed, 'cursor-end', clientId ?? 0) < 0.5) {
    dateCursor.next = { from, to: nextTo, count: 0 };
  }

  const records: unknown[] = [];
  const goods: unknown[] = [];
  for (const v of page) {
    if (v.kind === 'sale') {
      goods.push(goodsTxJson(data, saleGoods(v.sale)));
      continue;
    }
    for (const r of v.visit.records) {
      records.push(visitRecordJson(data, r));
      for (const g of recordGoods(r)) goods.push(goodsTxJson(data, g));
    }
  }
  return ok({ records, goods_transactions: goods }, { dateCursor });
}

export const visitRoutes: Route[] = [route('POST', '/company/{loc}/clients/visits/search', search)];
