import { describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ACCEPT, ANCHOR, AUTH } from './helpers.js';

type Outcome = 'ok' | 'reset' | 'truncated' | `http${number}`;

async function outcome(sim: Simulator, path: string): Promise<{ kind: Outcome; text?: string }> {
  try {
    const res = await fetch(sim.url + path, { headers: { Accept: ACCEPT, Authorization: AUTH } });
    const text = await res.text();
    if (res.status !== 200) return { kind: `http${res.status}`, text };
    try {
      JSON.parse(text);
      return { kind: 'ok' };
    } catch {
      return { kind: 'truncated', text };
    }
  } catch {
    return { kind: 'reset' };
  }
}

/** What the client saw for each fault the simulator logged (a slow answer is a whole one, only late). */
const SEEN: Record<string, (kind: Outcome) => boolean> = {
  none: (k) => k === 'ok',
  slow: (k) => k === 'ok',
  connectionReset: (k) => k === 'reset',
  serverError: (k) => /^http50[023]$/.test(k),
  truncatedJson: (k) => k === 'truncated',
};

/**
 * `n` requests one after another. The simulator's log names the fault it chose
 * for each (`fault=…`); that choice and the statuses are what a seed fixes, how
 * long an answer took is not, so neither is measured here.
 */
async function run(seed: number, n: number): Promise<{ kinds: Outcome[]; faults: string[]; sim: Simulator }> {
  const logged: string[] = [];
  const sim = await startSimulator({
    seed, anchor: ANCHOR, clients: 10, days: 1, locations: 1, rateLimit: false, faults: 0.5, slowMs: 10, log: (line) => logged.push(line),
  });
  const kinds: Outcome[] = [];
  for (let i = 0; i < n; i++) {
    const o = await outcome(sim, `/clients/1?count=5&page=${(i % 2) + 1}`);
    kinds.push(o.kind);
    if (o.kind.startsWith('http5')) expect(o.text).toMatch(/^<html>/);
    if (o.kind === 'truncated') expect(o.text?.startsWith('{"success":true')).toBe(true);
  }
  expect(logged).toHaveLength(n);
  const faults = logged.map((line) => /\bfault=(\w+)$/.exec(line)?.[1] ?? 'none');
  return { kinds, faults, sim };
}

describe('fault injection', () => {
  it('gives each request the same fault and status for a seed, and other ones for another seed', async () => {
    const a = await run(7, 40);
    const b = await run(7, 40);
    const c = await run(8, 40);
    try {
      expect(b.faults).toEqual(a.faults);
      expect(b.kinds).toEqual(a.kinds);
      expect(c.faults).not.toEqual(a.faults);
      expect(c.kinds).not.toEqual(a.kinds);
      expect(new Set(a.faults)).toEqual(new Set(['none', 'slow', 'connectionReset', 'serverError', 'truncatedJson']));
      a.faults.forEach((fault, i) => expect(SEEN[fault]!(a.kinds[i]!), `request ${i + 1}: ${fault} seen as ${a.kinds[i]}`).toBe(true));
      const s = a.sim.stats();
      const count = (fault: string) => a.faults.filter((f) => f === fault).length;
      expect(s.faults).toEqual({ serverError: count('serverError'), connectionReset: count('connectionReset'), slow: count('slow'), truncatedJson: count('truncatedJson') });
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
