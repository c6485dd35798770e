import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import {
  zReportItems, zReportPayments, zReports, type NewZReport, type NewZReportItem, type NewZReportPayment,
} from '../db/schema/index.js';
import { upsertRows } from '../db/upsert.js';
import { fetchZReport } from '../extractors/z-reports.js';
import { asObject, calendarDate, currencyOf, decimal, instant, integer, listField, objectField, sumOf, text, type Obj } from '../sync/map.js';
import { locationOf, zoneOf } from '../sync/scope.js';
import type { StreamDef } from '../sync/types.js';
import { windowPages, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { RejectError } from '../errors.js';

interface ZReportRow {
  report: NewZReport;
  payments: NewZReportPayment[];
  items: NewZReportItem[];
}

/** Z-reports, one location-local day a request, the recent days re-read on every run. */
export const zReportsStream: StreamDef<ZReportRow, WindowCursor, WindowProgress> = {
  name: 'z_reports',
  scope: 'location',
  description: 'day-end reports of the recent local days (GET /reports/z_report/{loc})',
  cadence: 'intraday',
  reads: 'recent_days',
  backfill: 'rereads-history',
  extract(ctx, state) {
    const locationId = locationOf(ctx);
    return windowPages(ctx, state, {
      chunkDays: 1,
      // The source corrects days after the fact (refunds, late payments): re-read the recent ones.
      recentDays: ctx.config.sync.zReportDays,
      async *fetch(day) {
        const query = { locationId, date: day.from, timeZone: zoneOf(ctx), format: ctx.config.altegio.zReportDateFormat };
        yield { items: [await fetchZReport(ctx.client, query)], page: 1, last: true };
      },
    });
  },
  map(raw, ctx) {
    const r = asObject(raw, 'Z-report');
    const locationId = locationOf(ctx);
    const reportDate = calendarDate(r.report_date, 'report_date');
    if (!reportDate) throw new RejectError('report_date is missing');
    const day = { locationId, reportDate };
    const stats = objectField(r.stats);
    const paids = objectField(r.paids);
    const total = objectField(paids.total);
    const count = (field: string) => integer(stats[field], `stats.${field}`) ?? 0;
    const amount = (field: string) => decimal(stats[field], `stats.${field}`) ?? '0';
    return {
      report: {
        ...day,
        clients: count('clients'),
        clientsAverage: amount('clients_average'),
        records: count('records'),
        recordsAverage: amount('records_average'),
        visitRecords: count('visit_records'),
        visitRecordsAverage: amount('visit_records_average'),
        nonVisitRecords: count('non_visit_records'),
        nonVisitRecordsAverage: amount('non_visit_records_average'),
        targets: count('targets'),
        targetsPaid: amount('targets_paid'),
        goods: count('goods'),
        goodsPaid: amount('goods_paid'),
        giftCards: count('certificates'),
        giftCardsPaid: amount('certificates_paid'),
        memberships: count('abonement'),
        membershipsPaid: amount('abonement_paid'),
        accountsTotal: decimal(total.accounts, 'paids.total.accounts') ?? '0',
        discountTotal: decimal(total.discount, 'paids.total.discount') ?? '0',
        // As sent: live answers give the symbol ("₸"), older ones a code.
        currency: ((c) => c.iso ?? c.symbol)(currencyOf(r.currency, 'currency')),
        raw: r,
      },
      payments: [
        ...paymentsOf(day, 'account', paids.accounts),
        ...paymentsOf(day, 'discount', paids.discount),
      ],
      items: itemsOf(day, r.z_data, zoneOf(ctx)),
    };
  },
  async write(tx, rows, ctx) {
    const written = await upsertRows(tx, zReports, rows.map((r) => r.report), ['locationId', 'reportDate']);
    await replaceChildren(tx, locationOf(ctx), rows);
    return written;
  },
  sourceKey: (raw) => {
    const date = (raw as Obj | null)?.report_date;
    return typeof date === 'string' ? date : undefined;
  },
  estimate: (f) => f.days,
};

type Day = { locationId: number; reportDate: string };

function paymentsOf(day: Day, kind: 'account' | 'discount', list: unknown): NewZReportPayment[] {
  return listField(list).map((entry, position) => {
    const p = asObject(entry, `paids.${kind}`);
    return {
      ...day,
      kind,
      position,
      title: text(p.title, `paids.${kind}.title`) ?? '',
      amount: decimal(p.amount, `paids.${kind}.amount`) ?? '0',
      raw: p,
    };
  });
}

/**
 * `z_data` is `{ "<unix ts>": [client { masters: [ { service[], good[], others } ] }] }`,
 * or `[]` on a day without sales. `others` is one item, not a list.
 */
function itemsOf(day: Day, zData: unknown, timeZone: string): NewZReportItem[] {
  const items: NewZReportItem[] = [];
  const entries = Object.entries(objectField(zData)).sort(([a], [b]) => Number(a) - Number(b));
  for (const [ts, clients] of entries) {
    const startsAt = instant(ts, 'z_data key', timeZone);
    for (const entry of listField(clients)) {
      const c = asObject(entry, 'z_data client');
      const client = { clientId: integer(c.client_id, 'client_id') || null, clientName: text(c.client_name, 'client_name') };
      for (const m of listField(c.masters)) {
        const master = asObject(m, 'z_data master');
        const staff = { staffId: integer(master.master_id, 'master_id') || null, staffName: text(master.master_name, 'master_name') };
        const sold: Array<['service' | 'good' | 'other', unknown]> = [
          ...listField(master.service).map((i): ['service', unknown] => ['service', i]),
          ...listField(master.good).map((i): ['good', unknown] => ['good', i]),
        ];
        if (hasSales(master.others)) sold.push(['other', master.others]);
        for (const [kind, item] of sold) {
          items.push({ ...day, line: items.length + 1, startsAt, ...client, ...staff, ...soldItem(kind, asObject(item, `z_data ${kind}`)) });
        }
      }
    }
  }
  return items;
}

function soldItem(kind: 'service' | 'good' | 'other', item: Obj) {
  const parts = listField(item.transactions).map((t) => asObject(t, 'z_data transaction'));
  return {
    kind,
    itemTitle: text(item.item_title, 'item_title'),
    firstCost: decimal(item.first_cost, 'first_cost') ?? '0',
    discount: decimal(item.discount, 'discount') ?? '0',
    resultCost: decimal(item.result_cost, 'result_cost') ?? '0',
    accountsAmount: sumOf(parts, 'accounts_amount'),
    loyaltyAmount: sumOf(parts, 'loyalty_amount'),
    raw: item,
  };
}

/**
 * `others` is one item (not a list), and the API sends it for every team member,
 * zeros and all, when there were no other operations; it may also be null, [] or {}.
 */
function hasSales(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const item = value as Obj;
  const nonZero = (v: unknown) => v !== undefined && v !== null && v !== '' && Number(v) !== 0;
  return nonZero(item.first_cost) || nonZero(item.result_cost) || listField(item.transactions).length > 0;
}

/**
 * Replaces the payments and items of the days whose report row was written in
 * this transaction (its `synced_at` is this transaction's `now()`): an
 * unchanged day keeps its children untouched, so a re-read rewrites nothing.
 */
async function replaceChildren(tx: Tx, locationId: number, days: ZReportRow[]): Promise<void> {
  if (days.length === 0) return;
  const written = await tx
    .select({ reportDate: zReports.reportDate })
    .from(zReports)
    .where(and(eq(zReports.locationId, locationId), inArray(zReports.reportDate, days.map((d) => d.report.reportDate)), sql`${zReports.syncedAt} = now()`));
  const dates = written.map((w) => w.reportDate);
  if (dates.length === 0) return;
  await tx.delete(zReportPayments).where(and(eq(zReportPayments.locationId, locationId), inArray(zReportPayments.reportDate, dates)));
  await tx.delete(zReportItems).where(and(eq(zReportItems.locationId, locationId), inArray(zReportItems.reportDate, dates)));
  const fresh = days.filter((d) => dates.includes(d.report.reportDate));
  const payments = fresh.flatMap((d) => d.payments);
  const items = fresh.flatMap((d) => d.items);
  for (let i = 0; i < payments.length; i += INSERT_CHUNK) await tx.insert(zReportPayments).values(payments.slice(i, i + INSERT_CHUNK));
  for (let i = 0; i < items.length; i += INSERT_CHUNK) await tx.insert(zReportItems).values(items.slice(i, i + INSERT_CHUNK));
}

/** Rows per INSERT: well under Postgres's 65,535 parameters at ~17 columns. */
const INSERT_CHUNK = 2000;
