/** Z-report (day-end report) and financial transactions. */
import { amountText, fromMilli } from '../money.js';
import { hash32 } from '../random.js';
import { addDays, formatInZone, localDate, localToUtc, SERVER_TIMEZONE } from '../time.js';
import { invalid, ok } from '../http/envelope.js';
import { dateParam, naiveParam, pageOf, paging, reportDateParam } from '../http/params.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { computeZReport, type DateRange } from '../derive/zreport.js';
import { transactionsOf, type TxRow } from '../derive/views.js';
import type { LocationData, SimLine } from '../world/types.js';
import type { World } from '../world/world.js';
import { locationOf } from './common.js';
import { clientBrief } from './records.js';

/** The longest range one Z-report covers. */
const MAX_REPORT_DAYS = 366;

function accountTitle(data: LocationData, id: number): string {
  return data.accounts.find((a) => a.id === id)?.title ?? '';
}

function item(data: LocationData, l: SimLine): Record<string, unknown> {
  return {
    item_title: l.title,
    first_cost: fromMilli(l.firstCost),
    discount: fromMilli(l.discount),
    result_cost: fromMilli(l.cost),
    transactions: l.payments.map((p) => ({ accounts_amount: fromMilli(p.amount), loyalty_amount: 0, payment_type: accountTitle(data, p.accountId) })),
  };
}

/** `others` is a single item, not a list (quirk); nothing but services and goods is sold here. */
const OTHERS = Object.freeze({ item_title: 'Other operations', first_cost: 0, discount: 0, result_cost: 0, transactions: [] });

/** One sitting at the till: a record's session or a goods-only sale. */
interface Ticket {
  atMs: number;
  /** Groups the client entry: a client id, or a key of its own for a walk-in. */
  clientKey: string;
  clientId: number | null;
  staffId: number;
  lines: SimLine[];
}

