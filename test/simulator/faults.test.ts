import { describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ACCEPT, ANCHOR, AUTH } from './helpers.js';

type Outcome = 'ok' | 'reset' | 'truncated' | `http${number}`;

async function outcome(sim: Simulator, path: string): Promise<{ kind: Outcome; ms: number; text?: string }> {
  const started = Date.now();
  try {
    const res = await fetch(sim.url + path, { headers: { Accept: ACCEPT, Authorization: AUTH } });
    const text = await res.text();
    const ms = Date.now() - started;
    if (res.status !== 200) return { kind: `http${res.status}`, ms, text };
    try {
      JSON.parse(text);
      return { kind: 'ok', ms };
    } catch {
      return { kind: 'truncated', ms, text };
    }
  } catch {
    return { kind: 'reset', ms: Date.now() - started };
  }
}

async function run(seed: number, n: number): Promise<{ kinds: Outcome[]; sim: Simulator; slow: number }> {
  const sim = await startSimulator({ seed, anchor: ANCHOR, clients: 10, days: 1, locations: 1, rateLimit: false, faults: 0.5, slowMs: 250 });
  const kinds: Outcome[] = [];
  let slow = 0;
  for (let i = 0; i < n; i++) {
    const o = await outcome(sim, `/clients/1?count=5&page=${(i % 2) + 1}`);
    kinds.push(o.kind);
    if (o.kind === 'ok' && o.ms >= 240) slow++;
    if (o.kind.startsWith('http5')) expect(o.text).toMatch(/^<html>/);
    if (o.kind === 'truncated') expect(o.text?.startsWith('{"success":true')).toBe(true);
  }
  return { kinds, sim, slow };
}

describe('fault injection', () => {
  it('is reproducible for a seed and differs between seeds', async () => {
    const a = await run(7, 40);
    const b = await run(7, 40);
    const c = await run(8, 40);
    try {
      expect(a.kinds).toEqual(b.kinds);
      expect(c.kinds).not.toEqual(a.kinds);
      const kinds = new Set(a.kinds.map((k) => (k.startsWith('http5') ? 'http5xx' : k)));
      expect(kinds).toEqual(new Set(['ok', 'reset', 'truncated', 'http5xx']));
      const s = a.sim.stats();
      expect(s.faults.serverError).toBe(a.kinds.filter((k) => k.startsWith('http5')).length);
      expect(s.faults.connectionReset).toBe(a.kinds.filter((k) => k === 'reset').length);
      expect(s.faults.truncatedJson).toBe(a.kinds.filter((k) => k === 'truncated').length);
      expect(s.faults.slow).toBe(a.slow);
      expect(s.faults.slow).toBeGreaterThan(0);
      expect(s.byEndpoint['GET /clients/{loc}']?.status[0]).toBe(s.faults.connectionReset);
    } finally {
      await Promise.all([a.sim.close(), b.sim.close(), c.sim.close()]);
    }
  }, 30_000);

  it('never faults POST /auth and can be switched off at run time', async () => {
    const sim = await startSimulator({ seed: 3, anchor: ANCHOR, clients: 5, days: 1, locations: 1, rateLimit: false, faults: { connectionReset: 1 } });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${sim.url}/auth`, {
          method: 'POST',
          headers: { Accept: ACCEPT, Authorization: 'Bearer sim-partner-token', 'Content-Type': 'application/json' },
          body: JSON.stringify({ login: 'demo@example.com', password: 'demo-password' }),
        });
        expect(res.status).toBe(201);
      }
      expect((await outcome(sim, '/company/1')).kind).toBe('reset');
      sim.setFaults(0);
      expect((await outcome(sim, '/company/1')).kind).toBe('ok');
      sim.setFaults({ serverError: 1 });
      expect((await outcome(sim, '/company/1')).kind).toMatch(/^http50[023]$/);
    } finally {
      await sim.close();
    }
  });
});
