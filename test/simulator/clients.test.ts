import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, getData, readAllPages } from './helpers.js';

describe('clients listing and search', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // Full client rights everywhere here; the restricted search has its own test.
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 450, locations: 2, days: 5, account: { restrictedClients: [] } });
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

  it('answers 20 rows when count is above 300, while total_count keeps the real total', async () => {
    const body = await getData<unknown[]>(sim, '/clients/1?count=301');
    expect(body.data).toHaveLength(20);
    expect(body.meta).toEqual({ page: 1, total_count: 450 });
    const absent = await getData<unknown[]>(sim, '/clients/1');
    expect(absent.data).toHaveLength(20);
    const exact = await getData<unknown[]>(sim, '/clients/1?count=300');
    expect(exact.data).toHaveLength(300);
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

    // Above 200 the page size silently falls back to the default, 25; so does an absent one.
    const tooBig = await call<unknown[]>(sim, '/company/2/clients/search', { method: 'POST', json: { page: 1, page_size: 201, fields: ['id'], filters: [] } });
    expect(tooBig.status).toBe(200);
    expect(tooBig.body.data).toHaveLength(25);
    expect(tooBig.body.meta).toEqual({ total_count: 449 });
    const absent = await call<unknown[]>(sim, '/company/2/clients/search', { method: 'POST', json: { page: 1, fields: ['id'], filters: [] } });
    expect(absent.body.data).toHaveLength(25);
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

describe('clients search: sort direction and limited client rights', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // Defaults: location 2 of 2 has limited client rights.
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 120, locations: 2, days: 3 });
  });
  afterAll(() => sim.close());

  const search = (loc: number, json: Record<string, unknown>) =>
    call<{ id: number }[]>(sim, `/company/${loc}/clients/search`, { method: 'POST', json: { page: 1, page_size: 200, fields: ['id'], filters: [], ...json } });

  it('accepts ASC and DESC only, uppercase; absent means ASC', async () => {
    const asc = await search(1, { order_by: 'id', order_by_direction: 'ASC' });
    const desc = await search(1, { order_by: 'id', order_by_direction: 'DESC' });
    const absent = await search(1, { order_by: 'id' });
    expect(desc.body.data.map((r) => r.id)).toEqual([...asc.body.data.map((r) => r.id)].reverse());
    expect(absent.body.data).toEqual(asc.body.data);
    for (const direction of ['desc', 'asc', 'down', 1]) {
      const a = await search(1, { order_by: 'id', order_by_direction: direction });
      expect(a.status, String(direction)).toBe(400);
      expect(a.body).toEqual({
        success: false,
        data: null,
        meta: { message: 'Invalid sort direction', errors: { order_by_direction: [expect.any(String)] } },
      });
    }
  });

  it('lists and counts only a seeded part of the clients where rights are limited; GET /clients lists all', async () => {
    const truth = sim.truth().locations[1]!.clients;
    const a = await search(2, { order_by: 'id' });
    const ids = a.body.data.map((r) => r.id);
    expect(a.body.meta.total_count).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(truth.count * 0.3);
    expect(ids.length).toBeLessThan(truth.count * 0.7);
    for (const id of ids) expect(truth.ids).toContain(id);
    const listed = await readAllPages<{ id: number }>(sim, '/clients/2', 300);
    expect(listed.totals).toEqual([truth.count]);
    expect(listed.rows.map((c) => c.id).sort((x, y) => x - y)).toEqual(truth.ids);
    // Location 1 has full rights: the search sees everyone.
    expect((await search(1, {})).body.meta.total_count).toBe(sim.truth().locations[0]!.clients.count);
  });
});
