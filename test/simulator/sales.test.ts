import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_TIMEZONE, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, getData, instantOf, localText, readAllPages } from './helpers.js';

const milli = (n: number | string): number => Math.round(Number(n) * 1000);
const NY = 'America/New_York';

describe('transactions in server time (Asia/Dubai)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 80, locations: 1, days: 10 });
  });
  afterAll(() => sim.close());

  it('prints date and last_change_date naive or with +0400, never in the location zone', async () => {
    expect(SERVER_TIMEZONE).toBe('Asia/Dubai');
    const { rows } = await readAllPages<any>(sim, '/transactions/1', 200);
    const shapes = new Set(rows.map((t) => t.date.replace(/\d/g, '9')));
    expect(shapes).toEqual(new Set(['9999-99-99 99:99:99', '9999-99-99T99:99:99+9999']));
    for (const t of rows) if (t.date.includes('T')) expect(t.date.endsWith('+0400')).toBe(true);
    for (const t of rows) expect(t.last_change_date.replace(/\d/g, '9')).toBe(t.date.replace(/\d/g, '9'));
    const byId = new Map<number, number>();
    const data = sim.world.location(1)!;
    for (const r of data.records) for (const l of r.lines) for (const p of l.payments) byId.set(p.txId, r.startMs + r.lengthSec * 1000);
    let checked = 0;
    for (const t of rows) {
      const at = byId.get(Number(t.id));
      if (at === undefined) continue;
      expect(instantOf(t.date, SERVER_TIMEZONE)).toBe(at);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    // Afternoon payments in New York fall on the next Dubai day.
    expect(rows.some((t) => localText(SERVER_TIMEZONE, instantOf(t.date, SERVER_TIMEZONE)).slice(0, 10) !== localText(NY, instantOf(t.date, SERVER_TIMEZONE)).slice(0, 10))).toBe(true);
  });

  it('filters start_date / end_date on the Dubai calendar date', async () => {
    const all = (await readAllPages<any>(sim, '/transactions/1', 200)).rows;
    const day = '2026-03-15';
    const onDay = (await readAllPages<any>(sim, `/transactions/1?start_date=${day}&end_date=${day}`, 200)).rows;
    expect(onDay.length).toBeGreaterThan(0);
    for (const t of onDay) expect(t.date.slice(0, 10)).toBe(day);
    expect(onDay.map((t) => Number(t.id)).sort()).toEqual(all.filter((t) => t.date.startsWith(day)).map((t) => Number(t.id)).sort());
  });
});

describe('goods-only sales', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 40, locations: 2, days: 21 });
  });
  afterAll(() => sim.close());

  const visitsOf = (loc: number, clientId: number, date: string) =>
    call<any>(sim, `/company/${loc}/clients/visits/search`, {
      method: 'POST',
      json: { client_id: clientId, client_phone: null, from: date, to: date, payment_statuses: [], attendance: null },
    });

  it('exist a few a week, and the visits search shows them with visit_id 0 and record_id 0', async () => {
    for (const [i, loc] of sim.truth().locations.entries()) {
      const sales = sim.world.location(loc.id)!.goodsSales;
      expect(sales.length, `location ${loc.id}`).toBeGreaterThanOrEqual(6);
      expect(sales.length).toBeLessThanOrEqual(22 * 2);
      expect(loc.visits.goodsOnly.length).toBe(sales.length);
      for (const row of loc.visits.goodsOnly.slice(0, 5)) {
        const a = await visitsOf(i + 1, row.clientId, row.visitDate);
        const g = a.body.data.goods_transactions.find((x: any) => x.id === row.goodsTransactionId);
        expect(g).toMatchObject({ visit_id: 0, record_id: 0, staff: { id: expect.any(Number), name: expect.any(String) }, company: { id: loc.id } });
        expect(Object.keys(g).sort()).toEqual(['comment', 'company', 'date', 'goods', 'id', 'record_id', 'staff', 'visit_id']);
        expect(g.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
        expect(Date.parse(g.date)).toBe(Date.parse(row.startsAt));
        expect(row).toMatchObject({ id: -row.goodsTransactionId, recordsCount: 0, attendance: null, costToPay: '0.000', firstCost: '0.000' });
        expect(g.goods.reduce((s: number, x: any) => s + milli(x.cost_to_pay), 0)).toBe(milli(row.goodsCost));
        expect(g.goods.reduce((s: number, x: any) => s + milli(x.paid_sum), 0)).toBe(milli(row.goodsPaid));
        for (const item of g.goods) expect(Object.keys(item).sort()).toEqual(['amount', 'cost_to_pay', 'discount', 'first_cost', 'id', 'paid_sum', 'payment_status', 'title']);
        expect(loc.visits.clientVisitIds).toContain(row.id);
        // An attendance filter leaves them out: they have none.
        const arrived = await call<any>(sim, `/company/${i + 1}/clients/visits/search`, {
          method: 'POST',
          json: { client_id: row.clientId, client_phone: null, from: row.visitDate, to: row.visitDate, payment_statuses: [], attendance: 1 },
        });
        expect(arrived.body.data.goods_transactions.some((x: any) => x.visit_id === 0)).toBe(false);
      }
    }
  });

  it('print the goods of a visit in the same shape, linked to the visit and the record', async () => {
    const data = sim.world.location(1)!;
    const r = data.records.find((x) => !x.deleted && x.clientId !== null && x.lines.some((l) => l.kind === 'good'))!;
    const date = localText(NY, r.startMs).slice(0, 10);
    const a = await visitsOf(1, r.clientId!, date);
    const g = a.body.data.goods_transactions.find((x: any) => x.record_id === r.id);
    expect(g).toMatchObject({ visit_id: r.visitId, record_id: r.id, goods: [expect.objectContaining({ title: expect.any(String), cost_to_pay: expect.any(Number) })] });
    expect('cost_to_pay' in g).toBe(false);
  });

  it('are paid like records: transactions, Z-report and income analytics include them', async () => {
    const loc = sim.truth().locations[0]!;
    const sale = sim.world.location(1)!.goodsSales.find((s) => s.lines.some((l) => l.payments.length > 0))!;
    const day = localText(NY, sale.atMs).slice(0, 10);
    const txs = (await readAllPages<any>(sim, '/transactions/1', 200)).rows;
    const mine = txs.filter((t) => loc.transactions.goodsSaleIds.includes(Number(t.id)));
    expect(mine.length).toBe(loc.transactions.goodsSaleIds.length);
    for (const t of mine) expect(t).toMatchObject({ record_id: 0, visit_id: 0, type_id: 7, expense: { id: 7 } });
    expect(mine.some((t) => t.goods_transaction_id === sale.id)).toBe(true);

    const z = (await getData<any>(sim, `/reports/z_report/1?start_date=${day}`)).data;
    const ts = String(Math.floor(sale.atMs / 1000));
    const entry = (z.z_data[ts] as any[]).find((c) => c.client_id === sale.clientId);
    expect(entry.masters[0]).toMatchObject({ master_id: sale.staffId, service: [] });
    expect(entry.masters[0].good.map((x: any) => x.item_title)).toEqual(sale.lines.map((l) => l.title));
    expect(z.stats).toEqual(loc.zReports[day]!.stats);

    const chart = (await call<any>(sim, `/company/1/analytics/overall/charts/income_daily?date_from=${day}&date_to=${day}`)).raw;
    expect(milli(chart[2].data[0][1])).toBe(milli(z.stats.goods_paid));
    expect(milli(chart[0].data[0][1])).toBe(milli(z.paids.total.accounts));
  });
});
