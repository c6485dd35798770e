import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, getData } from './helpers.js';

const milli = (n: number | string): number => Math.round(Number(n) * 1000);
const RANGE = 'date_from=2026-03-10&date_to=2026-03-16';
const DAYS = ['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16'];

describe('analytics in the real shapes', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 150, locations: 3, days: 20, account: { noAnalyticsRight: [3] } });
  });
  afterAll(() => sim.close());

  it('prints the overall key metrics with string money and a currency in each income block', async () => {
    const { data, meta } = await getData<any>(sim, `/company/1/analytics/overall?${RANGE}`);
    expect(meta).toEqual([]);
    expect(Object.keys(data).sort()).toEqual([
      'client_stats', 'fullness_stats', 'income_average_services_stats', 'income_average_stats', 'income_goods_stats',
      'income_services_stats', 'income_total_stats', 'record_stats',
    ]);
    const currency = { id: expect.any(Number), iso: 'USD', name: 'US Dollar', symbol: '$', is_symbol_after_amount: false };
    for (const key of Object.keys(data).filter((k) => k.startsWith('income_'))) {
      const block = data[key];
      expect(Object.keys(block).sort(), key).toEqual(['change_percent', 'currency', 'current_sum', 'previous_sum']);
      expect(block.current_sum).toMatch(/^-?\d+(\.\d{1,3})?$/);
      expect(block.previous_sum).toMatch(/^-?\d+(\.\d{1,3})?$/);
      expect(block.change_percent === null || Number.isInteger(block.change_percent)).toBe(true);
      expect(block.currency).toEqual(currency);
    }
    expect(milli(data.income_total_stats.current_sum)).toBe(milli(data.income_services_stats.current_sum) + milli(data.income_goods_stats.current_sum));
    expect(JSON.stringify({ ...data, income_total_stats: 0, income_services_stats: 0, income_goods_stats: 0, income_average_stats: 0, income_average_services_stats: 0 })).not.toMatch(/current_sum|currency/);

    const r = data.record_stats;
    expect(r.current_completed_count + r.current_pending_count + r.current_canceled_count).toBe(r.current_total_count);
    expect(r.current_total_count).toBeGreaterThan(0);
    expect(r.current_completed_percent).toBeCloseTo((100 * r.current_completed_count) / r.current_total_count, 1);
    const c = data.client_stats;
    expect(Object.keys(c).sort()).toEqual(['active_count', 'lost_count', 'lost_percent', 'new_count', 'new_percent', 'return_count', 'return_percent', 'total_count']);
    expect(c.new_count + c.return_count).toBe(c.total_count);
    expect(c.active_count).toBe(c.total_count);
    expect(Object.keys(data.fullness_stats).sort()).toEqual(['change_percent', 'current_percent', 'previous_percent']);
  });

  it('uses null percentages for an empty period and null change_percent when only the previous is 0', async () => {
    const empty = (await getData<any>(sim, '/company/1/analytics/overall?date_from=2025-06-01&date_to=2025-06-03')).data;
    expect(empty.record_stats).toMatchObject({ current_total_count: 0, current_completed_percent: null, current_pending_percent: null, current_canceled_percent: null });
    expect(empty.income_total_stats).toMatchObject({ current_sum: '0', previous_sum: '0', change_percent: 0 });
    // The first generated days have nothing before them.
    const first = (await getData<any>(sim, '/company/1/analytics/overall?date_from=2026-02-28&date_to=2026-03-08')).data;
    expect(first.income_total_stats.previous_sum).toBe('0');
    expect(first.income_total_stats.change_percent).toBeNull();
  });

  it('answers daily charts as bare arrays, one point a day at 00:00 UTC in ms, even for Tokyo', async () => {
    const a = await call<any>(sim, `/company/2/analytics/overall/charts/income_daily?${RANGE}`);
    expect(a.status).toBe(200);
    expect(Array.isArray(a.raw)).toBe(true);
    expect(a.raw.map((s: any) => [s.label, s.slug])).toEqual([['Earnings', 'income_total'], ['Services', 'income_services'], ['Products', 'income_goods']]);
    const xs = DAYS.map((d) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))));
    for (const s of a.raw) expect(s.data.map((p: number[]) => p[0])).toEqual(xs);
    expect(xs[0]).toBe(Date.parse('2026-03-10T00:00:00Z'));
    const overall = (await getData<any>(sim, `/company/2/analytics/overall?${RANGE}`)).data;
    const total = a.raw[0].data.reduce((s: number, p: number[]) => s + milli(p[1]!), 0);
    expect(total).toBe(milli(overall.income_total_stats.current_sum));

    const records = await call<any>(sim, `/company/2/analytics/overall/charts/records_daily?${RANGE}`);
    expect(records.raw.map((s: any) => s.label)).toEqual(['Number of appointments', 'Number of online bookings', 'Number of appointments from new clients']);
    for (const s of records.raw) expect('slug' in s).toBe(false);
    const count = records.raw[0].data.reduce((s: number, p: number[]) => s + p[1]!, 0);
    expect(count).toBe(overall.record_stats.current_total_count);
    for (const [i, p] of records.raw[1].data.entries()) expect(p[1]).toBeLessThanOrEqual(records.raw[0].data[i][1]);

    const fullness = await call<any>(sim, `/company/2/analytics/overall/charts/fullness_daily?${RANGE}`);
    expect(fullness.raw.map((s: any) => [s.label, s.slug])).toEqual([['Workday occupancy, %', 'fullness_spent'], ['No-shows, %', 'fullness_no_show']]);
  });

  it('answers structure charts with a scalar per label', async () => {
    const overall = (await getData<any>(sim, `/company/1/analytics/overall?${RANGE}`)).data.record_stats;
    const source = (await call<any>(sim, `/company/1/analytics/overall/charts/record_source?${RANGE}`)).raw;
    expect(source.map((r: any) => r.label)).toEqual(['Administrator', 'Online booking form', 'Client mobile app']);
    expect(source.reduce((s: number, r: any) => s + r.data, 0)).toBe(overall.current_total_count);
    const status = (await call<any>(sim, `/company/1/analytics/overall/charts/record_status?${RANGE}`)).raw;
    expect(status.map((r: any) => r.label)).toEqual(['Came', 'Confirmed', 'Expectation', 'Did not come']);
    for (const r of status) expect(Number.isInteger(r.data)).toBe(true);
    expect(status[0].data).toBe(overall.current_completed_count);
    expect(status[3].data).toBe(overall.current_canceled_count);
  });

  it('answers 401 on charts and 403 on the other analytics without the analytics right', async () => {
    const chart = await call(sim, `/company/3/analytics/overall/charts/income_daily?${RANGE}`);
    expect(chart.status).toBe(401);
    expect(chart.body).toEqual({ success: false, data: null, meta: { message: expect.any(String) } });
    const overall = await call(sim, `/company/3/analytics/overall?${RANGE}`);
    expect(overall.status).toBe(403);
    expect(overall.body.meta.message).toBe('Недостаточно прав');
    // The records of that location are still served.
    expect((await call(sim, '/records/3?count=1')).status).toBe(200);
  });
});

