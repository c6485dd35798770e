import { afterEach, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

type Pass = Awaited<ReturnType<Pipeline['sync']>>;

function sweepWritten(result: Pass): number {
  return result.runs.filter((r) => r.stream === 'client_sweep').reduce((n, r) => n + r.inserted + r.updated, 0);
}

async function marked(pipeline: Pipeline): Promise<number[]> {
  const rows = await pipeline.rows<{ id: string }>('select id from altegio.clients where deleted_at is not null order by id');
  return rows.map((r) => Number(r.id));
}

async function count(pipeline: Pipeline): Promise<number> {
  return Number((await pipeline.rows<{ n: string }>('select count(*) as n from altegio.clients'))[0]!.n);
}

describe('client deletion sweep', () => {
  it('flags clients deleted at the source, clears the flag when they return, and never hard-deletes', async () => {
    // 450 clients: three pages of ids a location.
    p = await startPipeline({ sim: { clients: 450, days: 1, locations: 2, account: { restrictedClients: [] } } });
    await p.sync(['clients']);
    const total = await count(p);
    const first = await p.sync(['client_sweep']);
    expect(first.ok).toBe(true);
    expect(sweepWritten(first)).toBe(0);
    expect(await marked(p)).toEqual([]);

    const [a, b] = p.sim.truth().locations;
    const goneA = a!.clients.ids[5]!;
    const goneB = b!.clients.ids.at(-1)!;
    p.sim.mutate.deleteClient(a!.id, goneA);
    p.sim.mutate.deleteClient(b!.id, goneB);
    const second = await p.sync(['client_sweep']);
    expect(second.ok).toBe(true);
    expect(await marked(p)).toEqual([goneA, goneB].sort((x, y) => x - y));
    expect(await count(p)).toBe(total);
    // Listed ids: a truth of the source, live clients only.
    const live = await p.rows<{ id: string }>(`select id from altegio.clients where location_id = ${a!.id} and deleted_at is null order by id`);
    expect(live.map((r) => Number(r.id))).toEqual(p.sim.truth().locations[0]!.clients.ids);
    expect(sweepWritten(await p.sync(['client_sweep']))).toBe(0);

    p.sim.mutate.restoreClient(a!.id, goneA);
    const third = await p.sync(['client_sweep']);
    expect(sweepWritten(third)).toBe(1);
    expect(await marked(p)).toEqual([goneB]);
    expect(await count(p)).toBe(total);
  });

  it('leaves alone a client changed after the sweep began (it may be new, not yet listed)', async () => {
    p = await startPipeline({ sim: { clients: 50, days: 1, locations: 1 } });
    await p.sync(['clients']);
    const loc = p.sim.truth().locations[0]!;
    const [x, y] = loc.clients.ids;
    p.sim.mutate.deleteClient(loc.id, x!);
    p.sim.mutate.deleteClient(loc.id, y!);
    await p.rows(`update altegio.clients set last_change_at = now() + interval '1 hour' where id = ${y}`);
    await p.sync(['client_sweep']);
    expect(await marked(p)).toEqual([x]);
  });

  it('marks nothing when the listing stops half way', async () => {
    let searches = 0;
    let sim: Pipeline['sim'] | undefined;
    // After the first page of ids, every request fails: the listing never completes.
    p = await startPipeline({
      sim: {
        clients: 450,
        days: 1,
        locations: 1,
        log: (line) => {
          if (line.includes('/clients/search') && ++searches === 1) sim?.setFaults({ serverError: 1 });
        },
      },
    });
    sim = p.sim;
    await p.sync(['clients']);
    const loc = p.sim.truth().locations[0]!;
    for (const id of loc.clients.ids.slice(0, 3)) p.sim.mutate.deleteClient(loc.id, id);
    const result = await p.sync(['client_sweep'], { ALTEGIO_MAX_RETRIES: '1' });
    expect(result.ok).toBe(false);
    expect(searches).toBeGreaterThan(1);
    expect(await marked(p)).toEqual([]);

    p.sim.setFaults(0);
    expect((await p.sync(['client_sweep'])).ok).toBe(true);
    expect(await marked(p)).toEqual(loc.clients.ids.slice(0, 3));
  });

  it('does not flag a client that slipped past a page boundary when another was deleted mid-sweep', async () => {
    let searches = 0;
    let onFirstPage: (() => void) | undefined;
    p = await startPipeline({
      sim: { clients: 450, days: 1, locations: 1, log: (line) => line.includes('/clients/search') && ++searches === 1 && onFirstPage?.() },
    });
    await p.sync(['clients']);
    const loc = p.sim.truth().locations[0]!;
    // Deleting a client of page 1 after it was read moves the first id of page 2 onto page 1, unseen.
    onFirstPage = () => p!.sim.mutate.deleteClient(loc.id, loc.clients.ids[10]!);
    expect((await p.sync(['client_sweep'])).ok).toBe(true);
    expect(await marked(p)).toEqual([]);
    // The next sweep sees the deletion.
    await p.sync(['client_sweep']);
    expect(await marked(p)).toEqual([loc.clients.ids[10]]);
  });

  it('marks no client deleted where the search lists fewer clients than GET /clients (restricted client rights): the sweep is unavailable', async () => {
    p = await startPipeline({ sim: { clients: 120, days: 1, locations: 2 } });
    await p.sync(['clients']);
    const result = await p.sync(['client_sweep']);
    expect(result.ok).toBe(true);
    const runs = result.runs.filter((r) => r.stream === 'client_sweep');
    expect(runs.map((r) => [r.scope, r.status])).toEqual([
      ['location:1', 'succeeded'],
      ['location:2', 'unavailable'],
    ]);
    expect(runs[1]!.error?.message).toMatch(/lists \d+ of the 120 clients that GET \/clients lists: the user's client rights hide the rest/);
    expect(await marked(p)).toEqual([]);
    const [state] = await p.rows<{ unavailable_reason: string }>(`select unavailable_reason from altegio.sync_state where stream = 'client_sweep' and scope = 'location:2'`);
    expect(state!.unavailable_reason).toMatch(/access to the whole client base/);
    // Named, it is asked again at once, and being unavailable then fails the pass.
    const named = await p.sync(['client_sweep'], {}, ['client_sweep']);
    expect(named.ok).toBe(false);
  });

  it('refuses to mark more than ALTEGIO_SWEEP_MAX_DELETED_PERCENT of the clients deleted in one sweep, saying why', async () => {
    p = await startPipeline({ sim: { clients: 100, days: 1, locations: 1 } });
    await p.sync(['clients']);
    const loc = p.sim.truth().locations[0]!;
    const gone = loc.clients.ids.slice(0, 10);
    for (const id of gone) p.sim.mutate.deleteClient(loc.id, id);
    const refused = await p.sync(['client_sweep']);
    expect(refused.ok).toBe(false);
    expect(refused.runs.find((r) => r.stream === 'client_sweep')!.error?.message).toMatch(
      /10 of the 100 live clients .* more than ALTEGIO_SWEEP_MAX_DELETED_PERCENT=5 % allows in one sweep; nothing marked.*--allow-mass-deletion/,
    );
    expect(await marked(p)).toEqual([]);
    expect((await p.sync(['client_sweep'], { ALTEGIO_SWEEP_MAX_DELETED_PERCENT: '10' })).ok).toBe(true);
    expect(await marked(p)).toEqual(gone);
  });
});
