/** Ground truth of Z-reports and financial transactions. */
import { moneyText, type Money } from '../money.js';
import { addDays, datesBetween, localDate } from '../time.js';
import { computeZReport, type ZStats } from '../derive/zreport.js';
import { recordDates, transactionsOf } from '../derive/views.js';
import type { LocationData } from '../world/types.js';
import type { World } from '../world/world.js';

export interface ZReportTruth {
  /** Exactly the numbers GET /reports/z_report serves in `stats` (goods-only sales included). */
  stats: ZStats;
  /** `paids.accounts` as title -> amount. */
  accounts: Record<string, Money>;
  /** `paids.discount` as title -> amount. */
  discounts: Record<string, Money>;
  total: { accounts: Money; discount: Money };
}

export interface TransactionsTruth {
  ids: number[];
  count: number;
  /** Sum of `amount` (expenses are negative). */
  amount: Money;
  /** Sum of `amount` by account title. */
  byAccount: Record<string, Money>;
  /** Ids of expense transactions (record_id 0, negative amounts). */
  expenseIds: number[];
  /** Ids of the payments of goods-only sales (record_id 0, visit_id 0, positive amounts). */
  goodsSaleIds: number[];
}

/** Every local day from the first to the last day that has (or had) records, empty days included. */
export function reportDates(world: World, data: LocationData): string[] {
  let first: string | null = null;
  let last: string | null = null;
  for (const d of recordDates(world, data).values()) {
    if (first === null || d < first) first = d;
    if (last === null || d > last) last = d;
  }
  if (first === null || last === null) {
    const today = localDate(data.loc.zone, world.anchorMs);
    return [today];
  }
  return datesBetween(first, last > addDays(first, 4000) ? addDays(first, 4000) : last);
}

function mapText(m: Map<string, number>): Record<string, Money> {
  const out: Record<string, Money> = {};
  for (const [k, v] of m) out[k] = moneyText(v);
  return out;
}

export function zReportsTruth(world: World, data: LocationData): Record<string, ZReportTruth> {
  const out: Record<string, ZReportTruth> = {};
  for (const date of reportDates(world, data)) {
    const z = computeZReport(world, data, date, 0);
    out[date] = {
      stats: z.stats,
      accounts: mapText(z.accounts),
      discounts: mapText(z.discounts),
      total: { accounts: moneyText(z.totalAccounts), discount: moneyText(z.totalDiscount) },
    };
  }
  return out;
}

export function transactionsTruth(world: World, data: LocationData): TransactionsTruth {
  const rows = transactionsOf(world, data);
  const byAccount = new Map<string, number>();
  let amount = 0;
  for (const t of rows) {
    amount += t.amount;
    const title = data.accounts.find((a) => a.id === t.accountId)?.title ?? '';
    byAccount.set(title, (byAccount.get(title) ?? 0) + t.amount);
  }
  const ids = rows.map((t) => t.id).sort((a, b) => a - b);
  return {
    ids,
    count: ids.length,
    amount: moneyText(amount),
    byAccount: mapText(byAccount),
    expenseIds: rows.filter((t) => t.expense !== null).map((t) => t.id).sort((a, b) => a - b),
    goodsSaleIds: rows.filter((t) => t.sale !== null).map((t) => t.id).sort((a, b) => a - b),
  };
}
