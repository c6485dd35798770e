/**
 * The day-end report (Z-report) of one location-local day, or of a range of days,
 * computed from the live records whose session falls on those days and from the
 * goods-only sales made on them. The same function feeds the endpoint and the
 * ground truth, so they cannot disagree.
 *
 * Definitions (the reference does not spell them out):
 * - records: live records of the days; visit_records: those with attendance 1
 *   (the client came); non_visit_records: the rest.
 * - clients: distinct clients of visit records and of goods-only sales (each
 *   walk-in counts once).
 * - targets: service lines of visit records; goods: goods lines of visit records
 *   and of goods-only sales; `*_paid` their payments.
 * - `*_average`: paid amount divided by the count, rounded to cents; clients_average
 *   counts the sales' payments too, records_average only the records'.
 * - paids.accounts: payments by account title; paids.discount: line discounts by
 *   discount title; both from visit records and goods-only sales. Certificates and
 *   memberships are not sold here, so their counters are 0.
 */
import { averageOf, fromMilli } from '../money.js';
import { datesBetween } from '../time.js';
import type { LocationData, SimGoodsSale, SimLine, SimRecord } from '../world/types.js';
import type { World } from '../world/world.js';
import { goodsSalesByDate, liveRecordsByDate, paidOf } from './views.js';
export interface ZStats {
  clients: number;
  clients_average: number;
  records: number;
  records_average: number;
  visit_records: number;
  visit_records_average: number;
  non_visit_records: number;
  non_visit_records_average: number;
  targets: number;
  targets_paid: number;
  goods: number;
  goods_paid: number;
  certificates: number;
  certificates_paid: number;
  abonement: number;
  abonement_paid: number;
}

export interface ZReport {
  stats: ZStats;
  /** Payments by account title, in milli, in account order. */
  accounts: Map<string, number>;
  /** Discounts by discount title, in milli, in first-seen order. */
  discounts: Map<string, number>;
  totalAccounts: number;
  totalDiscount: number;
  /** Visit records of the days (what z_data lists, with the sales). */
  visitRecords: SimRecord[];
  /** Goods-only sales of the days. */
  sales: SimGoodsSale[];
}

/** Local dates, both inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

class Tally {
  targets = 0;
  targetsPaid = 0;
  goods = 0;
  goodsPaid = 0;
  readonly byAccount = new Map<number, number>();
  readonly discounts = new Map<string, number>();

  add(l: SimLine): void {
    const linePaid = paidOf(l);
    if (l.kind === 'service') {
      this.targets++;
      this.targetsPaid += linePaid;
    } else {
      this.goods++;
      this.goodsPaid += linePaid;
    }
    for (const p of l.payments) this.byAccount.set(p.accountId, (this.byAccount.get(p.accountId) ?? 0) + p.amount);
    if (l.discount > 0) {
      const title = l.discountTitle ?? 'Discount';
      this.discounts.set(title, (this.discounts.get(title) ?? 0) + l.discount);
    }
  }
}

/** The report of a day ("YYYY-MM-DD") or of a range of days; masterId 0 means every team member. */
export function computeZReport(world: World, data: LocationData, days: string | DateRange, masterId: number): ZReport {
  const range = typeof days === 'string' ? { from: days, to: days } : days;
  const recordsByDate = liveRecordsByDate(world, data);
  const salesByDate = goodsSalesByDate(world, data);
  let records: SimRecord[] = [];
  let sales: SimGoodsSale[] = [];
  for (const d of datesBetween(range.from, range.to)) {
    records.push(...(recordsByDate.get(d) ?? []));
    sales.push(...(salesByDate.get(d) ?? []));
  }
  if (masterId !== 0) {
    records = records.filter((r) => r.staffId === masterId);
    sales = sales.filter((s) => s.staffId === masterId);
  }
  const visitRecords = records.filter((r) => r.attendance === 1);
  const clientKeys = new Set<string>();
  const tally = new Tally();
  let visitPaid = 0;
  let nonVisitPaid = 0;
  let salesPaid = 0;
  for (const r of records) {
    const paid = r.lines.reduce((s, l) => s + paidOf(l), 0);
    if (r.attendance !== 1) {
      nonVisitPaid += paid;
      continue;
    }
    visitPaid += paid;
    clientKeys.add(r.clientId === null ? `walk-in:${r.id}` : `client:${r.clientId}`);
    for (const l of r.lines) tally.add(l);
  }
  for (const s of sales) {
    salesPaid += s.lines.reduce((sum, l) => sum + paidOf(l), 0);
    clientKeys.add(`client:${s.clientId}`);
    for (const l of s.lines) tally.add(l);
  }
  const accounts = new Map<string, number>();
  for (const a of data.accounts) {
    const amount = tally.byAccount.get(a.id);
    if (amount !== undefined) accounts.set(a.title, (accounts.get(a.title) ?? 0) + amount);
  }
  const recordsPaid = visitPaid + nonVisitPaid;
  const nonVisit = records.length - visitRecords.length;
  return {
    stats: {
      clients: clientKeys.size,
      clients_average: averageOf(recordsPaid + salesPaid, clientKeys.size),
      records: records.length,
      records_average: averageOf(recordsPaid, records.length),
      visit_records: visitRecords.length,
      visit_records_average: averageOf(visitPaid, visitRecords.length),
      non_visit_records: nonVisit,
      non_visit_records_average: averageOf(nonVisitPaid, nonVisit),
      targets: tally.targets,
      targets_paid: fromMilli(tally.targetsPaid),
      goods: tally.goods,
      goods_paid: fromMilli(tally.goodsPaid),
      certificates: 0,
      certificates_paid: 0,
      abonement: 0,
      abonement_paid: 0,
    },
    accounts,
    discounts: tally.discounts,
    totalAccounts: [...accounts.values()].reduce((a, b) => a + b, 0),
    totalDiscount: [...tally.discounts.values()].reduce((a, b) => a + b, 0),
    visitRecords,
    sales,
  };
}
