/** Z-report (day-end report) and financial transactions. */
import { fromMilli } from '../money.js';
import { localDate } from '../time.js';
import { invalid, ok } from '../http/envelope.js';
import { dateParam, pageOf, paging } from '../http/params.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { computeZReport } from '../derive/zreport.js';
import { transactionsOf, type TxRow } from '../derive/views.js';
import type { LocationData, SimLine, SimRecord } from '../world/types.js';
import type { World } from '../world/world.js';
import { fmt, locationOf, styleFor } from './common.js';
import { clientBrief } from './records.js';

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

/** `others` is a single item, not a list (quirk); nothing is sold outside records here. */
const OTHERS = Object.freeze({ item_title: 'Other operations', first_cost: 0, discount: 0, result_cost: 0, transactions: [] });

/** z_data: unix timestamp of the session start -> clients -> masters -> items. */
function zData(data: LocationData, records: SimRecord[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const entries = new Map<string, { client: Record<string, unknown>; masters: Map<number, Record<string, unknown>> }>();
  for (const r of records) {
    const ts = String(Math.floor(r.startMs / 1000));
    const key = `${ts}:${r.clientId ?? `walk-in-${r.id}`}`;
    let entry = entries.get(key);
    if (!entry) {
      const c = r.clientId === null ? undefined : data.clientById.get(r.clientId);
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
    let master = entry.masters.get(r.staffId);
    if (!master) {
      master = { master_id: r.staffId, master_name: data.staff.find((s) => s.id === r.staffId)?.name ?? '', service: [], good: [], others: OTHERS };
      entry.masters.set(r.staffId, master);
      (entry.client.masters as unknown[]).push(master);
    }
    for (const l of r.lines) (master[l.kind === 'service' ? 'service' : 'good'] as unknown[]).push(item(data, l));
  }
  return out;
}

/** The API's report JSON for a day; also used by tests and truth through computeZReport. */
export function zReportJson(world: World, data: LocationData, date: string, masterId: number): Record<string, unknown> {
  const z = computeZReport(world, data, date, masterId);
  const zd = zData(data, z.visitRecords);
  return {
    stats: z.stats,
    paids: {
      accounts: [...z.accounts].map(([title, amount]) => ({ title, amount: fromMilli(amount) })),
      discount: [...z.discounts].map(([title, amount]) => ({ title, amount: fromMilli(amount) })),
      total: { accounts: fromMilli(z.totalAccounts), discount: fromMilli(z.totalDiscount) },
    },
    // Quirk: an empty day prints z_data as [] (a PHP empty array), not {}.
    z_data: Object.keys(zd).length === 0 ? [] : zd,
    currency: data.loc.currency,
  };
}

function zReport(ctx: Ctx) {
  const data = locationOf(ctx);
  const date = dateParam(ctx.query, 'start_date', true)!;
  const raw = ctx.query.get('master_id') ?? '0';
  if (!/^\d+$/.test(raw)) throw invalid('master_id', 'master_id must be a team member id or 0');
  return ok(zReportJson(ctx.world, data, date, Number(raw)));
}

function txJson(world: World, data: LocationData, t: TxRow): Record<string, unknown> {
  const r = t.record;
  const l = t.line;
  const staff = r ? data.staff.find((s) => s.id === r.staffId) : undefined;
  const account = data.accounts.find((a) => a.id === t.accountId);
  const expense = t.expense
    ? { id: t.expense.expenseId, title: t.expense.expenseTitle }
    : l?.kind === 'good'
      ? { id: 7, title: 'Sale of goods' }
      : { id: 5, title: 'Service payments' };
  return {
    id: t.id,
    document_id: r?.documentId ?? 0,
    date: fmt(data, t.atMs, 'naive'),
    type_id: expense.id,
    expense,
    account: account ? { id: account.id, title: account.title, is_cash: account.type === 0 } : null,
    amount: fromMilli(t.amount),
    client: r ? clientBrief(data, r.clientId) : null,
    master: staff ? { id: staff.id, name: staff.name } : null,
    supplier: null,
    comment: t.expense?.comment ?? '',
    record_id: r?.id ?? 0,
    visit_id: r?.visitId ?? 0,
    sold_item_id: l ? (l.kind === 'service' ? l.itemId : l.goodsTxId) : 0,
    sold_item_type: l ? (l.kind === 'service' ? 'service' : 'good') : '',
    last_change_date: fmt(data, t.atMs, styleFor(world, 'tx-change', t.id)),
  };
}

/** Transactions whose local date is within [start_date, end_date]. Quirk: `meta` is [] (no total). */
function transactions(ctx: Ctx) {
  const data = locationOf(ctx);
  const start = dateParam(ctx.query, 'start_date');
  const end = dateParam(ctx.query, 'end_date');
  const p = paging(ctx.query);
  const rows = ctx.world.listing(`transactions-list:${data.loc.id}:${start}:${end}`, () =>
    transactionsOf(ctx.world, data).filter((t) => {
      if (start === null && end === null) return true;
      const d = localDate(data.loc.zone, t.atMs);
      return (start === null || d >= start) && (end === null || d <= end);
    }),
  );
  return ok(pageOf(rows, p).map((t) => txJson(ctx.world, data, t)));
}

export const reportRoutes: Route[] = [
  route('GET', '/reports/z_report/{loc}', zReport),
  route('GET', '/transactions/{loc}', transactions),
];
