import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, instantOf, localText, readAllPages } from './helpers.js';

const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';

describe('naive local filters and mixed date formats', () => {
  let sim: Simulator;
  const changed = new Map<number, Map<number, number>>();
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 400, locations: 2, days: 30, recordsPerDay: 8 });
    for (const [loc, zone] of [[1, NY], [2, TOKYO]] as const) {
      const { rows } = await readAllPages<{ id: number; last_change_date: string }>(sim, `/clients/${loc}`);
      changed.set(loc, new Map(rows.map((c) => [c.id, instantOf(c.last_change_date, zone)])));
    }
  });
  afterAll(() => sim.close());

  it('prints every last_change_date format as the right instant for the zone', () => {
    for (const loc of [1, 2]) {
      for (const [id, ms] of changed.get(loc)!) expect(ms, `client ${id}`).toBe(sim.world.findClient(id)!.changedMs);
    }
  });

  async function idsChanged(loc: number, query: string): Promise<number[]> {
    const { rows } = await readAllPages<{ id: number }>(sim, `/clients/${loc}?${query}`);
    return rows.map((c) => c.id).sort((a, b) => a - b);
  }

  function expected(loc: number, zone: string, after: string | null, before: string | null): number[] {
    const lo = after === null ? -Infinity : instantOf(after, zone);
    const hi = before === null ? Infinity : instantOf(before, zone);
    return [...changed.get(loc)!].filter(([, ms]) => ms >= lo && ms <= hi).map(([id]) => id).sort((a, b) => a - b);
  }

  it('reads the same naive changed_after in each location zone, before and after the DST change', async () => {
    for (const after of ['2026-03-05T12:00:00', '2026-03-12T12:00:00']) {
      const ny = await idsChanged(1, `changed_after=${after}`);
      const tokyo = await idsChanged(2, `changed_after=${after}`);
      expect(ny).toEqual(expected(1, NY, after, null));
      expect(tokyo).toEqual(expected(2, TOKYO, after, null));
      expect(ny.length).toBeGreaterThan(0);
    }
    const window = await idsChanged(1, 'changed_after=2026-03-07 00:00:00&changed_before=2026-03-09 23:59:59');
    expect(window).toEqual(expected(1, NY, '2026-03-07T00:00:00', '2026-03-09T23:59:59'));
  });

  it('includes a client changed exactly at the bound (inclusive) and excludes it one second later', async () => {
    const dst = Date.parse('2026-03-08T07:00:00Z');
    const [id, ms] = [...changed.get(1)!].filter(([, t]) => t > dst).sort((a, b) => a[1] - b[1])[0]!;
    const local = localText(NY, ms);
    expect(await idsChanged(1, `changed_after=${local}`)).toContain(id);
    expect(await idsChanged(1, `changed_after=${localText(NY, ms + 1000)}`)).not.toContain(id);
    expect(await idsChanged(1, `changed_before=${local}`)).toContain(id);
    expect(await idsChanged(1, `changed_before=${localText(NY, ms - 1000)}`)).not.toContain(id);
    // The same wall-clock text means another instant in Tokyo: 13 hours earlier in EDT.
    const [tid, tms] = [...changed.get(2)!].sort((a, b) => b[1] - a[1])[0]!;
    expect(await idsChanged(2, `changed_after=${localText(TOKYO, tms)}`)).toContain(tid);
    expect(await idsChanged(2, `changed_after=${localText(NY, tms)}`)).toEqual(expected(2, TOKYO, localText(NY, tms), null));
  });

  it('refuses unparsable dates with 422', async () => {
    for (const q of ['changed_after=2026-13-01T00:00:00', 'changed_after=yesterday', 'changed_after=2026-03-01T00:00:00%2B09:00']) {
      const a = await call(sim, `/clients/1?${q}`);
      expect(a.status, q).toBe(422);
      expect(a.body).toMatchObject({ success: false, data: null, meta: { message: expect.any(String) } });
    }
    expect((await call(sim, '/records/1?start_date=03/01/2026')).status).toBe(422);
  });

  it('filters records on the location-local session date', async () => {
    const day = '2026-03-10';
    for (const loc of [1, 2]) {
      const all = await readAllPages<{ id: number; date: string; datetime: string }>(sim, `/records/${loc}?with_deleted=1`);
      const onDay = all.rows.filter((r) => r.date.startsWith(day)).map((r) => r.id).sort((a, b) => a - b);
      const filtered = await readAllPages<{ id: number }>(sim, `/records/${loc}?with_deleted=1&start_date=${day}&end_date=${day}`);
      expect(filtered.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(onDay);
      expect(onDay.length).toBe(8);
      for (const r of all.rows) expect(instantOf(r.date, loc === 1 ? NY : TOKYO)).toBe(instantOf(r.datetime, 'UTC'));
    }
  });
});
