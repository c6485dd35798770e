/**
 * The day-end report (Z-report) of one location-local day, computed from the live
 * records whose session falls on that day. The same function feeds the endpoint
 * and the ground truth, so they cannot disagree.
 *
 * Definitions (the reference does not spell them out):
 * - records: live records of the day; visit_records: those with attendance 1
 *   (the client came); non_visit_records: the rest.
 * - clients: distinct clients of visit records (each walk-in counts once).
 * - targets / goods: service and goods lines of visit records, `*_paid` their payments.
 * - `*_average`: paid amount divided by the count, rounded to cents.
 * - paids.accounts: payments by account title; paids.discount: line discounts by
 *   discount title; both only from visit records. Certificates and memberships are
 *   not sold through records here, so their counters are 0.
 */
import { averageOf, fromMilli } from '../money.js';
import type { LocationData, SimRecord } from '../world/types.js';
import type { World } from '../world/world.js';
import { liveRecordsByDate, paidOf } from './views.js';

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
  /** Visit records of the day (what z_data lists). */
  visitRecords: SimRecord[];
}

export function computeZReport(world: World, data: LocationData, date: string, masterId: number): ZReport {
  let records = liveRecordsByDate(world, data).get(date) ?? [];
  if (masterId !== 0) records = records.filter((r) => r.staffId === masterId);
  const visitRecords = records.filter((r) => r.attendance === 1);
  const clientKeys = new Set<string>();
  let visitPaid = 0;
  let nonVisitPaid = 0;
  let targets = 0;
  let targetsPaid = 0;
  let goods = 0;
  let goodsPaid = 0;
  const byAccount = new Map<number, number>();
  const discounts = new Map<string, number>();
  for (const r of records) {
    const paid = r.lines.reduce((s, l) => s + paidOf(l), 0);
    if (r.attendance !== 1) {
      nonVisitPaid += paid;
      continue;
    }
    visitPaid += paid;
    clientKeys.add(r.clientId === null ? `walk-in:${r.id}` : `client:${r.clientId}`);
    for (const l of r.lines) {
      const linePaid = paidOf(l);
      if (l.kind === 'service') {
        targets++;
        targetsPaid += linePaid;
      } else {
        goods++;
        goodsPaid += linePaid;
      }
      for (const p of l.payments) byAccount.set(p.accountId, (byAccount.get(p.accountId) ?? 0) + p.amount);
      if (l.discount > 0) {
        const title = l.discountTitle ?? 'Discount';
        discounts.set(title, (discounts.get(title) ?? 0) + l.discount);
      }
    }
  }
  const accounts = new Map<string, number>();
  for (const a of data.accounts) {
    const amount = byAccount.get(a.id);
    if (amount !== undefined) accounts.set(a.title, (accounts.get(a.title) ?? 0) + amount);
  }
  const total = visitPaid + nonVisitPaid;
  const nonVisit = records.length - visitRecords.length;
  return {
    stats: {
      clients: clientKeys.size,
      clients_average: averageOf(total, clientKeys.size),
      records: records.length,
      records_average: averageOf(total, records.length),
      visit_records: visitRecords.length,
      visit_records_average: averageOf(visitPaid, visitRecords.length),
      non_visit_records: nonVisit,
      non_visit_records_average: averageOf(nonVisitPaid, nonVisit),
      targets,
      targets_paid: fromMilli(targetsPaid),
      goods,
      goods_paid: fromMilli(goodsPaid),
      certificates: 0,
      certificates_paid: 0,
      abonement: 0,
      abonement_paid: 0,
    },
    accounts,
    discounts,
    totalAccounts: [...accounts.values()].reduce((a, b) => a + b, 0),
    totalDiscount: [...discounts.values()].reduce((a, b) => a + b, 0),
    visitRecords,
  };
}