describe('loyalty-program analytics', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 400, locations: 2, days: 20 });
  });
  afterAll(() => sim.close());

  const path = (kind: string, extra = '') => `/company/1/analytics/loyalty_programs/${kind}?${RANGE}${extra}`;

  it('requires the program and the dates, and knows only the programs of the location', async () => {
    const missing = await call(sim, path('visits'));
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.meta.errors)).toEqual(['loyalty_program_id']);
    expect((await call(sim, '/company/1/analytics/loyalty_programs/visits?loyalty_program_id=901')).status).toBe(422);
    // The birthday program is attached to location 1 only.
    const birthday = sim.world.chain.programs.find((p) => p.locIds.length === 1)!;
    expect((await call(sim, `/company/2/analytics/loyalty_programs/visits?${RANGE}&loyalty_program_id=${birthday.id}`)).status).toBe(404);
    expect((await call(sim, path('visits', '&loyalty_program_id=999999'))).status).toBe(404);
  });

  it('counts the program clients only, and lists the days only with include[]', async () => {
    const program = sim.world.chain.programs[1]!;
    const q = `&loyalty_program_id=${program.id}`;
    const plain = (await getData<any>(sim, path('visits', q))).data;
    expect(plain.visits_stats_by_day).toEqual([]);
    const full = await getData<any>(sim, path('visits', `${q}&include[]=visits_stats_by_day`));
    expect(full.meta).toEqual([]);
    expect(full.data.client_stats).toEqual(plain.client_stats);
    expect(full.data.visits_stats_by_day.map((d: any) => d.date)).toEqual(DAYS);
    const total = plain.client_stats.total;
    expect(Object.keys(total).sort()).toEqual(['all_count', 'lost_count', 'returned_count', 'returned_percent']);
    expect(plain.client_stats.new.all_count + plain.client_stats.old.all_count).toBe(total.all_count);
    // Members: clients of location 1 with a card whose type lists the program.
    const types = new Set(sim.world.chain.cardTypes.filter((t) => t.programIds.includes(program.id)).map((t) => t.id));
    const members = new Set(sim.world.chain.loyaltyCards.filter((c) => c.locId === 1 && types.has(c.typeId)).map((c) => c.clientId));
    expect(total.all_count).toBeGreaterThan(0);
    expect(total.all_count).toBeLessThanOrEqual(members.size);

    const staff = await getData<any[]>(sim, path('staff', q));
    expect(staff.meta).toEqual({ count: sim.world.location(1)!.staff.length });
    for (const row of staff.data) {
      expect(Object.keys(row).sort()).toEqual(['client_stats', 'staff']);
      expect(Object.keys(row.client_stats).sort()).toEqual(['all_count', 'lost_count', 'returned_count', 'returned_percent']);
      expect(Object.keys(row.staff).sort()).toEqual(['id', 'name']);
    }
  });
});
