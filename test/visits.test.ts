import { afterEach, describe, expect, it } from 'vitest';
import type { AltegioClient } from '../src/altegio/client.js';
import { readClientHistory } from '../src/jobs/visits.js';
import { listedIds } from '../src/sync/map.js';
import { visitsOf } from '../src/simulator/derive/views.js';
import { moneyText, toMilli, type Simulator } from '../src/simulator/index.js';
import { addDays, localDate } from '../src/util/dates.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const ENDPOINT = 'POST /company/{loc}/clients/visits/search';
const STREAMS = ['clients', 'records', 'visits'];

/** client id -> its visit ids, live ones, as the warehouse has them. */
async function warehouseVisits(pipeline: Pipeline, locationId: number, window?: { from: string; to: string }) {
  const rows = await pipeline.rows<{ client_id: string; id: string }>(
    `select client_id, id from altegio.visits where location_id = ${locationId} and deleted_at is null
     ${window ? `and visit_date between '${window.from}' and '${window.to}'` : ''} order by client_id, id`,
  );
  return group(rows.map((r) => [Number(r.client_id), Number(r.id)]));
}

/**
 * The same, from the simulator's world: visits of live clients, and their
 * sales of goods outside any visit (keyed by minus the goods transaction's
 * id), within the window.
 */
function sourceVisits(sim: Simulator, locationId: number, window?: { from: string; to: string }) {
  const data = sim.world.location(locationId)!;
  const pairs: Array<[number, number]> = [];
  const within = (date: string) => !window || (date >= window.from && date <= window.to);
  for (const [clientId, list] of visitsOf(sim.world, data).byClient) {
    if (data.clientById.get(clientId)?.deleted) continue;
    for (const v of list) if (within(v.date)) pairs.push([clientId, v.id]);
  }
  const truth = sim.truth().locations.find((l) => l.id === locationId)!;
  for (const sale of truth.visits.goodsOnly) if (within(sale.visitDate)) pairs.push([sale.clientId, sale.id]);
  return group(pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
}

function group(pairs: Array<[number, number]>): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  for (const [client, visit] of pairs) (out[client] ??= []).push(visit);
  return out;
}

describe('visits, per client', () => {
  it('backfills the visits of every client within the window, then the whole history equals the source', async () => {
    p = await startPipeline({ sim: { locations: 2, clients: 40, days: 12 } });
    const anchor = localDate(new Date(p.sim.truth().anchor), 'UTC');
    const window = { from: addDays(anchor, -6), to: addDays(anchor, 1) };
    expect((await p.backfill(window, ['clients', 'visits'])).ok).toBe(true);
    for (const location of p.sim.truth().locations) {
      const expected = sourceVisits(p.sim, location.id, window);
      expect(Object.keys(expected).length).toBeGreaterThan(10);
      expect(await warehouseVisits(p, location.id)).toEqual(expected);
    }

    const everything = { from: addDays(anchor, -20), to: addDays(anchor, 10) };
    expect((await p.backfill(everything, ['visits'])).ok).toBe(true);
    for (const location of p.sim.truth().locations) {
      expect(await warehouseVisits(p, location.id)).toEqual(sourceVisits(p.sim, location.id));
      const ids = Object.values(await warehouseVisits(p, location.id)).flat().sort((a, b) => a - b);
      expect(ids).toEqual(location.visits.clientVisitIds);
      // Totals are the sums of the visit's service lines, exact to the milli.
      const data = p.sim.world.location(location.id)!;
      const due = data.records.filter((r) => !r.deleted && r.clientId !== null && !data.clientById.get(r.clientId)?.deleted)
        .flatMap((r) => r.lines.filter((l) => l.kind === 'service')).reduce((s, l) => s + l.cost, 0);
      const [sum] = await p.rows<{ due: string }>(`select sum(cost_to_pay)::text as due from altegio.visits where location_id = ${location.id}`);
      expect(moneyText(Math.round(Number(sum!.due) * 1000))).toBe(moneyText(due));
      // Sales of goods outside any visit (visit_id 0) are loaded as visits of their own, their goods lines summed.
      const sales = await p.rows<{ id: string; goods_cost: string; goods_paid: string; records_count: number }>(
        `select id, goods_cost::text, goods_paid::text, records_count from altegio.visits where location_id = ${location.id} and id < 0 order by id`,
      );
      expect(location.visits.goodsOnly.length).toBeGreaterThan(0);
      expect(sales.map((s) => ({ id: Number(s.id), goodsCost: moneyText(toMilli(s.goods_cost)), goodsPaid: moneyText(toMilli(s.goods_paid)), recordsCount: s.records_count }))).toEqual(
        location.visits.goodsOnly.map((g) => ({ id: g.id, goodsCost: g.goodsCost, goodsPaid: g.goodsPaid, recordsCount: 0 })),
      );
    }
    const again = await p.backfill(everything, ['visits']);
    expect(again.runs.reduce((n, r) => n + r.inserted + r.updated, 0)).toBe(0);
  });

  it('re-reads only the clients touched since the last run: a new visit loads, a deleted one is flagged', async () => {
    p = await startPipeline({ sim: { locations: 2, clients: 40, days: 8 } });
    expect((await p.sync(STREAMS)).ok).toBe(true);
    const [location, other] = p.sim.truth().locations;
    const data = p.sim.world.location(location!.id)!;
    const index = visitsOf(p.sim.world, data);
    const single = [...index.byId.values()].find((v) => v.clientId !== null && location!.clients.ids.includes(v.clientId) && v.records.length === 1)!;
    const booker = location!.clients.ids.find((id) => id !== single.clientId)!;
    const added = p.sim.mutate.addRecord(location!.id, { clientId: booker });
    p.sim.mutate.deleteRecord(location!.id, single.records[0]!.id);

    p.sim.resetStats();
    const result = await p.sync(STREAMS);
    expect(result.ok).toBe(true);
    // Two clients touched, each history one page: two requests, none for the other location.
    expect(p.sim.stats().byEndpoint[ENDPOINT]?.requests).toBe(2);
    const runs = result.runs.filter((r) => r.stream === 'visits');
    expect(runs.find((r) => r.scope === `location:${other!.id}`)?.requests).toBe(0);

    expect((await warehouseVisits(p, location!.id))[booker]).toContain(added.visitId);
    const [flagged] = await p.rows<{ deleted_at: Date | null }>(`select deleted_at from altegio.visits where id = ${single.id}`);
    expect(flagged!.deleted_at).not.toBeNull();
    expect(await warehouseVisits(p, location!.id)).toEqual(sourceVisits(p.sim, location!.id));

    const rerun = await p.sync(STREAMS);
    expect(rerun.runs.filter((r) => r.stream === 'visits').reduce((n, r) => n + r.requests + r.inserted + r.updated, 0)).toBe(0);
  });
});

