import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetClosedError, RedisBudget } from '../src/queue/redis-budget.js';
import { dropPrefix, REDIS_URL, testPrefix } from './helpers/redis.js';

describe('the Redis request budget', () => {
  const connections: Redis[] = [];
  let prefix = '';
  let key = '';
  /** One connection per budget, as separate processes would have. */
  const budgets = (n: number, perSecond: number, perMinute: number) => {
    prefix = testPrefix();
    key = `${prefix}:budget`;
    return Array.from({ length: n }, () => {
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      connections.push(redis);
      return new RedisBudget(redis, { perSecond, perMinute, marginMs: 0, key });
    });
  };
  afterEach(async () => {
    for (const c of connections.splice(0)) c.disconnect();
    // Whatever keys the budget keeps, all are under the test's prefix.
    if (prefix) await dropPrefix(REDIS_URL, prefix);
  });

  it('lets concurrent acquirers through up to either window, never over, and uses what it allows', async () => {
    const [a, b, c] = budgets(3, 10, 25) as [RedisBudget, RedisBudget, RedisBudget];
    const stop = new AbortController();
    const started = Date.now();
    const granted: number[] = [];
    const attempts = Array.from({ length: 36 }, (_, i) =>
      [a, b, c][i % 3]!.acquire(stop.signal).then(
        () => granted.push(Date.now() - started),
        (err: unknown) => err,
      ),
    );
    // 25 fit in the minute: 10 now, 10 a second later, 5 a second after that; the other 11 wait for a minute.
    await new Promise((r) => setTimeout(r, 3000));
    stop.abort(new Error('test over'));
    const refused = (await Promise.all(attempts)).filter((r) => r instanceof Error);
    expect(granted).toHaveLength(25);
    expect(refused).toHaveLength(11);
    expect(Math.max(...granted)).toBeLessThan(2600);

    // The grant times Redis recorded (its own clock): no 1,000 ms window holds more than 10.
    const scores = (await connections[0]!.zrange(`${key}:grants`, 0, -1, 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
    expect(scores).toHaveLength(25);
    scores.sort((x, y) => x - y);
    for (let i = 10; i < scores.length; i++) expect(scores[i]! - scores[i - 10]!).toBeGreaterThanOrEqual(1000);
  });

  it('holds every process back after one of them is told 429', async () => {
    const [a, b] = budgets(2, 100, 1000) as [RedisBudget, RedisBudget];
    await b.acquire();
    a.pause(800);
    await new Promise((r) => setTimeout(r, 50)); // the pause reaches Redis
    const started = Date.now();
    await b.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });

  it('releases waiting requests when closed (worker shutdown)', async () => {
    const [a] = budgets(1, 1, 1000);
    await a!.acquire();
    const waiting = a!.acquire();
    await new Promise((r) => setTimeout(r, 100));
    await a!.close();
    await expect(waiting).rejects.toBeInstanceOf(BudgetClosedError);
  });
  it('lets any number of requests wait without piling listeners on a shared signal', async () => {
    const [a] = budgets(1, 1, 1000);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      await a!.acquire();
      const waiting = Array.from({ length: 14 }, () => a!.acquire().catch((err: unknown) => err));
      await new Promise((r) => setTimeout(r, 300));
      await a!.close();
      expect((await Promise.all(waiting)).every((r) => r instanceof BudgetClosedError)).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
