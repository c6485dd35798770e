import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisBudget } from '../src/queue/redis-budget.js';
import { dropPrefix, REDIS_URL, testPrefix } from './helpers/redis.js';

describe('the Redis request budget after Redis lost its data', () => {
  const connections: Redis[] = [];
  let prefix = '';
  afterEach(async () => {
    for (const c of connections.splice(0)) c.disconnect();
    if (prefix) await dropPrefix(REDIS_URL, prefix);
  });

  it('puts back the grants of the last minute before it grants again: a loss does not open the windows', async () => {
    prefix = testPrefix();
    const key = `${prefix}:budget`;
    const make = () => {
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      connections.push(redis);
      return new RedisBudget(redis, { perSecond: 100, perMinute: 8, marginMs: 0, key });
    };
    const [a, b] = [make(), make()];
    for (let i = 0; i < 4; i++) await a.acquire();
    for (let i = 0; i < 4; i++) await b.acquire();
    // The minute is full: nobody is granted now.
    const granted = (budget: RedisBudget, ms: number) => {
      const stop = new AbortController();
      const asked = budget.acquire(stop.signal).then(() => true, () => false);
      setTimeout(() => stop.abort(new Error('waited long enough')), ms);
      return asked;
    };
    expect(await granted(a, 300)).toBe(false);
    // Redis loses every key of the budget, as after a flush.
    await dropPrefix(REDIS_URL, prefix);
    const check = new Redis(REDIS_URL);
    connections.push(check);
    expect(await check.exists(`${key}:grants`, `${key}:epoch`)).toBe(0);
    // Both processes put their grants back when they next ask: the window is as full as it was.
    expect(await granted(a, 500)).toBe(false);
    expect(await granted(b, 500)).toBe(false);
    expect(await check.zcard(`${key}:grants`)).toBe(8);
  });
});
