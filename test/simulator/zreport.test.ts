import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, getData, instantOf, localText, readAllPages } from './helpers.js';

const milli = (n: number | string): number => Math.round(Number(n) * 1000);

describe('Z-report', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 120, locations: 2, days: 10, recordsPerDay: 15 });
  });
  afterAll(() => sim.close());

  const ZONES: Record<number, string> = { 1: 'America/New_York', 2: 'Asia/Tokyo' };

  /**
   * Recomputes a day from the records and transactions endpoints (plus the world's
   * goods-only sales for their discounts). Transactions are dated in server time
   * (Asia/Dubai): the location-local day is found by converting each instant.
   */
  async function fromRecords(loc: number, day: string) {
    const { rows } = await readAllPages<any>(sim, `/records/${loc}?start_date=${day}&end_date=${day}`);
    const dubai = (d: string, n: number) => new Date(Date.parse(`${d}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const txs = (await readAllPages<any>(sim, `/transactions/${loc}?start_date=${dubai(day, -1)}&end_date=${dubai(day, 1)}`, 200)).rows;
    const visits = rows.filter((r) => r.attendance === 1);
    const byAccount: Record<string, number> = {};
    for (const t of txs) {
      if (Number(t.amount) <= 0) continue;
      if (localText(ZONES[loc]!, instantOf(t.date, 'Asia/Dubai')).slice(0, 10) !== day) continue;
      byAccount[t.account.title] = (byAccount[t.account.title] ?? 0) + milli(t.amount);
    }
    const sales = sim.world.location(loc)!.goodsSales.filter((g) => localText(ZONES[loc]!, g.atMs).startsWith(day));
    const discount = visits.flatMap((r) => r.services).reduce((s: number, x: any) => s + milli(x.first_cost) - milli(x.cost), 0)
      + visits.flatMap((r) => r.goods_transactions).reduce((s: number, g: any) => s + milli(g.cost_per_unit) * -g.amount - milli(g.cost), 0)
      + sales.flatMap((g) => g.lines).reduce((s, l) => s + l.discount, 0);
    const goods = visits.flatMap((r) => r.goods_transactions).length + sales.flatMap((g) => g.lines).length;
    return { records: rows.length, visitRecords: visits.length, targets: visits.flatMap((r) => r.services).length, goods, byAccount, discount };
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
        expect(z.stats.goods).toBe(expected.goods);
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
        // The symbol, not the ISO code.
        expect(z.currency).toBe(loc === 1 ? '$' : '¥');
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

describe('Z-report dates and the today-only right', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 60, locations: 2, days: 10, account: { zReportTodayOnly: [2] } });
  });
  afterAll(() => sim.close());

  const z = async (query: string, loc = 1) => (await getData<any>(sim, `/reports/z_report/${loc}?${query}`)).data;

  it('reads DD.MM.YYYY as well as YYYY-MM-DD; an equal or absent end_date is the one-day report', async () => {
    const iso = await z('start_date=2026-03-15');
    expect(await z('start_date=15.03.2026')).toEqual(iso);
    expect(await z('start_date=15.03.2026&end_date=15.03.2026')).toEqual(iso);
    expect(iso.stats.records).toBeGreaterThan(0);
    for (const bad of ['start_date=2026.03.15', 'start_date=32.03.2026', 'start_date=15.03.2026&end_date=14.03.2026']) {
      expect((await call(sim, `/reports/z_report/1?${bad}`)).status, bad).toBe(422);
    }
    const tooLong = await call(sim, '/reports/z_report/1?start_date=01.01.2025&end_date=01.03.2026');
    expect(tooLong.status).toBe(422);
    expect(Object.keys(tooLong.body.meta.errors)).toEqual(['end_date']);
  });

  it('answers a longer range with the report of the whole range', async () => {
    const days = ['2026-03-14', '2026-03-15', '2026-03-16'];
    const range = await z('start_date=14.03.2026&end_date=16.03.2026');
    const single = await Promise.all(days.map((d) => z(`start_date=${d}`)));
    for (const key of ['records', 'visit_records', 'targets', 'goods', 'non_visit_records'] as const) {
      expect(range.stats[key], key).toBe(single.reduce((s, x) => s + x.stats[key], 0));
    }
    expect(milli(range.paids.total.accounts)).toBe(single.reduce((s, x) => s + milli(x.paids.total.accounts), 0));
    expect(Object.keys(range.z_data).sort()).toEqual(single.flatMap((x) => Object.keys(x.z_data)).sort());
  });

  it("answers today's report, whatever day is asked, without the right to past reports", async () => {
    const today = localText('Asia/Tokyo', ANCHOR.getTime()).slice(0, 10);
    const truth = sim.truth().locations[1]!.zReports[today]!;
    for (const q of ['start_date=2026-03-12', 'start_date=01.01.2020', `start_date=${today}`, 'start_date=12.03.2026&end_date=19.03.2026']) {
      const report = await z(q, 2);
      expect(report.stats, q).toEqual(truth.stats);
      expect(Object.keys(report).sort()).toEqual(['currency', 'paids', 'stats', 'z_data']);
    }
    expect((await z('start_date=2026-03-12', 1)).stats).toEqual(sim.truth().locations[0]!.zReports['2026-03-12']!.stats);
  });
});
