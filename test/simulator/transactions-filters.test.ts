import { describe, expect, it } from 'vitest';
import { SERVER_TIMEZONE } from '../../src/simulator/index.js';
import { call, instantOf, readAllPages, simulatorFor } from './helpers.js';

describe('transactions: changed_after and deleted', () => {
  const sim = simulatorFor({ clients: 60, locations: 1, days: 10 });

  it('changed_after keeps the transactions last changed at or after it, read in Asia/Dubai like the dates printed', async () => {
    const all = (await readAllPages<any>(sim(), '/transactions/1', 200)).rows;
    const changes = all.map((t) => instantOf(t.last_change_date, SERVER_TIMEZONE)).sort((a, b) => a - b);
    const pivot = changes[Math.floor(changes.length / 2)]!;
    // The pivot's own wall clock in Dubai, naive: inclusive, so the pivot row is kept.
    const naive = new Date(pivot + 4 * 3600_000).toISOString().slice(0, 19);
    const since = (await readAllPages<any>(sim(), `/transactions/1?changed_after=${naive}`, 200)).rows;
    const expected = all.filter((t) => instantOf(t.last_change_date, SERVER_TIMEZONE) >= pivot).map((t) => Number(t.id));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(since.map((t) => Number(t.id))).toEqual(expected);
    // With dates too, both filters hold.
    const day = naive.slice(0, 10);
    const both = (await readAllPages<any>(sim(), `/transactions/1?start_date=${day}&end_date=${day}&changed_after=${naive}`, 200)).rows;
    expect(both.map((t) => Number(t.id))).toEqual(since.filter((t) => t.date.startsWith(day)).map((t) => Number(t.id)));
  });

  it('deleted=0 lists the live transactions, deleted=1 none (a refund leaves no trace), anything else is refused', async () => {
    const all = (await readAllPages<any>(sim(), '/transactions/1', 200)).rows;
    expect((await readAllPages<any>(sim(), '/transactions/1?deleted=0', 200)).rows).toEqual(all);
    expect((await readAllPages<any>(sim(), '/transactions/1?deleted=1', 200)).rows).toEqual([]);
    expect((await call(sim(), '/transactions/1?deleted=yes')).status).toBe(422);
    expect((await call(sim(), '/transactions/1?changed_after=2026-03-10T10:00:00%2B04:00')).status).toBe(422);
  });
});
