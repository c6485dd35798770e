import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, getData, readAllPages } from './helpers.js';

describe('clients listing and search', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 450, locations: 2, days: 5 });
  });
  afterAll(() => sim.close());

  it('pages through every live client exactly once, ordered by name then id', async () => {
    const { rows, totals } = await readAllPages<{ id: number; name: string }>(sim, '/clients/1', 200);
    const ids = rows.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(sim.truth().locations[0]!.clients.ids);
    expect(new Set(totals)).toEqual(new Set([450]));
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      expect(a.name < b.name || (a.name === b.name && a.id < b.id)).toBe(true);
    }
    // Not sorted by id: a sync must not assume any order.
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
  });

  it('answers 20 rows when count is above 200, while total_count keeps the real total', async () => {
    const body = await getData<unknown[]>(sim, '/clients/1?count=1000');
    expect(body.data).toHaveLength(20);
    expect(body.meta).toEqual({ page: 1, total_count: 450 });
    const absent = await getData<unknown[]>(sim, '/clients/1');
    expect(absent.data).toHaveLength(20);
    const exact = await getData<unknown[]>(sim, '/clients/1?count=200');
    expect(exact.data).toHaveLength(200);
  });

  it('sweeps ids through POST search and never shows a deleted client', async () => {
    const victim = sim.truth().locations[1]!.clients.ids[7]!;
    sim.mutate.deleteClient(2, victim);
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const a = await call<{ id: number }[]>(sim, '/company/2/clients/search', { method: 'POST', json: { page, page_size: 200, fields: ['id'], filters: [], order_by: 'id' } });
      expect(a.status).toBe(200);
      for (const row of a.body.data) expect(Object.keys(row)).toEqual(['id']);
      ids.push(...a.body.data.map((r) => r.id));
      expect(a.body.meta.total_count).toBe(449);
      if (a.body.data.length < 200) break;
    }
    expect(ids).toEqual(sim.truth().locations[1]!.clients.ids);
    expect(ids).not.toContain(victim);
    const listed = await readAllPages<{ id: number }>(sim, '/clients/2');
    expect(listed.rows.map((c) => c.id)).not.toContain(victim);
    expect(sim.truth().locations[1]!.clients.deletedIds).toEqual([victim]);

    const tooBig = await call(sim, '/company/2/clients/search', { method: 'POST', json: { page: 1, page_size: 201, fields: ['id'], filters: [] } });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.success).toBe(false);
    sim.mutate.restoreClient(2, victim);
    expect(sim.truth().locations[1]!.clients.count).toBe(450);
  });

  it('serves the awkward clients byte-exact', async () => {
    const { rows } = await readAllPages<Record<string, any>>(sim, '/clients/1');
    expect(rows.filter((c) => typeof c.comment === 'string' && c.comment.length === 20_000)).toHaveLength(1);
    expect(rows.some((c) => String(c.name).includes('\u0000'))).toBe(true);
    expect(rows.some((c) => c.name === "Robert'); DROP TABLE clients;--")).toBe(true);
    expect(rows.some((c) => c.birth_date === '0000-00-00')).toBe(true);
    expect(rows.some((c) => typeof c.phone === 'number')).toBe(true);
    expect(rows.some((c) => typeof c.phone === 'string')).toBe(true);
    expect(rows.some((c) => Array.isArray(c.custom_fields))).toBe(true);
    expect(rows.some((c) => !Array.isArray(c.custom_fields) && typeof c.custom_fields === 'object')).toBe(true);
    expect(rows.some((c) => Array.isArray(c.categories) && c.categories.length === 0)).toBe(true);
    expect(rows.some((c) => !Array.isArray(c.categories) && Object.keys(c.categories).length === 0)).toBe(true);
    expect(rows.some((c) => /[\u0590-\u06ff]/.test(c.name))).toBe(true);
    const formats = new Set(rows.map((c) => String(c.last_change_date).replace(/\d/g, '9')));
    expect(formats).toEqual(
      new Set(['9999-99-99 99:99:99', '9999-99-99T99:99:99-99:99', '9999-99-99T99:99:99-9999', '9999-99-99T99:99:99.999-99:99']),
    );
    const spent = rows.reduce((s, c) => s + Math.round(c.spent * 1000), 0);
    expect(spent).toBe(Math.round(Number(sim.truth().locations[0]!.clients.spent) * 1000));
  });
});
