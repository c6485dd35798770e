import { describe, expect, it } from 'vitest';
import { ApiHealth } from '../src/altegio/health.js';

describe('the API health the worker reports', () => {
  it('is degraded once requests have gone unanswered (or 5xx) for longer than the threshold, and ok at the next answer', () => {
    let now = 1_000_000;
    const health = new ApiHealth(300_000, () => now);
    expect(health.report()).toEqual({ degraded: false, check: 'ok' });
    health.observe({ status: null, endpoint: 'GET /records/{loc}' });
    now += 200_000;
    health.observe({ status: 502, endpoint: 'GET /clients/{loc}' });
    expect(health.report()).toEqual({ degraded: false, check: 'failing for 200 s (last: GET /clients/{loc}: HTTP 502)' });
    now += 100_001;
    expect(health.report().degraded).toBe(true);
    expect(health.failingSeconds()).toBe(300);
    // A 4xx is an answer: the API is up.
    health.observe({ status: 404, endpoint: 'GET /company/{loc}' });
    expect(health.report()).toEqual({ degraded: false, check: 'ok' });
  });
});
