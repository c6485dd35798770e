import { afterEach, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { CHAOS_STREAMS, CHAOS_WORLD, historyWindow, injectedFaults, scenario } from './world.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

/** Share of requests the gateway in front of the API fails: 5xx pages, resets, slow answers, truncated bodies, in equal parts. */
const FAULT_RATE = 0.3;

describe('an API that fails 30 % of requests', () => {
  it('leaves the warehouse exact through a backfill and a sync of what changed since', () =>
    scenario('3. 30 % API faults (backfill, then a sync)', async (row) => {
      p = await startPipeline({ sim: { ...CHAOS_WORLD, faults: FAULT_RATE, slowMs: 100 } });
      const backfill = await p.backfill(historyWindow(p.sim), [...CHAOS_STREAMS]);
      expect(backfill.runs.filter((r) => r.status === 'failed').map((r) => `${r.stream} ${r.scope}: ${r.error?.message}`)).toEqual([]);

      // What the staff change meanwhile: a new client, an edited one, a booking, a cancelled one.
      const [first] = p.sim.truth().locations;
      const changed = p.sim.world.location(first!.id)!;
      p.sim.mutate.addClient(first!.id, { name: 'Walked In During The Faults' });
      p.sim.mutate.updateClient(first!.id, first!.clients.ids[3]!, { spent: 123_450 });
      p.sim.mutate.addRecord(first!.id, { startAt: new Date(Date.now() - 6 * 3600_000), attendance: 1 });
      p.sim.mutate.deleteRecord(first!.id, changed.records.find((r) => !r.deleted && r.startMs > Date.now() - 2 * 86_400_000)!.id);
      const sync = await p.sync([...CHAOS_STREAMS]);
      expect(sync.runs.filter((r) => r.status === 'failed').map((r) => `${r.stream} ${r.scope}: ${r.error?.message}`)).toEqual([]);

      const stats = p.sim.stats();
      row.requests = stats.total;
      row.faults = `${injectedFaults(stats).toLocaleString('en-US')} API faults`;
      const retries = [...backfill.runs, ...sync.runs].reduce((n, r) => n + r.retries, 0);
      row.notes = `${retries.toLocaleString('en-US')} retries`;
      expect(injectedFaults(stats)).toBeGreaterThan(stats.total * 0.2);
      expect(await row.check((text) => p!.rows(text), p.sim)).toEqual([]);
      expect(backfill.ok && sync.ok).toBe(true);
    }));
});
