import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, getData, instantOf, readAllPages, type Answer } from './helpers.js';

describe('records, visits and transactions paging', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // Few clients and many records: each client has well over 25 visits.
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 6, locations: 1, days: 30, recordsPerDay: 24 });
  });
  afterAll(() => sim.close());

  it('returns every record exactly once, deleted ones only with with_deleted=1', async () => {
    const truth = sim.truth().locations[0]!.records;
    const all = await readAllPages<{ id: number; deleted: boolean; last_change_date: string }>(sim, '/records/1?with_deleted=1', 100);
    const ids = all.rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(truth.ids);
    expect(all.rows.filter((r) => r.deleted).map((r) => r.id).sort((a, b) => a - b)).toEqual(truth.deletedIds);
    expect(truth.deletedIds.length).toBeGreaterThan(0);
    const live = await readAllPages<{ deleted: boolean }>(sim, '/records/1', 200);
    expect(live.rows.length).toBe(truth.ids.length - truth.deletedIds.length);
    expect(live.rows.every((r) => r.deleted === false)).toBe(true);
    const anchor = sim.world.anchorMs;
    for (const r of all.rows) expect(instantOf(r.last_change_date, 'America/New_York')).toBeLessThanOrEqual(anchor);
  });

  it('has walk-ins, every attendance, money in cents and discounts', async () => {
    const { rows } = await readAllPages<any>(sim, '/records/1', 200);
    expect(rows.some((r) => r.client === null)).toBe(true);
    expect(new Set(rows.map((r) => r.attendance))).toEqual(new Set([-1, 0, 1, 2]));
    const services = rows.flatMap((r) => r.services);
    expect(services.some((s: any) => !Number.isInteger(s.cost))).toBe(true);
    expect(services.some((s: any) => s.discount > 0 && s.cost < s.first_cost)).toBe(true);
    expect(rows.some((r) => r.goods_transactions.length > 0)).toBe(true);
    const t = sim.truth().locations[0]!.records.services;
    expect(services.length).toBe(t.count);
    expect(services.reduce((s: number, x: any) => s + Math.round(x.cost * 1000), 0)).toBe(Math.round(Number(t.cost) * 1000));
  });

  it('pages visits by the date cursor: each visit once, newest first, same-date visits kept together', async () => {
    const truth = sim.truth().locations[0]!.visits;
    const seen: number[] = [];
    let extended = 0;
    let sales = 0;
    for (const clientId of sim.truth().locations[0]!.clients.ids) {
      let from: string | null = null;
      let to: string | null = null;
      let lastDate = '9999-12-31';
      let pages = 0;
      for (;;) {
        const a: Answer<any> = await call<any>(sim, '/company/1/clients/visits/search', {
          method: 'POST',
          json: { client_id: clientId, client_phone: null, from, to, payment_statuses: [], attendance: null },
        });
        expect(a.status).toBe(200);
        pages++;
        // A page lists visits (through their records) and goods-only sales (visit_id 0), keyed as the warehouse keys them.
        const visitIds: number[] = [];
        const dates: string[] = [];
        const saleDates: string[] = [];
        for (const r of a.body.data.records) {
          if (!visitIds.includes(r.visit_id)) {
            visitIds.push(r.visit_id);
            dates.push(r.date.slice(0, 10));
          }
        }
        for (const g of a.body.data.goods_transactions) {
          if (g.visit_id !== 0) continue;
          expect(g.record_id).toBe(0);
          visitIds.push(-g.id);
          saleDates.push(g.date.slice(0, 10));
          sales++;
        }
        const { current, next }: { current: { count: number }; next?: { from: string | null; to: string; count: number } } = a.body.meta.dateCursor;
        expect(current.count).toBe(visitIds.length);
        // Newest first, never repeating the date of an earlier page.
        expect([...dates].sort().reverse()).toEqual(dates);
        expect([...saleDates].sort().reverse()).toEqual(saleDates);
        const all = [...dates, ...saleDates].sort().reverse();
        if (all.length > 0) expect(all[0]! < lastDate).toBe(true);
        if (visitIds.length > 25) {
          extended++;
          expect(new Set(all.slice(24)).size).toBe(1);
        }
        seen.push(...visitIds);
        if (!next || next.count === 0) break;
        expect(next.to < all[all.length - 1]!).toBe(true);
        lastDate = all[all.length - 1]!;
        from = next.from;
        to = next.to;
      }
      expect(pages).toBeGreaterThan(1);
    }
    expect(extended).toBeGreaterThan(0);
    expect(sales).toBe(truth.goodsOnly.length);
    expect(sales).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(truth.clientVisitIds);
  });

  it('refuses a visits search without every body key', async () => {
    const a = await call(sim, '/company/1/clients/visits/search', { method: 'POST', json: { client_id: 1, from: null, to: null } });
    expect(a.status).toBe(422);
    expect(a.body).toMatchObject({ success: false, data: null });
    expect(Object.keys(a.body.meta.errors).sort()).toEqual(['attendance', 'client_phone', 'payment_statuses']);
  });

  it('pages transactions until a short page, with meta [] and every id once', async () => {
    const truth = sim.truth().locations[0]!.transactions;
    const { rows } = await readAllPages<{ id: number | string; amount: string }>(sim, '/transactions/1?start_date=2026-01-01&end_date=2026-12-31', 50);
    // Ids come as numbers or as strings; amounts always as decimal strings.
    const ids = rows.map((t) => Number(t.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(truth.ids);
    expect(rows.some((t) => typeof t.id === 'string') && rows.some((t) => typeof t.id === 'number')).toBe(true);
    for (const t of rows) expect(t.amount).toMatch(/^-?\d+\.\d{2,3}$/);
    expect(rows.reduce((s, t) => s + Math.round(Number(t.amount) * 1000), 0)).toBe(Math.round(Number(truth.amount) * 1000));
    // The default page is 50 rows; meta is [] (no total).
    const first = await getData<unknown[]>(sim, '/transactions/1');
    expect(first.meta).toEqual([]);
    expect(first.data).toHaveLength(50);
    expect((await getData<unknown[]>(sim, '/transactions/1?count=201')).data).toHaveLength(50);
    expect(rows.some((t) => Number(t.amount) < 0)).toBe(true);
  });
});
