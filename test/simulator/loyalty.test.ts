import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, type Envelope } from './helpers.js';

const milli = (n: number | string): number => Math.round(Number(n) * 1000);

describe('loyalty and analytics', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 300, days: 20 });
  });
  afterAll(() => sim.close());

  /** Unwraps the `[ {success, data, meta} ]` quirk. */
  function envelope(body: unknown): Envelope<any[]> {
    return (Array.isArray(body) ? body[0] : body) as Envelope<any[]>;
  }

  it('pages memberships, some answers wrapped in an extra array', async () => {
    const rows: any[] = [];
    const shapes = new Set<string>();
    for (let page = 1; ; page++) {
      const a = await call(sim, `/chain/1001/loyalty/abonements?created_after=2020-01-01&created_before=2030-12-31&page=${page}&count=5`);
      shapes.add(Array.isArray(a.body) ? 'wrapped' : 'plain');
      const env = envelope(a.body);
      expect(env.success).toBe(true);
      rows.push(...env.data);
      if (env.data.length < 5) break;
    }
    expect(shapes).toEqual(new Set(['wrapped', 'plain']));
    const truth = sim.truth().chain.memberships;
    expect(rows.map((m) => m.id).sort((a, b) => a - b)).toEqual(truth.ids);
    expect(rows.reduce((s, m) => s + milli(m.cost), 0)).toBe(milli(truth.cost));
  });

  it('serves loyalty transactions without timestamps, filtered by created dates', async () => {
    const base = '/chain/1001/loyalty/transactions?count=200';
    const all = await call<any[]>(sim, `${base}&created_after=2020-01-01&created_before=2030-12-31`);
    const truth = sim.truth().chain.loyaltyTransactions;
    expect(all.body.meta.total_count).toBe(truth.count);
    for (const t of all.body.data) expect(Object.keys(t).some((k) => /date|time|created/.test(k))).toBe(false);
    const early = await call<any[]>(sim, `${base}&created_after=2020-01-01&created_before=2026-03-05`);
    const late = await call<any[]>(sim, `${base}&created_after=2026-03-06&created_before=2030-12-31`);
    expect(early.body.meta.total_count + late.body.meta.total_count).toBe(truth.count);
  });

  it('finds gift cards by phone (company_id or the misspelt copmany_id) and cards by client', async () => {
    const card = sim.world.chain.giftCards[0]!;
    const client = sim.world.findClient(card.clientId)!;
    for (const key of ['company_id', 'copmany_id']) {
      const a = await call<any[]>(sim, `/loyalty/certificates?${key}=${card.locId}&phone=%2B${client.phone}`);
      expect(a.body.data.map((g) => g.id)).toContain(card.id);
    }
    // A raw body: the card itself when the client has one, a bare array when several.
    const lc = sim.world.chain.loyaltyCards[0]!;
    const cards = await call<any>(sim, `/loyalty/client_cards/${lc.clientId}`);
    const list: any[] = Array.isArray(cards.raw) ? cards.raw : [cards.raw];
    expect(list.map((c) => c.id)).toContain(lc.id);
    expect(list[0].salon_group_id).toBe(1001);
  });

  it('prints membership types with id->count objects (or [] when empty)', async () => {
    const a = await call<any[]>(sim, '/chain/1001/loyalty/abonement_types');
    expect(a.body.meta).toEqual({ total_count: sim.truth().chain.membershipTypeIds.length });
    const forms = a.body.data.map((t) => (Array.isArray(t.services) ? 'array' : Object.keys(t.services).length ? 'object' : 'empty-object'));
    expect(forms).toContain('object');
    expect(forms).toContain('array');
  });

  it('derives analytics income from the same payments as the Z-report', async () => {
    const days = ['2026-03-10', '2026-03-11', '2026-03-12'];
    const chart = await call<any>(sim, `/company/3/analytics/overall/charts/income_daily?date_from=${days[0]}&date_to=${days[2]}`);
    const overall = await call<any>(sim, `/company/3/analytics/overall?date_from=${days[0]}&date_to=${days[2]}`);
    let sum = 0;
    for (const [i, day] of days.entries()) {
      const z = await call<any>(sim, `/reports/z_report/3?start_date=${day}`);
      expect(milli(chart.raw[0].data[i][1])).toBe(milli(z.body.data.paids.total.accounts));
      sum += milli(z.body.data.paids.total.accounts);
    }
    expect(typeof overall.body.data.income_total_stats.current_sum).toBe('string');
    expect(milli(overall.body.data.income_total_stats.current_sum)).toBe(sum);
    const program = sim.truth().locations[0]!.loyalty.programIds[0]!;
    const query = `date_from=${days[0]}&date_to=${days[2]}&loyalty_program_id=${program}`;
    const visits = await call<any>(sim, `/company/1/analytics/loyalty_programs/visits?${query}&include[]=visits_stats_by_day`);
    expect(visits.body.data.visits_stats_by_day.map((d: any) => d.date)).toEqual(days);
  });
});
