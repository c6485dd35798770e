import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, sleep } from './helpers.js';

describe('rate limit', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ anchor: ANCHOR, clients: 10, days: 1, locations: 1, rateLimit: { perSecond: 5, perMinute: 12 } });
  });
  afterAll(() => sim.close());

  /** Sends n requests one after another; returns their statuses. */
  async function burst(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await call(sim, '/company/1')).status);
    return out;
  }

  it('holds the per-second and the per-minute window at once, refusing with 429', async () => {
    const first = await burst(7);
    expect(first).toEqual([200, 200, 200, 200, 200, 429, 429]);
    await sleep(1050);
    const second = await burst(6);
    expect(second).toEqual([200, 200, 200, 200, 200, 429]);
    await sleep(1050);
    // 10 accepted so far: the per-minute bound (12) now refuses before the per-second one.
    const third = await burst(4);
    expect(third).toEqual([200, 200, 429, 429]);
    await sleep(1050);
    expect(await burst(2)).toEqual([429, 429]);

    const s = sim.stats();
    expect(s.throttled).toBe(7);
    expect(s.total).toBe(19);
    expect(s.peakPerSecond).toBe(5);
    expect(s.peakPerMinute).toBe(12);
    expect(s.byEndpoint['GET /company/{loc}']?.status).toEqual({ 200: 12, 429: 7 });
  }, 20_000);

  it('says "retry in N seconds" with N often 0, and sends Retry-After only sometimes', async () => {
    const messages = new Set<string>();
    const retryAfter: (string | null)[] = [];
    for (let i = 0; i < 30; i++) {
      const a = await call(sim, '/company/1');
      expect(a.status).toBe(429);
      expect(a.body).toEqual({ success: false, data: null, meta: { message: expect.stringMatching(/^Too many requests, retry in \d+ seconds$/) } });
      messages.add(a.body.meta.message);
      retryAfter.push(a.headers.get('retry-after'));
    }
    expect(messages).toContain('Too many requests, retry in 0 seconds');
    expect([...messages].some((m) => !m.includes(' 0 seconds'))).toBe(true);
    const present = retryAfter.filter((h) => h !== null);
    expect(present.length).toBeGreaterThan(0);
    expect(present.length).toBeLessThan(30);
    for (const h of present) expect(Number(h)).toBeGreaterThan(0);
  });

  it('can be lifted at run time', async () => {
    sim.setRateLimit(false);
    expect(await burst(8)).toEqual(Array(8).fill(200));
    sim.setRateLimit({ perSecond: 2, perMinute: 100 });
    expect(await burst(3)).toEqual([200, 200, 429]);
  });
});
