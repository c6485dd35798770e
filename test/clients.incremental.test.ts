import { afterEach, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

type ClientRow = { location_id: string; id: string; name: string | null; comment: string | null; last_change_at: Date };

async function warehouseIds(pipeline: Pipeline): Promise<Map<number, number[]>> {
  const rows = await pipeline.rows<{ location_id: string; id: string }>('select location_id, id from altegio.clients order by 1, 2');
  const byLocation = new Map<number, number[]>();
  for (const r of rows) byLocation.set(Number(r.location_id), [...(byLocation.get(Number(r.location_id)) ?? []), Number(r.id)]);
  return byLocation;
}

function clientRun(result: Awaited<ReturnType<Pipeline['sync']>>) {
  const runs = result.runs.filter((r) => r.stream === 'clients');
  const sum = (k: 'inserted' | 'updated' | 'unchanged' | 'rejected' | 'requests' | 'throttled') => runs.reduce((n, r) => n + r[k], 0);
  return { runs, inserted: sum('inserted'), updated: sum('updated'), unchanged: sum('unchanged'), rejected: sum('rejected'), requests: sum('requests'), throttled: sum('throttled') };
}

describe('clients, incrementally and exactly', () => {
  it('loads every client of every location, exactly as the source has them', async () => {
    p = await startPipeline({ sim: { clients: 450 } });
    const result = await p.sync(['clients']);
    expect(result.ok).toBe(true);
    const truth = p.sim.truth();
    const ids = await warehouseIds(p);
    for (const location of truth.locations) expect(ids.get(location.id)).toEqual(location.clients.ids);
    const [sums] = await p.rows<{ spent: string; n: string }>(`select sum(spent)::numeric(20,3)::text as spent, count(*) as n from altegio.clients where location_id = ${truth.locations[0]!.id}`);
    expect(sums!.spent).toBe(truth.locations[0]!.clients.spent);
    // 450 clients at 200 a page is 3 pages a location: nothing asked twice, nothing skipped.
    expect(clientRun(result).requests).toBe(3 * truth.locations.length);
  });

  it('picks up exactly the clients changed since the last run, and a re-run rewrites nothing', async () => {
    p = await startPipeline({ sim: { clients: 300 } });
    const first = clientRun(await p.sync(['clients']));
    expect(first.inserted).toBe(900);
    const loc = p.sim.truth().locations[1]!.id;
    const [a, b] = p.sim.truth().locations[1]!.clients.ids;
    p.sim.mutate.updateClient(loc, a!, { name: 'Renamed Ünïcode 🎉' });
    p.sim.mutate.updateClient(loc, b!, { comment: "O'Brien said: '; drop table altegio.clients; --" });
    const added = p.sim.mutate.addClient(loc, { name: 'Brand New' });

    const second = clientRun(await p.sync(['clients']));
    expect(second.inserted).toBe(1);
    expect(second.updated).toBe(2);
    expect(second.rejected).toBe(0);
    const rows = await p.rows<ClientRow>(`select id, name, comment from altegio.clients where location_id = ${loc} and id in (${a}, ${b}, ${added.id}) order by id`);
    expect(rows.map((r) => r.name)).toContain('Renamed Ünïcode 🎉');
    expect(rows.map((r) => r.comment)).toContain("O'Brien said: '; drop table altegio.clients; --");
    expect(rows.map((r) => Number(r.id))).toContain(added.id);

    const third = clientRun(await p.sync(['clients']));
    expect(third.inserted + third.updated).toBe(0);
    const [written] = await p.rows<{ n: string }>(
      `select sum(rows_written) as n from altegio.sync_runs where started_at = (select max(started_at) from altegio.sync_runs where stream = 'clients')`,
    );
    expect(Number(written!.n)).toBe(0);
  });

  it('does not lose a change that lands exactly on the cursor instant', async () => {
    // No lookback: only the inclusive lower bound can save this change.
    p = await startPipeline({ sim: { clients: 50, locations: 1 }, env: { ALTEGIO_LOOKBACK_MINUTES: '0', ALTEGIO_FILTER_TIMEZONE: 'location' } });
    await p.sync(['clients']);
    const [state] = await p.rows<{ cursor: { changedAfter: string } }>(`select cursor from altegio.sync_state where stream = 'clients'`);
    const cursorMs = Date.parse(state!.cursor.changedAfter);
    const loc = p.sim.truth().locations[0]!.id;
    const target = p.sim.truth().locations[0]!.clients.ids[7]!;
    p.sim.world.now = () => cursorMs;
    p.sim.mutate.updateClient(loc, target, { name: 'Changed on the cursor' });

    const second = clientRun(await p.sync(['clients'], { ALTEGIO_LOOKBACK_MINUTES: '0', ALTEGIO_FILTER_TIMEZONE: 'location' }));
    expect(second.updated).toBe(1);
    const [row] = await p.rows<ClientRow>(`select name, last_change_at from altegio.clients where id = ${target}`);
    expect(row!.name).toBe('Changed on the cursor');
    expect(new Date(row!.last_change_at).getTime()).toBe(cursorMs);
  });

  it('keeps paging through 429s instead of taking them for the end of the data', async () => {
    p = await startPipeline({ sim: { clients: 1000, locations: 1, rateLimit: { perSecond: 2, perMinute: 1000 } } });
    const result = await p.sync(['clients']);
    expect(result.ok).toBe(true);
    const run = clientRun(result);
    expect(p.sim.stats().throttled).toBeGreaterThan(0);
    expect(run.throttled).toBeGreaterThan(0);
    const ids = await warehouseIds(p);
    expect(ids.get(p.sim.truth().locations[0]!.id)).toEqual(p.sim.truth().locations[0]!.clients.ids);
    const [logged] = await p.rows<{ throttled: number }>(`select throttled from altegio.sync_runs where stream = 'clients'`);
    expect(logged!.throttled).toBe(run.throttled);
  });

  it('loads the NUL character, the 20,000-character comment and the odd birth dates', async () => {
    p = await startPipeline({ sim: { clients: 200, locations: 1 } });
    const all = [...p.sim.world.locations.values()].flatMap((d) => d.clients);
    const withNul = all.find((c) => JSON.stringify(c).includes('\\u0000'));
    const long = all.find((c) => c.comment.length >= 20_000);
    expect(withNul).toBeDefined();
    expect(long).toBeDefined();
    expect((await p.sync(['clients'])).ok).toBe(true);
    const rows = await p.rows<{ id: string; comment: string | null; name: string | null; raw: unknown }>(
      `select id, name, comment, raw from altegio.clients where id in (${withNul!.id}, ${long!.id})`,
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain('\\u0000');
    expect(rows.find((r) => Number(r.id) === long!.id)!.comment!.length).toBe(long!.comment.length);
    const [zeroDates] = await p.rows<{ n: string }>(`select count(*) as n from altegio.clients where birth_date is null`);
    expect(Number(zeroDates!.n)).toBeGreaterThan(0);
    const [rejects] = await p.rows<{ n: string }>('select count(*) as n from altegio.rejected_records');
    expect(Number(rejects!.n)).toBe(0);
  });
});
