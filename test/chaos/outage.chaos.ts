import { afterEach, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { startCli, stopChild, testEnv, type Child } from '../worker.harness.js';
import { afterRequests, CHAOS_STREAMS, CHAOS_WORLD, FAST_API, historyWindow, injectedFaults, notes, outcomeOf, scenario, sleep } from './world.js';

/**
 * How long the API answers nothing but 5xx pages and resets. Outages of the
 * real API last a minute or so; the engine's retries (500 ms doubling, 8 of
 * them) outlast 60 s, and the suite waits out a shorter one to stay quick.
 */
const OUTAGE_MS = 10_000;

let p: Pipeline | undefined;
let child: Child | undefined;
afterEach(async () => {
  await stopChild(child);
  await p?.close();
  p = child = undefined;
});

describe('an API outage during a sync', () => {
  it('is waited out request by request: the sync completes and the warehouse is exact', () =>
    scenario(`4. API outage of ${OUTAGE_MS / 1000} s during a sync`, async (row) => {
      p = await startPipeline({ sim: CHAOS_WORLD });
      expect((await p.backfill(historyWindow(p.sim), [...CHAOS_STREAMS])).ok).toBe(true);
      const [first] = p.sim.truth().locations;
      p.sim.mutate.addClient(first!.id, { name: 'Booked Before The Outage' });
      p.sim.mutate.addRecord(first!.id, { startAt: new Date(Date.now() - 6 * 3600_000), attendance: 1 });
      p.sim.resetStats();

      // The real CLI, with its real retry delays.
      child = startCli(['sync', '--streams', CHAOS_STREAMS.join(',')], testEnv(p.sim, p.config.databaseUrl!, FAST_API));
      await afterRequests(p.sim, 100, 0);
      p.sim.setFaults({ serverError: 0.5, connectionReset: 0.5 });
      const during = p.sim.stats().total;
      await sleep(OUTAGE_MS);
      p.sim.setFaults(0);
      const refused = p.sim.stats().total - during;
      expect(child.proc.exitCode).toBeNull();
      const run = outcomeOf(child, await child.exited);

      const stats = p.sim.stats();
      row.requests = stats.total;
      row.faults = `${OUTAGE_MS / 1000} s of 5xx/resets (${injectedFaults(stats)} answers)`;
      row.notes = notes(`${refused} requests during the outage`, run.note && `sync ${run.note}`);
      expect(refused).toBeGreaterThan(3);
      expect(await row.check((text) => p!.rows(text), p.sim)).toEqual([]);
      expect(run.failures).toEqual([]);
      expect(run.code).toBe(run.expectedCode);
    }));
});
