import { TZDate } from '@date-fns/tz';
import { afterEach, describe, expect, it } from 'vitest';
import { toMilli } from '../src/simulator/money.js';
import { localDate } from '../src/simulator/time.js';
import { addDays } from '../src/util/dates.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const EPOCH_MS = '(extract(epoch from starts_at) * 1000)::bigint';

type Pass = Awaited<ReturnType<Pipeline['sync']>>;

function recordsWritten(result: Pass): number {
  return result.runs.filter((r) => r.stream === 'records').reduce((n, r) => n + r.inserted + r.updated, 0);
}

async function idList(pipeline: Pipeline, query: string): Promise<number[]> {
  return (await pipeline.rows<{ id: string }>(query)).map((r) => Number(r.id));
}

/** Every session date of the world, whatever the zone: anchor - days - 1 .. anchor + 8. */
function wholeWorld(pipeline: Pipeline, days: number) {
  const anchor = pipeline.sim.truth().anchor.slice(0, 10);
  return { from: addDays(anchor, -days - 1), to: addDays(anchor, 8) };
}

describe('records', () => {
  it('a backfill holds exactly the source: deleted records, walk-ins, service and goods lines', async () => {
    p = await startPipeline({ sim: { clients: 80, days: 14, locations: 2 } });
    const result = await p.backfill(wholeWorld(p, 14), ['records']);
    expect(result.ok).toBe(true);
    for (const loc of p.sim.truth().locations) {
      const truth = loc.records;
      const data = p.sim.world.location(loc.id)!;
      const where = `location_id = ${loc.id}`;
      expect(await idList(p, `select id from altegio.records where ${where} order by id`)).toEqual(truth.ids);
      expect(await idList(p, `select id from altegio.records where ${where} and deleted_at is not null order by id`)).toEqual(truth.deletedIds);
      const [stamps] = await p.rows<{ n: string }>(
        `select count(*) as n from altegio.records where ${where} and deleted_at is not null and deleted_at <> last_change_at`,
      );
      expect(Number(stamps!.n)).toBe(0);
      const walkIns = data.records.filter((r) => r.clientId === null).map((r) => r.id).sort((a, b) => a - b);
      expect(walkIns.length).toBeGreaterThan(0);
      expect(await idList(p, `select id from altegio.records where ${where} and client_id is null order by id`)).toEqual(walkIns);

      const [lines] = await p.rows<{ n: string; cost: string; first_cost: string }>(
        `select count(*) as n, coalesce(sum(s.cost), 0)::numeric(20,3)::text as cost, coalesce(sum(s.first_cost), 0)::numeric(20,3)::text as first_cost
         from altegio.record_services s join altegio.records r using (location_id)
         where r.id = s.record_id and r.${where} and r.deleted_at is null`,
      );
      expect({ count: Number(lines!.n), cost: lines!.cost, firstCost: lines!.first_cost }).toEqual(truth.services);
      const [goods] = await p.rows<{ n: string; cost: string }>(
        `select count(*) as n, coalesce(sum(g.cost), 0)::numeric(20,3)::text as cost
         from altegio.record_goods g join altegio.records r using (location_id)
         where r.id = g.record_id and r.${where} and r.deleted_at is null`,
      );
      expect({ count: Number(goods!.n), cost: goods!.cost }).toEqual(truth.goods);

      // Every session instant and local date, as the simulator has them.
      const rows = await p.rows<{ id: string; starts_ms: string; session_date: string }>(
        `select id, ${EPOCH_MS} as starts_ms, session_date::text from altegio.records where ${where}`,
      );
      const wrong = rows.filter((r) => {
        const source = data.recordById.get(Number(r.id))!;
        return Number(r.starts_ms) !== source.startMs || r.session_date !== localDate(data.loc.zone, source.startMs);
      });
      expect(wrong).toEqual([]);
    }
    const again = await p.backfill(wholeWorld(p, 14), ['records']);
    expect(recordsWritten(again)).toBe(0);
  });

  it('a sync picks up exactly the changed records, replaces their lines, and a re-run writes nothing', async () => {
    p = await startPipeline({ sim: { clients: 60, days: 10, locations: 1 } });
    expect((await p.sync(['records'])).ok).toBe(true);
    const loc = p.sim.truth().locations[0]!.id;
    const data = p.sim.world.location(loc)!;
    const live = data.records.filter((r) => !r.deleted && r.clientId !== null);
    const services = (r: (typeof live)[number]) => r.lines.filter((l) => l.kind === 'service');
    const [edited, removed] = [live[3]!, live[20]!];
    // One record loses lines (the old ones must go), another books one service twice.
    const shrunk = live.find((r) => r !== edited && r !== removed && services(r).length >= 2)!;
    const doubled = live.find((r) => r !== edited && r !== removed && r !== shrunk)!;
    const [s1, s2] = data.services.filter((s) => s.active);
    const [{ now: before }] = (await p.rows<{ now: string }>('select now()::text as now')) as [{ now: string }];

    p.sim.mutate.updateRecord(loc, edited.id, { comment: 'Moved to the window seat' });
    p.sim.mutate.updateRecord(loc, shrunk.id, { serviceIds: [s2!.id] });
    p.sim.mutate.updateRecord(loc, doubled.id, { serviceIds: [s1!.id, s2!.id, s1!.id] });
    p.sim.mutate.deleteRecord(loc, removed.id);
    const added = p.sim.mutate.addRecord(loc);

    const second = await p.sync(['records']);
    expect(second.ok).toBe(true);
    const touched = await idList(p, `select id from altegio.records where synced_at > '${before}' order by id`);
    expect(touched).toEqual([edited.id, shrunk.id, doubled.id, removed.id, added.id].sort((a, b) => a - b));
    const [row] = await p.rows<{ comment: string }>(`select comment from altegio.records where id = ${edited.id}`);
    expect(row!.comment).toBe('Moved to the window seat');
    const [gone] = await p.rows<{ same: boolean }>(`select deleted_at = last_change_at as same from altegio.records where id = ${removed.id}`);
    expect(gone!.same).toBe(true);

    // The lines of a rebooked record are exactly its new ones: old lines gone, a repeated service kept twice.
    for (const [record, ids] of [[shrunk, [s2!.id]], [doubled, [s1!.id, s2!.id, s1!.id]]] as const) {
      const lines = await p.rows<{ service_id: string; cost: string }>(
        `select service_id, cost::text from altegio.record_services where record_id = ${record.id} order by position`,
      );
      expect(lines.map((l) => Number(l.service_id))).toEqual(ids);
      expect(lines.map((l) => toMilli(l.cost))).toEqual(services(record).map((l) => l.cost));
    }
    const truth = p.sim.truth().locations[0]!.records;
    const [sums] = await p.rows<{ n: string; cost: string }>(
      `select count(*) as n, sum(s.cost)::numeric(20,3)::text as cost from altegio.record_services s
       join altegio.records r on r.location_id = s.location_id and r.id = s.record_id where r.deleted_at is null`,
    );
    expect({ count: Number(sums!.n), cost: sums!.cost }).toEqual({ count: truth.services.count, cost: truth.services.cost });
    expect(await idList(p, 'select id from altegio.records order by id')).toEqual(truth.ids);

    expect(recordsWritten(await p.sync(['records']))).toBe(0);
    const [runs] = await p.rows<{ n: string }>(
      `select rows_written as n from altegio.sync_runs where stream = 'records' order by started_at desc limit 1`,
    );
    expect(Number(runs!.n)).toBe(0);
  });

  it('a backfill of one date reads it in the location zone, late and early sessions included', async () => {
    // Location 4 is Auckland (UTC+12/+13): its evening is the UTC morning, its early hours the UTC day before.
    p = await startPipeline({ sim: { clients: 30, days: 5, locations: 4 } });
    const loc = 4;
    const data = p.sim.world.location(loc)!;
    expect(data.loc.zone).toBe('Pacific/Auckland');
    const day = addDays(localDate(data.loc.zone, p.sim.world.anchorMs), -2);
    const at = (hours: number, minutes: number) => {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      return new Date(new TZDate(y, m - 1, d, hours, minutes, 0, data.loc.zone).getTime());
    };
    const late = p.sim.mutate.addRecord(loc, { startAt: at(23, 30) });
    const early = p.sim.mutate.addRecord(loc, { startAt: at(0, 30) });

    expect((await p.backfill({ from: day, to: day }, ['records'])).ok).toBe(true);
    const onDay = data.records.filter((r) => localDate(data.loc.zone, r.startMs) === day).map((r) => r.id).sort((a, b) => a - b);
    expect(onDay).toContain(late.id);
    expect(onDay).toContain(early.id);
    expect(await idList(p, `select id from altegio.records where location_id = ${loc} order by id`)).toEqual(onDay);
    const rows = await p.rows<{ id: string; session_date: string; starts_ms: string }>(
      `select id, session_date::text, ${EPOCH_MS} as starts_ms from altegio.records where id in (${late.id}, ${early.id}) order by id`,
    );
    expect(rows.map((r) => r.session_date)).toEqual([day, day]);
    expect(rows.map((r) => Number(r.starts_ms))).toEqual([late.startMs, early.startMs]);
  });
});
