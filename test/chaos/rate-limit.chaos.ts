import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { sqlClient, startCli, stopChild, testEnv, type Child } from '../worker.harness.js';
import { backfillArgs, CHAOS_WORLD, notes, outcomeOf, scenario } from './world.js';

/** The API's own limit, below the engine's defaults (5 a second, 200 a minute). */
const API_LIMIT = { perSecond: 3, perMinute: 120 };
/** The streams of this run: about 50 requests, enough for the per-second windows to fill and empty many times. */
const STREAMS = ['locations', 'staff', 'services', 'service_categories', 'accounts', 'clients', 'records'];

let sim: Simulator | undefined;
let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let child: Child | undefined;
afterEach(async () => {
  await stopChild(child);
  await sim?.close();
  await db?.drop();
  sim = db = child = undefined;
});

describe('an API whose limit is below the configured one', () => {
  it('answering "retry in 0 seconds": the backfill still converges, and the warehouse is exact', () =>
    scenario(`10. API limit ${API_LIMIT.perSecond}/s, ${API_LIMIT.perMinute}/min under the configured 5/s, 200/min`, async (row) => {
      sim = await startSimulator({ ...CHAOS_WORLD, rateLimit: API_LIMIT });
      db = await createTestDatabase();
      // The engine's defaults: ALTEGIO_RATE_LIMIT_PER_SECOND=5, ALTEGIO_RATE_LIMIT_PER_MINUTE=200.
      child = startCli(backfillArgs(sim, STREAMS), testEnv(sim, db.url));
      const started = Date.now();
      const run = outcomeOf(child, await child.exited);
      const seconds = (Date.now() - started) / 1000;

      const stats = sim.stats();
      const useful = stats.total - stats.throttled;
      const sql = sqlClient(db.url);
      try {
        row.requests = stats.total;
        row.faults = `${stats.throttled} × 429 = ${(stats.throttled / useful).toFixed(2)} per useful request`;
        row.notes = notes(`${useful} useful requests in ${Math.round(seconds)} s = ${(useful / seconds).toFixed(2)}/s of the API's ${API_LIMIT.perSecond}/s`, run.note);
        const diffs = await row.check((text) => sql.unsafe(text), sim, ['reference', 'clients', 'records']);
        expect(run.failures).toEqual([]);
        expect(run.code).toBe(run.expectedCode);
        expect(diffs).toEqual([]);
      } finally {
        await sql.end();
      }
    }));
});
