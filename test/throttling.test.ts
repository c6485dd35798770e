import { afterEach, describe, expect, it } from 'vitest';
import { AltegioClient, retryAfterMs, throttledBackoffMs } from '../src/altegio/client.js';
import type { RequestBudget } from '../src/altegio/budget.js';
import { Secret } from '../src/util/secret.js';
import { serveFixtures } from './helpers/fixture-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A budget that grants at once and keeps the pauses it is asked for. */
function recordingBudget(): RequestBudget & { pauses: number[] } {
  const pauses: number[] = [];
  return { pauses, acquire: async () => undefined, pause: (ms: number) => void pauses.push(ms), close: async () => undefined } as RequestBudget & { pauses: number[] };
}

describe('a 429 without a usable wait', () => {
  it('is waited out longer with every one in a row (1 s doubling to a minute, jittered), not once a second', async () => {
    let asked = 0;
    const fixture = await serveFixtures({
      'GET /company/1/staff': () => {
        asked += 1;
        // The API's unhelpful answer: no Retry-After, and "retry in 0 seconds".
        return asked <= 6 ? { status: 429, body: { success: false, data: null, meta: { message: 'Too many requests, retry in 0 seconds' } } } : { body: { success: true, data: [], meta: [] } };
      },
    });
    cleanups.push(fixture.close);
    const budget = recordingBudget();
    const client = new AltegioClient({
      baseUrl: fixture.url,
      partnerToken: new Secret('p'),
      userToken: new Secret('u'),
      accept: 'application/vnd.api.v2+json',
      timeoutMs: 2000,
      maxRetries: 2,
      budget,
      minRetryDelayMs: 1,
    });
    await client.get('/company/1/staff');
    expect(asked).toBe(7);
    expect(client.counters.throttled).toBe(6);
    // Each pause is within [half, all] of 1 s, 2 s, 4 s, 8 s, 16 s, 32 s.
    expect(budget.pauses).toHaveLength(6);
    budget.pauses.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(Math.max(1000, 500 * 2 ** i));
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** i);
    });
  });

  it('reads Retry-After and the seconds of the message when they are there, and nothing from "0 seconds"', () => {
    expect(retryAfterMs('3', '')).toBe(3000);
    expect(retryAfterMs(null, 'Too many requests, retry in 7 seconds')).toBe(7000);
    expect(retryAfterMs(null, 'Too many requests, retry in 0 seconds')).toBeUndefined();
    expect(retryAfterMs('0', 'retry in 0 seconds')).toBeUndefined();
    expect(retryAfterMs(null, 'no idea')).toBeUndefined();
    expect(retryAfterMs('0.2', '')).toBe(1000);
    expect(retryAfterMs('600', '')).toBe(120_000);
    expect([1, 2, 3, 7, 8, 20].map((n) => throttledBackoffMs(n, () => 0.999999))).toEqual([1000, 2000, 4000, 60_000, 60_000, 60_000]);
    expect([1, 2, 3, 7].map((n) => throttledBackoffMs(n, () => 0))).toEqual([1000, 1000, 2000, 30_000]);
  });
});
