import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call } from './helpers.js';

const errorEnvelope = { success: false, data: null, meta: { message: expect.any(String) } };

describe('auth, headers and errors', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 20, days: 2 });
  });
  afterAll(() => sim.close());

  it('answers 401 with the error envelope for missing or wrong tokens', async () => {
    for (const authorization of ['', 'Bearer wrong, User sim-user-token', 'Bearer sim-partner-token', 'Bearer sim-partner-token, User wrong', 'Token abc']) {
      const a = await call(sim, '/clients/1', { headers: { Authorization: authorization } });
      expect(a.status, authorization).toBe(401);
      expect(a.body).toEqual(errorEnvelope);
    }
  });

  it('needs the versioned Accept header (406 otherwise)', async () => {
    for (const accept of ['application/json', '*/*']) {
      const a = await call(sim, '/company/1', { headers: { Accept: accept } });
      expect(a.status).toBe(406);
      expect(a.body).toEqual(errorEnvelope);
    }
    const res = await fetch(`${sim.url}/company/1`, { headers: { Authorization: 'Bearer sim-partner-token, User sim-user-token' } });
    expect(res.status).toBe(406);
  });

  it('logs in with the partner token alone and refuses wrong credentials', async () => {
    const partner = { Authorization: 'Bearer sim-partner-token' };
    const ok = await call<any>(sim, '/auth', { method: 'POST', headers: partner, json: { login: 'demo@example.com', password: 'demo-password' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ success: true, data: { user_token: 'sim-user-token' } });
    const wrong = await call(sim, '/auth', { method: 'POST', headers: partner, json: { login: 'demo@example.com', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(errorEnvelope);
    const noPartner = await call(sim, '/auth', { method: 'POST', headers: { Authorization: 'Bearer other' }, json: { login: 'demo@example.com', password: 'demo-password' } });
    expect(noPartner.status).toBe(401);
  });

  it('serves gift cards with the partner token only', async () => {
    const a = await call(sim, '/loyalty/certificates?company_id=1&phone=13150000001', { headers: { Authorization: 'Bearer sim-partner-token' } });
    expect(a.status).toBe(200);
    expect(a.body.meta).toEqual({ count: expect.any(Number) });
  });

  it('answers 404 for unknown paths and locations, 422 for bad parameters', async () => {
    for (const path of ['/nothing/here', '/clients/999', '/clients/abc', '/chain/5/loyalty/card_types', '/company/1/analytics/overall/charts/pie?date_from=2026-03-01&date_to=2026-03-02']) {
      const a = await call(sim, path);
      expect(a.status, path).toBe(404);
      expect(a.body).toEqual(errorEnvelope);
    }
    for (const path of ['/records/1?start_date=2026-02-30', '/clients/1?page=0', '/reports/z_report/1', '/company/1/analytics/overall?date_from=2026-03-01']) {
      const a = await call(sim, path);
      expect(a.status, path).toBe(422);
      expect(a.body).toMatchObject(errorEnvelope);
    }
    const outside = await fetch(sim.url.replace('/api/v1', '/api/v2/clients/1'), { headers: { Accept: 'application/vnd.api.v2+json' } });
    expect(outside.status).toBe(404);
  });

  it('counts requests per endpoint template and status', async () => {
    sim.resetStats();
    await call(sim, '/clients/1');
    await call(sim, '/clients/2?count=5');
    await call(sim, '/clients/1', { headers: { Authorization: '' } });
    await call(sim, '/nope');
    const s = sim.stats();
    expect(s.total).toBe(4);
    expect(s.byEndpoint['GET /clients/{loc}']).toEqual({ requests: 3, status: { 200: 2, 401: 1 } });
    expect(s.byEndpoint['GET (unknown)']).toEqual({ requests: 1, status: { 404: 1 } });
    expect(s.throttled).toBe(0);
    expect(s.peakPerSecond).toBeGreaterThanOrEqual(1);
    expect(s.firstAt).not.toBeNull();
  });
});
