import { describe, expect, it } from 'vitest';
import { ENDPOINTS, parseDriftRules, startSimulator } from '../../src/simulator/index.js';
import { ANCHOR, call } from './helpers.js';

describe('drift injection', () => {
  it('parses the CLI form: rename, drop, several rules', () => {
    expect(parseDriftRules('GET /records/{loc}:last_change_date=changed_at')).toEqual([
      { endpoint: 'GET /records/{loc}', field: 'last_change_date', rename: 'changed_at' },
    ]);
    expect(parseDriftRules('GET /clients/{loc}:email=, GET /chain/{chain}/loyalty/card_types:title')).toEqual([
      { endpoint: 'GET /clients/{loc}', field: 'email' },
      { endpoint: 'GET /chain/{chain}/loyalty/card_types', field: 'title' },
    ]);
    expect(() => parseDriftRules('GET /records/{loc}')).toThrow(/--drift/);
  });

  it('refuses a rule for an endpoint that is not a route', async () => {
    expect(ENDPOINTS).toContain('GET /records/{loc}');
    await expect(startSimulator({ drift: [{ endpoint: 'GET /records/{id}', field: 'id' }] })).rejects.toThrow(/unknown endpoint 'GET \/records\/\{id\}'/);
  });

  it('renames or drops a field in every row, in bare arrays and in single objects, before faults', async () => {
    const sim = await startSimulator({
      rateLimit: false,
      anchor: ANCHOR,
      clients: 200,
      locations: 1,
      days: 3,
      drift: [
        { endpoint: 'GET /records/{loc}', field: 'last_change_date', rename: 'changed_at' },
        { endpoint: 'GET /clients/{loc}', field: 'email' },
        { endpoint: 'GET /chain/{chain}/loyalty/card_types', field: 'title', rename: 'name' },
        { endpoint: 'GET /reports/z_report/{loc}', field: 'currency', rename: 'currency_symbol' },
        { endpoint: 'GET /loyalty/client_cards/{client}', field: 'number' },
      ],
    });
    try {
      const records = await call<any[]>(sim, '/records/1?count=50');
      expect(records.body.data.length).toBe(50);
      for (const r of records.body.data) {
        expect('last_change_date' in r).toBe(false);
        expect(r.changed_at).toEqual(expect.any(String));
      }
      // The renamed key keeps its place among the others.
      const keys = Object.keys(records.body.data[0]);
      expect(keys.indexOf('changed_at')).toBe(keys.indexOf('prepaid_confirmed') + 1);
      const clients = await call<any[]>(sim, '/clients/1?count=30');
      for (const c of clients.body.data) expect('email' in c).toBe(false);
      const types = await call<any>(sim, '/chain/1001/loyalty/card_types');
      for (const t of types.raw) expect(Object.keys(t)).toEqual(['id', 'name', 'salon_group_id']);
      const z = await call<any>(sim, '/reports/z_report/1?start_date=2026-03-19');
      expect(z.body.data.currency_symbol).toBe('$');
      const holder = sim.world.chain.loyaltyCards[0]!.clientId;
      const cards = (await call<any>(sim, `/loyalty/client_cards/${holder}`)).raw;
      for (const c of Array.isArray(cards) ? cards : [cards]) expect('number' in c).toBe(false);
      // Other endpoints and error answers are untouched.
      expect((await call<any>(sim, '/company/1')).body.data.title).toEqual(expect.any(String));
      expect((await call<any>(sim, '/records/1?start_date=bad')).body.meta.errors).toEqual({ start_date: [expect.any(String)] });
      // Faults replace the drifted answer like any other.
      sim.setFaults({ truncatedJson: 1 });
      const cut = await call(sim, '/records/1?count=5');
      expect(cut.text.startsWith('{"success":true')).toBe(true);
      expect(cut.body.meta).toEqual({ unparsable: true });
    } finally {
      await sim.close();
    }
  });
});
