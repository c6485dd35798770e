import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, getData, readAllPages } from './helpers.js';

const milli = (n: number | string): number => Math.round(Number(n) * 1000);

describe('Z-report', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 120, locations: 2, days: 10, recordsPerDay: 15 });
  });
  afterAll(() => sim.close());

  /** Recomputes a day from the records and transactions endpoints only. */
  async function fromRecords(loc: number, day: string) {
    const { rows } = await readAllPages<any>(sim, `/records/${loc}?start_date=${day}&end_date=${day}`);
    const txs = (await readAllPages<any>(sim, `/transactions/${loc}?start_date=${day}&end_date=${day}`, 100)).rows;
    const visits = rows.filter((r) => r.attendance === 1);
    const byAccount: Record<string, number> = {};
    for (const t of txs) if (t.record_id !== 0) byAccount[t.account.title] = (byAccount[t.account.title] ?? 0) + milli(t.amount);
    const discount = visits.flatMap((r) => r.services).reduce((s: number, x: any) => s + milli(x.first_cost) - milli(x.cost), 0)
      + visits.flatMap((r) => r.goods_transactions).reduce((s: number, g: any) => s + milli(g.cost_per_unit) * -g.amount - milli(g.cost), 0);
    return { records: rows.length, visitRecords: visits.length, targets: visits.flatMap((r) => r.services).length, byAccount, discount };
  }

  it('equals the sums over the records of that location-local day', async () => {
    let checked = 0;
    for (const loc of [1, 2]) {
      for (const day of ['2026-03-12', '2026-03-15', '2026-03-19']) {
        const z = (await getData<any>(sim, `/reports/z_report/${loc}?start_date=${day}&master_id=0`)).data;
        const expected = await fromRecords(loc, day);
        expect(z.stats.records).toBe(expected.records);
        expect(z.stats.visit_records).toBe(expected.visitRecords);
        expect(z.stats.non_visit_records).toBe(expected.records - expected.visitRecords);
        expect(z.stats.targets).toBe(expected.targets);
        const accounts = Object.fromEntries(z.paids.accounts.map((a: any) => [a.title, milli(a.amount)]));
        expect(accounts).toEqual(expected.byAccount);
        const total = Object.values(expected.byAccount).reduce((a, b) => a + b, 0);
        expect(milli(z.paids.total.accounts)).toBe(total);
        expect(milli(z.stats.targets_paid) + milli(z.stats.goods_paid)).toBe(total);
        expect(milli(z.paids.total.discount)).toBe(expected.discount);
        expect(z.paids.discount.reduce((s: number, d: any) => s + milli(d.amount), 0)).toBe(expected.discount);
        // z_data lists the same payments, keyed by the unix time of each session.
        let zTotal = 0;
        for (const [ts, clients] of Object.entries(z.z_data as Record<string, any[]>)) {
          expect(ts).toMatch(/^\d{10}$/);
          for (const c of clients) for (const m of c.masters) {
            expect(Array.isArray(m.others)).toBe(false);
            for (const item of [...m.service, ...m.good]) for (const t of item.transactions) zTotal += milli(t.accounts_amount);
          }
        }
        expect(zTotal).toBe(total);
        expect(z.currency).toBe(loc === 1 ? 'USD' : 'JPY');
        checked++;
      }
    }
    expect(checked).toBe(6);
  });

  it('matches the ground truth for every day', async () => {
    const truth = sim.truth().locations[1]!.zReports;
    const days = Object.keys(truth);
    expect(days.length).toBe(18);
    for (const day of days.slice(0, 4)) {
      const z = (await getData<any>(sim, `/reports/z_report/2?start_date=${day}`)).data;
      expect(z.stats).toEqual(truth[day]!.stats);
      expect(Object.fromEntries(z.paids.accounts.map((a: any) => [a.title, milli(a.amount)]))).toEqual(
        Object.fromEntries(Object.entries(truth[day]!.accounts).map(([k, v]) => [k, milli(v)])),
      );
    }
  });

  it('prints an empty day with zero stats and z_data as []', async () => {
    const z = (await getData<any>(sim, '/reports/z_report/1?start_date=2025-01-01')).data;
    expect(z.z_data).toEqual([]);
    expect(Object.values(z.stats).every((v) => v === 0)).toBe(true);
    expect(z.paids).toEqual({ accounts: [], discount: [], total: { accounts: 0, discount: 0 } });
  });

  it('follows record mutations (derived data is recomputed)', async () => {
    const day = '2026-03-18';
    const before = (await getData<any>(sim, `/reports/z_report/1?start_date=${day}`)).data;
    const paid = sim.world.location(1)!.records.find(
      (r) => !r.deleted && r.attendance === 1 && new Date(r.startMs).toISOString().startsWith(day) && r.lines.some((l) => l.payments.length > 0),
    )!;
    const amount = paid.lines.reduce((s, l) => s + l.payments.reduce((a, p) => a + p.amount, 0), 0);
    sim.mutate.deleteRecord(1, paid.id);
    const after = (await getData<any>(sim, `/reports/z_report/1?start_date=${day}`)).data;
    expect(after.stats.records).toBe(before.stats.records - 1);
    expect(milli(before.paids.total.accounts) - milli(after.paids.total.accounts)).toBe(amount);
    const txIds = paid.lines.flatMap((l) => l.payments.map((p) => p.txId));
    const txs = (await readAllPages<any>(sim, `/transactions/1?start_date=${day}&end_date=${day}`)).rows;
    expect(txs.some((t) => txIds.includes(t.id))).toBe(false);
  });
});
