import { afterEach, describe, expect, it } from 'vitest';
import { moneyText, sumMilli, toMilli } from '../src/simulator/money.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

const STREAMS = ['staff', 'services', 'service_categories', 'accounts'];
const TABLES = { staff: 'staff', services: 'services', serviceCategories: 'service_categories', accounts: 'accounts' } as const;

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

async function ids(pipeline: Pipeline, table: string, loc: number, where = 'true'): Promise<number[]> {
  const rows = await pipeline.rows<{ id: string }>(`select id from altegio.${table} where location_id = ${loc} and ${where} order by id`);
  return rows.map((r) => Number(r.id));
}

function written(result: Awaited<ReturnType<Pipeline['sync']>>): number {
  return result.runs.filter((r) => STREAMS.includes(r.stream)).reduce((n, r) => n + r.inserted + r.updated, 0);
}

describe('reference data, refreshed in full', () => {
  it('holds exactly the source lists, and a re-run rewrites nothing', async () => {
    p = await startPipeline({ sim: { clients: 20, days: 1, locations: 2 } });
    const result = await p.sync(STREAMS);
    expect(result.ok).toBe(true);
    // One request per stream and location: these listings are not paged.
    expect(result.runs.filter((r) => STREAMS.includes(r.stream)).map((r) => r.requests)).toEqual(Array(8).fill(1));
    for (const loc of p.sim.truth().locations) {
      for (const [key, table] of Object.entries(TABLES)) {
        expect(await ids(p, table, loc.id), `${table} of ${loc.id}`).toEqual(loc[key as keyof typeof TABLES].ids);
      }
      expect(await ids(p, 'staff', loc.id, 'fired')).toEqual(loc.staff.firedIds);
      const data = p.sim.world.location(loc.id)!;
      const [sums] = await p.rows<{ min: string; max: string; inactive: string; cash: string }>(
        `select sum(price_min)::numeric(20,3)::text as min, sum(price_max)::numeric(20,3)::text as max,
                count(*) filter (where not active) as inactive,
                (select count(*) from altegio.accounts a where a.location_id = s.location_id and a.type = 0) as cash
         from altegio.services s where location_id = ${loc.id} group by location_id`,
      );
      expect(sums!.min).toBe(moneyText(sumMilli(data.services.map((s) => s.priceMin))));
      expect(sums!.max).toBe(moneyText(sumMilli(data.services.map((s) => s.priceMax))));
      expect(Number(sums!.inactive)).toBe(data.services.filter((s) => !s.active).length);
      expect(Number(sums!.cash)).toBe(data.accounts.filter((a) => a.type === 0).length);
    }
    const [deleted] = await p.rows<{ n: string }>(
      `select (select count(*) from altegio.staff where deleted_at is not null) + (select count(*) from altegio.services where deleted_at is not null) as n`,
    );
    expect(Number(deleted!.n)).toBe(0);
    expect(written(await p.sync(STREAMS))).toBe(0);
  });

  it('marks a row gone from the listing deleted, and clears the mark when it comes back', async () => {
    p = await startPipeline({ sim: { clients: 20, days: 1, locations: 1 } });
    await p.sync(STREAMS);
    const loc = p.sim.truth().locations[0]!.id;
    const data = p.sim.world.location(loc)!;
    // The simulator has no mutation that removes a team member or a service, so the
    // test takes them out of its world directly (and puts them back below).
    const member = data.staff.pop()!;
    const service = data.services.shift()!;
    p.sim.world.touch();
    const second = await p.sync(STREAMS);
    expect(written(second)).toBe(2);
    expect(await ids(p, 'staff', loc, 'deleted_at is not null')).toEqual([member.id]);
    expect(await ids(p, 'services', loc, 'deleted_at is not null')).toEqual([service.id]);
    // Kept, never hard-deleted.
    expect(await ids(p, 'staff', loc)).toEqual(p.sim.truth().locations[0]!.staff.ids.concat(member.id).sort((a, b) => a - b));
    expect(written(await p.sync(STREAMS))).toBe(0);

    data.staff.push(member);
    data.services.unshift(service);
    p.sim.world.touch();
    expect(written(await p.sync(STREAMS))).toBe(2);
    const [marks] = await p.rows<{ n: string }>(
      `select (select count(*) from altegio.staff where deleted_at is not null) + (select count(*) from altegio.services where deleted_at is not null) as n`,
    );
    expect(Number(marks!.n)).toBe(0);
    const [price] = await p.rows<{ price_min: string }>(`select price_min::text from altegio.services where id = ${service.id}`);
    expect(toMilli(price!.price_min)).toBe(service.priceMin);
  });
});
