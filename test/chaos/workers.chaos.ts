import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { dropPrefix } from '../helpers/redis.js';
import { sqlClient, startCli, startWorkerProcess, stopChild, testEnv, type Child } from '../worker.harness.js';
import { afterRequests, backfillArgs, CHAOS_WORLD, FAST_API, notes, outcomeOf, scenario } from './world.js';

let sim: Simulator;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: ReturnType<typeof sqlClient>;
let env: Record<string, string>;
const children: Child[] = [];

/** A worker that only processes jobs (no schedulers of its own: the enqueued backfill is the whole workload). */
async function worker(): Promise<Child> {
  const child = await startWorkerProcess(env, ['--no-schedules']);
  children.push(child);
  return child;
}

/** `backfill --enqueue --wait` of the whole history. */
function enqueueBackfill(): Child {
  const child = startCli([...backfillArgs(sim), '--enqueue', '--wait'], env);
  children.push(child);
  return child;
}

/** Requests of the enqueued backfill: about 1,500 (with 14-day jobs a little more). */
const BACKFILL_REQUESTS = 1500;

beforeEach(async () => {
  sim = await startSimulator({ ...CHAOS_WORLD, rateLimit: false });
  db = await createTestDatabase();
  sql = sqlClient(db.url);
  // A dead worker's job is taken again after 2 s rather than 30.
  env = testEnv(sim, db.url, { ...FAST_API, ALTEGIO_JOB_LOCK_MS: '2000', ALTEGIO_SHUTDOWN_TIMEOUT_MS: '10000' });
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopChild(c)));
  await dropPrefix(env.REDIS_URL!, env.ALTEGIO_QUEUE_PREFIX!);
  await sql.end();
  await sim.close();
  await db.drop();
});

describe('workers of an enqueued backfill', () => {
  it('one of two killed with SIGKILL: the other takes its jobs over and the warehouse ends exact', () =>
    scenario('2. kill -9 of one of two workers during backfill --enqueue --wait', async (row) => {
      const [doomed] = [await worker(), await worker()];
      const waiter = enqueueBackfill();
      await afterRequests(sim, BACKFILL_REQUESTS * 0.4, 0);
      doomed!.proc.kill('SIGKILL');
      await doomed!.exited;
      const run = outcomeOf(waiter, await waiter.exited);

      const [taken] = await sql<{ n: number }[]>`select count(*)::int as n from altegio.sync_runs where error like 'interrupted: the process running it stopped%'`;
      row.requests = sim.stats().total;
      row.faults = '1 × kill -9 (of 2 workers)';
      row.notes = notes(`${taken!.n} runs of the dead worker closed as interrupted`, run.note && `wait ${run.note}`);
      const diffs = await row.check((text) => sql.unsafe(text), sim);
      expect(run.failures).toEqual([]);
      expect(run.code).toBe(run.expectedCode);
      expect(taken!.n).toBeGreaterThan(0);
      expect(diffs).toEqual([]);
    }));

  it('one sent SIGTERM mid-job exits 0 in time; its jobs go back to the queue and resume on the next worker, exact', () =>
    scenario('5. SIGTERM to a worker mid-job, then another worker', async (row) => {
      const first = await worker();
      const waiter = enqueueBackfill();
      await afterRequests(sim, BACKFILL_REQUESTS * 0.3, 0);
      first.proc.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      const interrupted = await sql<{ stream: string; scope: string; started_at: Date }[]>`
        select stream, scope, started_at from altegio.sync_runs where error like 'interrupted: the worker is shutting down%'`;
      expect(interrupted.length).toBeGreaterThan(0);
      await worker();
      const run = outcomeOf(waiter, await waiter.exited);

      // Every interrupted run was taken up again and completed by a later run of the same stream and scope.
      const resumed = await sql<{ n: number }[]>`
        select count(*)::int as n from altegio.sync_runs r
        where status = 'succeeded' and exists (
          select 1 from altegio.sync_runs i where i.error like 'interrupted: the worker is shutting down%'
            and i.stream = r.stream and i.scope = r.scope and i.started_at < r.started_at)`;
      row.requests = sim.stats().total;
      row.faults = '1 × SIGTERM';
      row.notes = notes(`${interrupted.length} runs interrupted, ${resumed[0]!.n} later runs of them succeeded`, run.note && `wait ${run.note}`);
      const diffs = await row.check((text) => sql.unsafe(text), sim);
      expect(run.failures).toEqual([]);
      expect(run.code).toBe(run.expectedCode);
      expect(resumed[0]!.n).toBeGreaterThanOrEqual(new Set(interrupted.map((r) => `${r.stream} ${r.scope}`)).size);
      expect(diffs).toEqual([]);
    }));
});
