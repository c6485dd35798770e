import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, getData, instantOf, localText, readAllPages } from './helpers.js';

describe('mutations', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 60, locations: 2, days: 5 });
  });
  afterAll(() => sim.close());

  /** The newest change the API shows for a location, as a naive local bound. */
  async function latestChange(loc: number, zone: string): Promise<string> {
    const { rows } = await readAllPages<{ last_change_date: string }>(sim, `/clients/${loc}`);
    return localText(zone, Math.max(...rows.map((c) => instantOf(c.last_change_date, zone))) + 1000);
  }

  it('shows an updated client in the next changed_after query', async () => {
    const since = await latestChange(2, 'Asia/Tokyo');
    expect((await getData(sim, `/clients/2?changed_after=${since}`)).data).toEqual([]);
    const id = sim.truth().locations[1]!.clients.ids[3]!;
    const updated = sim.mutate.updateClient(2, id, { name: 'Renamed 名前', email: 'new@example.com' });
    expect(updated.name).toBe('Renamed 名前');
    const after = await getData<any[]>(sim, `/clients/2?changed_after=${since}`);
    expect(after.data.map((c) => c.id)).toEqual([id]);
    expect(after.data[0].name).toBe('Renamed 名前');
    expect(instantOf(after.data[0].last_change_date, 'Asia/Tokyo')).toBe(updated.changedMs);
    expect(updated.changedMs).toBeGreaterThan(sim.world.anchorMs);
  });

  it('adds a client that appears in listings, search and truth', async () => {
    const since = await latestChange(1, 'America/New_York');
    const c = sim.mutate.addClient(1, { name: 'Zed New' });
    const changed = await getData<any[]>(sim, `/clients/1?changed_after=${since}`);
    expect(changed.data.map((x) => x.id)).toContain(c.id);
    expect(sim.truth().locations[0]!.clients.ids).toContain(c.id);
    const search = await call<any[]>(sim, '/company/1/clients/search', {
      method: 'POST',
      json: { page: 1, page_size: 10, fields: ['id', 'name'], filters: [{ type: 'id', state: { value: [c.id] } }] },
    });
    expect(search.body.data).toEqual([{ id: c.id, name: 'Zed New' }]);
  });

  it('shows a deleted record with with_deleted=1, bumped, and hides it otherwise', async () => {
    const since = localText('America/New_York', sim.world.now() - 1000);
    const target = sim.world.location(1)!.records.find((r) => !r.deleted)!;
    sim.mutate.deleteRecord(1, target.id);
    const withDeleted = await getData<any[]>(sim, `/records/1?with_deleted=1&changed_after=${since}`);
    expect(withDeleted.data.find((r) => r.id === target.id)?.deleted).toBe(true);
    const without = await readAllPages<any>(sim, '/records/1');
    expect(without.rows.some((r) => r.id === target.id)).toBe(false);
    expect(sim.truth().locations[0]!.records.deletedIds).toContain(target.id);
  });

  it('updates and adds records, keeping visits and transactions consistent', async () => {
    const client = sim.truth().locations[0]!.clients.ids[0]!;
    const r = sim.mutate.addRecord(1, { clientId: client, attendance: 1, startAt: new Date('2026-03-19T15:00:00Z') });
    expect(r.lines.every((l) => l.payments.length > 0)).toBe(true);
    const tx = await readAllPages<any>(sim, '/transactions/1?start_date=2026-03-19&end_date=2026-03-19');
    expect(tx.rows.filter((t) => t.record_id === r.id).length).toBeGreaterThan(0);
    const visits = await call<any>(sim, '/company/1/clients/visits/search', {
      method: 'POST',
      json: { client_id: client, client_phone: null, from: '2026-03-19', to: '2026-03-19', payment_statuses: [], attendance: null },
    });
    expect(visits.body.data.records.map((x: any) => x.id)).toContain(r.id);
    sim.mutate.updateRecord(1, r.id, { attendance: -1 });
    const tx2 = await readAllPages<any>(sim, '/transactions/1?start_date=2026-03-19&end_date=2026-03-19');
    expect(tx2.rows.some((t) => t.record_id === r.id)).toBe(false);
    const rec = await getData<any[]>(sim, `/records/1?client_id=${client}&start_date=2026-03-19&end_date=2026-03-19`);
    expect(rec.data.find((x) => x.id === r.id)?.attendance).toBe(-1);
  });

  it('rotates the user token: the old one gets 401 until POST /auth hands out the new one', async () => {
    const next = sim.mutate.rotateUserToken();
    const stale = await call(sim, '/company/1');
    expect(stale.status).toBe(401);
    expect(stale.body).toEqual({ success: false, data: null, meta: { message: expect.any(String) } });
    const auth = await call<any>(sim, '/auth', {
      method: 'POST',
      headers: { Authorization: 'Bearer sim-partner-token' },
      json: { login: 'demo@example.com', password: 'demo-password' },
    });
    expect(auth.status).toBe(201);
    expect(auth.body.data.user_token).toBe(next);
    const fresh = await call(sim, '/company/1', { headers: { Authorization: `Bearer sim-partner-token, User ${next}` } });
    expect(fresh.status).toBe(200);
  });
});
