import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ADMIN_URL, createTestDatabase } from '../helpers/postgres.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { sqlClient, startCli, stopChild, testEnv, type Child } from '../worker.harness.js';
import { afterRequests, backfillArgs, CHAOS_WORLD, notes, outcomeOf, scenario, sleep } from './world.js';

/** Each loss: every connection ends and new ones are refused for this long, then the database is back for as long. */
const DOWN_MS = 2500;
const UP_MS = 2500;
const MAX_LOSSES = 4;

let sim: Simulator | undefined;
let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let relay: TcpProxy | undefined;
let child: Child | undefined;
afterEach(async () => {
  await stopChild(child);
  await relay?.close();
  await sim?.close();
  await db?.drop();
  sim = db = relay = child = undefined;
});

describe('the warehouse lost mid-run, again and again', () => {
  it('never crashes the backfill process: it waits each loss out and ends exact', () =>
    scenario(`6. Postgres lost for ${DOWN_MS / 1000} s, several times, during a backfill`, async (row) => {
      sim = await startSimulator({ ...CHAOS_WORLD, rateLimit: false });
      db = await createTestDatabase();
      const admin = new URL(ADMIN_URL);
      relay = await startTcpProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
      // 100 requests a second: the backfill takes about 15 s, long enough to lose the database several times.
      child = startCli(backfillArgs(sim), testEnv(sim, relay.urlFor(db.url), { ALTEGIO_RATE_LIMIT_PER_SECOND: '100', ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000' }));
      await afterRequests(sim, 100, 0);
      let losses = 0;
      while (child.proc.exitCode === null && losses < MAX_LOSSES) {
        await relay.down();
        losses += 1;
        await sleep(DOWN_MS);
        await relay.up();
        await sleep(UP_MS);
      }
      const run = outcomeOf(child, await child.exited);

      const sql = sqlClient(db.url);
      try {
        row.requests = sim.stats().total;
        row.faults = `${losses} × Postgres down ${DOWN_MS / 1000} s`;
        row.notes = notes(run.note);
        const diffs = await row.check((text) => sql.unsafe(text), sim);
        expect(losses).toBeGreaterThanOrEqual(3);
        expect(run.failures).toEqual([]);
        expect(run.code).toBe(run.expectedCode);
        expect(diffs).toEqual([]);
      } finally {
        await sql.end();
      }
    }));
});
