import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../src/util/dates.js';
import { moneyText, toMilli, type ZReportTruth } from '../src/simulator/index.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

/** API stat -> warehouse column. */
const STATS: Record<string, string> = {
  clients: 'clients',
  clients_average: 'clients_average',
  records: 'records',
  records_average: 'records_average',
  visit_records: 'visit_records',
  visit_records_average: 'visit_records_average',
  non_visit_records: 'non_visit_records',
  non_visit_records_average: 'non_visit_records_average',
  targets: 'targets',
  targets_paid: 'targets_paid',
  goods: 'goods',
  goods_paid: 'goods_paid',
  certificates: 'gift_cards',
  certificates_paid: 'gift_cards_paid',
  abonement: 'memberships',
  abonement_paid: 'memberships_paid',
};

type Day = Record<string, string | number | null> & { location_id: string; report_date: string };

/** What the warehouse says about one day, in the truth's shape (money as three-decimal text). */
async function warehouseDay(pipeline: Pipeline, locationId: number, date: string): Promise<ZReportTruth | null> {
  const [day] = await pipeline.rows<Day>(
    `select *, report_date::text as report_date from altegio.z_reports where location_id = ${locationId} and report_date = '${date}'`,
  );
  if (!day) return null;
  const payments = await pipeline.rows<{ kind: string; title: string; amount: string }>(
    `select kind, title, amount::text from altegio.z_report_payments where location_id = ${locationId} and report_date = '${date}' order by kind, position`,
  );
  const byTitle = (kind: string) => Object.fromEntries(payments.filter((x) => x.kind === kind).map((x) => [x.title, moneyText(toMilli(x.amount))]));
  const stats = Object.fromEntries(Object.entries(STATS).map(([api, column]) => [api, Number(day[column])]));
  return {
    stats: stats as unknown as ZReportTruth['stats'],
    accounts: byTitle('account'),
    discounts: byTitle('discount'),
    total: { accounts: moneyText(toMilli(String(day.accounts_total))), discount: moneyText(toMilli(String(day.discount_total))) },
  };
}

const ZERO_STATS = Object.fromEntries(Object.keys(STATS).map((k) => [k, 0]));
const EMPTY_DAY = { stats: ZERO_STATS, accounts: {}, discounts: {}, total: { accounts: '0.000', discount: '0.000' } };

describe('Z-reports, one location-local day at a time', () => {
  it('equals the source for every day of a backfill in every zone, empty days as zeros, and a re-run rewrites nothing', async () => {
    // New York, Tokyo, London, Auckland: local days that straddle UTC midnight both ways.
    p = await startPipeline({ sim: { locations: 4, clients: 40, days: 12 } });
    const truth = p.sim.truth();
    const dates = truth.locations.flatMap((l) => Object.keys(l.zReports)).sort();
    const window = { from: addDays(dates[0]!, -2), to: dates[dates.length - 1]! };
    const result = await p.backfill(window, ['z_reports']);
    expect(result.ok).toBe(true);

    let empty = 0;
    for (const location of truth.locations) {
      for (let date = window.from; date <= window.to; date = addDays(date, 1)) {
        const expected = location.zReports[date] ?? EMPTY_DAY;
        if (!location.zReports[date]) empty++;
        expect({ location: location.id, date, ...(await warehouseDay(p, location.id, date)) }).toEqual({ location: location.id, date, ...expected });
      }
    }
    expect(empty).toBeGreaterThanOrEqual(2 * truth.locations.length);

    // The items of a day add up to what its accounts received.
    const mismatched = await p.rows(`
      select z.location_id, z.report_date from altegio.z_reports z
      left join (select location_id, report_date, sum(accounts_amount) as paid from altegio.z_report_items group by 1, 2) i using (location_id, report_date)
      where coalesce(i.paid, 0) <> z.accounts_total`);
    expect(mismatched).toEqual([]);
    const [others] = await p.rows<{ n: string }>(`select count(*) as n from altegio.z_report_items where kind = 'other'`);
    expect(Number(others!.n)).toBe(0);

    const [before] = await p.rows<{ at: Date; n: string }>('select max(synced_at) as at, count(*) as n from altegio.z_report_items');
    const again = await p.backfill(window, ['z_reports']);
    expect(again.runs.reduce((n, r) => n + r.inserted + r.updated, 0)).toBe(0);
    const [after] = await p.rows<{ at: Date; n: string }>('select max(synced_at) as at, count(*) as n from altegio.z_report_items');
    expect(after).toEqual(before);
  });

  it('re-reads the recent days: a record settled a few hours ago changes its day\'s totals', async () => {
    p = await startPipeline({ sim: { locations: 2, clients: 40, days: 5 } });
    const first = await p.sync(['z_reports']);
    expect(first.ok).toBe(true);
    const location = p.sim.truth().locations[1]!;
    // Six hours ago and at most four hours long: over by now, on today or yesterday (local).
    const startAt = new Date(Date.now() - 6 * 3600_000);
    const added = p.sim.mutate.addRecord(location.id, { startAt, attendance: 1 });
    const day = localDate(new Date(added.startMs), location.timezone);
    const expected = p.sim.truth().locations[1]!.zReports[day]!;
    expect(await warehouseDay(p, location.id, day)).not.toEqual(expected);

    p.sim.resetStats();
    const second = await p.sync(['z_reports']);
    expect(second.ok).toBe(true);
    expect(await warehouseDay(p, location.id, day)).toEqual(expected);
    // Three recent days a location, nothing more.
    expect(p.sim.stats().byEndpoint['GET /reports/z_report/{loc}']?.requests).toBe(3 * 2);
    expect(second.runs.filter((r) => r.stream === 'z_reports').reduce((n, r) => n + r.updated, 0)).toBe(1);
  });
});