describe('the visit history date cursor', () => {
  const record = (id: number, visitId: number, date: string) => ({ id, visit_id: visitId, date: `${date} 10:00:00`, attendance: 1, services: [] });
  /** A fake API: answers are looked up by the `from..to` the body asks for. */
  function fakeApi(pages: Record<string, { records: unknown[]; next?: { from: string | null; to: string | null; count: number } }>) {
    const asked: string[] = [];
    const client = {
      async post(_path: string, body: { from: string | null; to: string | null }) {
        const key = `${body.from}..${body.to}`;
        asked.push(key);
        const page = pages[key] ?? { records: [] };
        return { data: { records: page.records, goods_transactions: [] }, meta: { dateCursor: page.next ? { next: page.next } : {} } };
      },
    } as unknown as AltegioClient;
    return { client, asked };
  }

  it('follows the cursor over overlapping pages without counting a visit twice', async () => {
    const { client, asked } = fakeApi({
      'null..null': { records: [record(3, 30, '2026-03-05'), record(2, 20, '2026-03-03')], next: { from: null, to: '2026-03-03', count: 2 } },
      // The same date again: visit 20 is served twice.
      'null..2026-03-03': { records: [record(2, 20, '2026-03-03'), record(1, 10, '2026-03-01')], next: { from: null, to: '2026-02-28', count: 0 } },
    });
    const items = (await readClientHistory(client, 1, 7, null)) as Array<{ visit_id?: number; records?: unknown[] }>;
    expect(asked).toEqual(['null..null', 'null..2026-03-03']);
    expect(items.filter((i) => i.visit_id).map((i) => [i.visit_id, i.records!.length])).toEqual([[30, 1], [20, 1], [10, 1]]);
    // What the page meta lists for the client: visits of its history not among these are marked deleted.
    expect(listedIds(items, 'visit_id')).toEqual([30, 20, 10]);
  });

  it('fails clearly when the cursor does not move', async () => {
    const { client, asked } = fakeApi({
      'null..null': { records: [record(1, 10, '2026-03-01')], next: { from: null, to: '2026-03-01', count: 5 } },
      'null..2026-03-01': { records: [record(1, 10, '2026-03-01')], next: { from: null, to: '2026-03-01', count: 5 } },
    });
    await expect(readClientHistory(client, 1, 7, null)).rejects.toThrow(/date cursor of client 7 does not move/);
    expect(asked).toHaveLength(2);
  });
});
