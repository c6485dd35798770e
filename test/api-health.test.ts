import { describe, expect, it } from 'vitest';
import { ApiHealth } from '../src/altegio/health.js';

describe('the API health the worker reports', () => {
  it('is degraded once requests have gone unanswered (or 5xx) for longer than the threshold, and ok at the next answer', () => {
    let now = 1_000_000;
    const health = new ApiHealth(300_000, () => now);
    expect(health.report()).toEqual({ state: 'ok' });
    health.observe({ status: null, endpoint: 'GET /records/1', error: 'ECONNREFUSED' });
    const since = new Date(now);
    now += 200_000;
    health.observe({ status: 502, endpoint: 'GET /clients/1' });
    expect(health.report()).toEqual({ state: 'failing', since, lastError: 'GET /clients/1: HTTP 502' });
    now += 100_001;
    expect(health.report()).toEqual({ state: 'degraded', since, lastError: 'GET /clients/1: HTTP 502' });
    expect(health.failingSeconds()).toBe(300);
    // A 4xx is an answer: the API is up.
    health.observe({ status: 404, endpoint: 'GET /company/1' });
    expect(health.report()).toEqual({ state: 'ok' });
    expect(health.failingSeconds()).toBe(0);
  });

  it('names why nothing was answered, and starts a new spell after a success', () => {
    let now = 5_000;
    const health = new ApiHealth(1_000, () => now);
    health.observe({ status: null, endpoint: 'GET /company/1', error: 'timed out after 30000 ms' });
    now += 1_001;
    expect(health.report()).toEqual({ state: 'degraded', since: new Date(5_000), lastError: 'GET /company/1: timed out after 30000 ms' });
    health.observe({ status: 200, endpoint: 'GET /company/1' });
    now += 10_000;
    health.observe({ status: null, endpoint: 'GET /clients/1' });
    expect(health.report()).toEqual({ state: 'failing', since: new Date(now), lastError: 'GET /clients/1: no answer' });
  });
});
