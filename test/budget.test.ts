import { describe, expect, it } from 'vitest';
import { LocalBudget } from '../src/altegio/budget.js';

function clocked(perSecond: number, perMinute: number) {
  let now = 1_000_000;
  const budget = new LocalBudget({ perSecond, perMinute, marginMs: 10, now: () => now });
  return { budget, advance: (ms: number) => (now += ms) };
}

describe('the in-process request budget', () => {
  it('lets perSecond requests through, then waits out the rest of the second', async () => {
    const { budget, advance } = clocked(5, 200);
    for (let i = 0; i < 5; i++) {
      expect(budget.delay()).toBe(0);
      await budget.acquire();
      advance(10);
    }
    expect(budget.delay()).toBe(1000 + 10 - 50);
    advance(960);
    expect(budget.delay()).toBe(0);
  });

  it('holds the per-minute window at the same time', async () => {
    const { budget, advance } = clocked(5, 12);
    for (let i = 0; i < 12; i++) {
      advance(budget.delay());
      await budget.acquire();
    }
    // 12 grants spread over ~2 s: the 13th must wait until a minute after the first.
    const firstGrantAge = 2 * 1010;
    expect(budget.delay()).toBeGreaterThan(60_000 - firstGrantAge - 100);
    expect(budget.delay()).toBeLessThanOrEqual(60_010);
  });

  it('pauses every caller after a 429', async () => {
    const { budget } = clocked(5, 200);
    budget.pause(3000);
    expect(budget.delay()).toBe(3000);
  });
});
