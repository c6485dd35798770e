import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call, getData } from './helpers.js';

const ALL_DATES = 'created_after=2020-01-01&created_before=2030-12-31';

describe("each endpoint's own page size: default, maximum, silent fallback", () => {
  let sim: Simulator;
  beforeAll(async () => {
    // Enough rows everywhere for a full page of the largest default.
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 2500, locations: 2, days: 40, recordsPerDay: 30 });
  });
  afterAll(() => sim.close());

  /** Rows of a page; memberships pages may come wrapped in an extra array. */
  const rows = async (path: string) => {
    const body: any = await getData(sim, path);
    return (Array.isArray(body) ? body[0] : body).data.length;
  };

  it('GET lists: default, maximum, and the default again above the maximum', async () => {
    const table: Array<[string, string, number, number]> = [
      ['/clients/1', 'count', 20, 300],
      ['/records/1', 'count', 20, 1000],
      ['/transactions/1', 'count', 50, 200],
      [`/chain/1001/loyalty/transactions?${ALL_DATES}`, 'count', 20, 200],
      [`/chain/1001/loyalty/abonements?${ALL_DATES}`, 'count', 20, 200],
    ];
    for (const [path, key, fallback, max] of table) {
      const sep = path.includes('?') ? '&' : '?';
      expect(await rows(path), path).toBe(fallback);
      expect(await rows(`${path}${sep}${key}=${max}`), `${path} max`).toBe(max);
      expect(await rows(`${path}${sep}${key}=${max + 1}`), `${path} above`).toBe(fallback);
    }
  });

  it('meta of the lists', async () => {
    expect((await getData(sim, '/clients/1?page=2')).meta).toEqual({ page: 2, total_count: 2500 });
    const records = await getData(sim, '/records/1?page=3&count=10');
    expect(records.meta).toEqual({ page: 3, total_count: expect.any(Number) });
    expect((await getData(sim, '/transactions/1')).meta).toEqual([]);
    const tx = await getData(sim, `/chain/1001/loyalty/transactions?${ALL_DATES}&count=7`);
    expect(tx.meta).toEqual({ count: 7, total_count: sim.truth().chain.loyaltyTransactions.count });
  });

  it('the location membership types and the chain gift card types count only the page', async () => {
    const types = await getData<unknown[]>(sim, '/company/1/loyalty/abonement_types/search?page_size=2');
    expect(types.data).toHaveLength(2);
    expect(types.meta).toEqual({ count: 2 });
    const all = sim.truth().locations[0]!.loyalty.membershipTypeIds.length;
    expect((await getData(sim, '/company/1/loyalty/abonement_types/search')).meta).toEqual({ count: all });
    expect((await getData<unknown[]>(sim, '/company/1/loyalty/abonement_types/search?page_size=101')).data).toHaveLength(all);
    const certs = await getData<unknown[]>(sim, '/chain/1001/loyalty/certificate_types?page_size=3');
    expect(certs.meta).toEqual({ count: 3 });
    const over = await call<unknown[]>(sim, '/chain/1001/loyalty/certificate_types?page_size=101');
    expect(over.status).toBe(200);
    expect(over.body.meta).toEqual({ count: sim.truth().chain.giftCardTypeIds.length });
  });

  it('programs and chain membership types are not paged', async () => {
    const programs = await getData<unknown[]>(sim, '/company/1/loyalty/programs/search?page=2&count=1');
    expect(programs.data).toHaveLength(sim.truth().locations[0]!.loyalty.programIds.length);
    expect(programs.meta).toEqual([]);
    const types = await getData<unknown[]>(sim, '/chain/1001/loyalty/abonement_types?page=2&count=1');
    expect(types.data).toHaveLength(sim.truth().chain.membershipTypeIds.length);
    expect(types.meta).toEqual({ total_count: types.data.length });
  });

  it('the chain loyalty lists need both created dates (memberships: or abonements_ids[])', async () => {
    for (const q of ['', '?created_after=2026-01-01', '?created_before=2026-12-31']) {
      for (const list of ['transactions', 'abonements']) {
        const a = await call(sim, `/chain/1001/loyalty/${list}${q}`);
        expect(a.status, `${list}${q}`).toBe(400);
        expect(a.body.meta.message).toMatch(/created_after and created_before/);
      }
    }
    const [m1, m2] = sim.world.chain.memberships;
    const byId = await call<any>(sim, `/chain/1001/loyalty/abonements?abonements_ids[]=${m1!.id}&abonements_ids[]=${m2!.id}`);
    expect(byId.status).toBe(200);
    const env = Array.isArray(byId.body) ? byId.body[0] : byId.body;
    expect(env.data.map((m: any) => m.id).sort()).toEqual([m1!.id, m2!.id].sort());
  });
});