/** z_data: unix timestamp (seconds) of each session or sale -> clients -> masters -> items. */
function zData(data: LocationData, tickets: Ticket[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const entries = new Map<string, { client: Record<string, unknown>; masters: Map<number, Record<string, unknown>> }>();
  for (const t of tickets) {
    const ts = String(Math.floor(t.atMs / 1000));
    const key = `${ts}:${t.clientKey}`;
    let entry = entries.get(key);
    if (!entry) {
      const c = t.clientId === null ? undefined : data.clientById.get(t.clientId);
      const client = {
        client_id: c?.id ?? 0,
        client_name: c ? `${c.name} ${c.surname}`.trim() : '',
        client_phone: c ? `+${c.phone}` : '',
        client_email: c?.email ?? '',
        masters: [] as unknown[],
      };
      entry = { client, masters: new Map() };
      entries.set(key, entry);
      (out[ts] ??= []).push(client);
    }
    let master = entry.masters.get(t.staffId);
    if (!master) {
      master = { master_id: t.staffId, master_name: data.staff.find((s) => s.id === t.staffId)?.name ?? '', service: [], good: [], others: OTHERS };
      entry.masters.set(t.staffId, master);
      (entry.client.masters as unknown[]).push(master);
    }
    for (const l of t.lines) (master[l.kind === 'service' ? 'service' : 'good'] as unknown[]).push(item(data, l));
  }
  return out;
}

/** The API's report JSON for a day or a range; `currency` is the location's symbol ("$", "¥"), not its ISO code. */
export function zReportJson(world: World, data: LocationData, days: string | DateRange, masterId: number): Record<string, unknown> {
  const z = computeZReport(world, data, days, masterId);
  const tickets: Ticket[] = [
    ...z.visitRecords.map((r) => ({ atMs: r.startMs, clientKey: r.clientId === null ? `walk-in-${r.id}` : String(r.clientId), clientId: r.clientId, staffId: r.staffId, lines: r.lines })),
    ...z.sales.map((s) => ({ atMs: s.atMs, clientKey: String(s.clientId), clientId: s.clientId, staffId: s.staffId, lines: s.lines })),
  ].sort((a, b) => a.atMs - b.atMs);
  const zd = zData(data, tickets);
  return {
    stats: z.stats,
    paids: {
      accounts: [...z.accounts].map(([title, amount]) => ({ title, amount: fromMilli(amount) })),
      discount: [...z.discounts].map(([title, amount]) => ({ title, amount: fromMilli(amount) })),
      total: { accounts: fromMilli(z.totalAccounts), discount: fromMilli(z.totalDiscount) },
    },
    // Quirk: an empty day prints z_data as [] (a PHP empty array), not {}.
    z_data: Object.keys(zd).length === 0 ? [] : zd,
    currency: data.loc.currencySymbol,
  };
}

/**
 * `start_date` and an optional `end_date` (DD.MM.YYYY or YYYY-MM-DD): one day, or
 * the whole range when end_date is later. A user without the right to past cash
 * reports silently gets today's report (the anchor's local date), whatever was asked.
 */
function zReport(ctx: Ctx) {
  const data = locationOf(ctx);
  const start = reportDateParam(ctx.query, 'start_date', true)!;
  const end = reportDateParam(ctx.query, 'end_date') ?? start;
  if (end < start) throw invalid('end_date', 'end_date must not be before start_date');
  if (end >= addDays(start, MAX_REPORT_DAYS)) {
    throw invalid('end_date', `the report covers at most ${MAX_REPORT_DAYS} days`);
  }
  const raw = ctx.query.get('master_id') ?? '0';
  if (!/^\d+$/.test(raw)) throw invalid('master_id', 'master_id must be a team member id or 0');
  const today = localDate(data.loc.zone, ctx.world.anchorMs);
  const days = ctx.options.account.zReportTodayOnly.includes(data.loc.id) ? today : { from: start, to: end };
  return ok(zReportJson(ctx.world, data, days, Number(raw)));
}

function expenseOf(t: TxRow): { id: number; title: string } {
  if (t.expense) return { id: t.expense.expenseId, title: t.expense.expenseTitle };
  return t.line?.kind === 'good' ? { id: 7, title: 'Sale of goods' } : { id: 5, title: 'Service payments' };
}

/**
 * A transaction as the list prints it: `amount` a decimal string, `id` a string on
 * some rows, and `date` / `last_change_date` in server time (Asia/Dubai), naive on
 * about half the rows and with a "+0400" offset on the others, never in the
 * location's zone.
 */
function txJson(world: World, data: LocationData, t: TxRow): Record<string, unknown> {
  const r = t.record;
  const s = t.sale;
  const l = t.line;
  const staffId = r?.staffId ?? s?.staffId;
  const staff = staffId === undefined ? undefined : data.staff.find((m) => m.id === staffId);
  const account = data.accounts.find((a) => a.id === t.accountId);
  const expense = expenseOf(t);
  const h = hash32(world.seed, 'tx', t.id);
  const style = h & 1 ? 'naive' : 'compact';
  return {
    id: (h >>> 1) % 4 === 0 ? String(t.id) : t.id,
    document_id: r?.documentId ?? s?.documentId ?? 0,
    date: formatInZone(SERVER_TIMEZONE, t.atMs, style),
    type_id: expense.id,
    expense,
    account: account ? { id: account.id, title: account.title, is_cash: account.type === 0 } : null,
    amount: amountText(t.amount),
    client: clientBrief(data, r?.clientId ?? s?.clientId ?? null),
    master: staff ? { id: staff.id, name: staff.name } : null,
    supplier: null,
    comment: t.expense?.comment ?? s?.comment ?? '',
    record_id: r?.id ?? 0,
    visit_id: r?.visitId ?? 0,
    goods_transaction_id: l?.kind === 'good' ? l.goodsTxId : 0,
    sold_item_id: l ? (l.kind === 'service' ? l.itemId : l.goodsTxId) : 0,
    sold_item_type: l ? (l.kind === 'service' ? 'service' : 'good') : '',
    last_change_date: formatInZone(SERVER_TIMEZONE, t.atMs, style),
  };
}

/**
 * Transactions whose Asia/Dubai date is within [start_date, end_date] and, with
 * `changed_after` (naive, read in Asia/Dubai like the dates it prints,
 * inclusive), last changed then or later. `deleted=0` (or none) lists the live
 * ones; `deleted=1` lists none: a refund removes its transactions here without
 * a trace. Quirk: `meta` is [] (no total).
 */
function transactions(ctx: Ctx) {
  const data = locationOf(ctx);
  const start = dateParam(ctx.query, 'start_date');
  const end = dateParam(ctx.query, 'end_date');
  const changed = naiveParam(ctx.query, 'changed_after');
  const after = changed === null ? null : localToUtc(SERVER_TIMEZONE, changed);
  const deleted = ctx.query.get('deleted') ?? '0';
  if (deleted !== '0' && deleted !== '1') throw invalid('deleted', 'deleted must be 0 or 1');
  const p = paging(ctx.query, 'count', 200, 50);
  const rows = ctx.world.listing(`transactions-list:${data.loc.id}:${start}:${end}:${after}:${deleted}`, () =>
    transactionsOf(ctx.world, data).filter((t) => {
      if (deleted === '1' || (after !== null && t.atMs < after)) return false;
      if (start === null && end === null) return true;
      const d = localDate(SERVER_TIMEZONE, t.atMs);
      return (start === null || d >= start) && (end === null || d <= end);
    }),
  );
  return ok(pageOf(rows, p).map((t) => txJson(ctx.world, data, t)));
}

export const reportRoutes: Route[] = [
  route('GET', '/reports/z_report/{loc}', zReport),
  route('GET', '/transactions/{loc}', transactions),
];
