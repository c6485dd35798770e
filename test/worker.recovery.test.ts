import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { dropPrefix, loseEveryKey } from './helpers/redis.js';
import { eventually, sqlClient, startWorkerProcess, stopChild, testEnv, type Child } from './worker.harness.js';

describe('a worker whose Redis loses everything', () => {
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: ReturnType<typeof sqlClient>;
  let worker: Child | undefined;
  let redis: Redis;
  let queue: Queue;
  let env: Record<string, string> | undefined;

  beforeEach(async () => {
    sim = await startSimulator({ locations: 2, clients: 60, days: 3, rateLimit: false });
    db = await createTestDatabase();
    sql = sqlClient(db.url);
  });
  afterEach(async () => {
    await stopChild(worker);
    await queue?.close();
    redis?.disconnect();
    if (env) await dropPrefix(env.REDIS_URL!, env.ALTEGIO_QUEUE_PREFIX!);
    await sql.end();
    await sim.close();
    await db.drop();
  });

  it('registers its Job Schedulers again after every key it had is gone and goes on from the cursors in Postgres', async () => {
    env = testEnv(sim, db.url, {
      ALTEGIO_CADENCE_CLIENTS: '2s',
      ALTEGIO_SCHEDULER_CHECK_MS: '500',
      ALTEGIO_LOOKBACK_MINUTES: '0',
      ALTEGIO_PAGE_SIZE: '20',
    });
    redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    queue = new Queue('sync', { connection: redis, prefix: env.ALTEGIO_QUEUE_PREFIX });
    worker = await startWorkerProcess(env, ['--streams', 'locations,clients']);
    const expected = ['clients@location-1', 'clients@location-2', 'locations@location-1', 'locations@location-2'];
    const schedulerIds = async () => (await queue.getJobSchedulers(0, -1)).map((s) => s.key).sort();
    expect(await schedulerIds()).toEqual(expected);
    const succeeded = async (after: Date) =>
      sql<{ scope: string; rows: number }[]>`
        select scope, rows_inserted + rows_updated + rows_unchanged as rows from altegio.sync_runs
        where stream = 'clients' and status = 'succeeded' and started_at > ${after} order by started_at`;
    await eventually(async () => new Set((await succeeded(new Date(0))).map((r) => r.scope)).size === 2, 20_000, 'a first clients run per location');

    // All of the worker's keys (queue, schedulers, budget) vanish at once, as when Redis loses its data;
    // the keys of everyone else on this Redis stay.
    expect(await loseEveryKey(redis, env.ALTEGIO_QUEUE_PREFIX!)).toBeGreaterThan(0);
    const lost = new Date();
    await eventually(async () => (await schedulerIds()).length === 4, 10_000, 'the schedulers to come back');
    expect(await schedulerIds()).toEqual(expected);
    // The worker noticed they were missing and registered them itself.
    await worker.waitFor(/job scheduler was missing or changed; registered it again/, 10_000);

    // A client added after the loss arrives through the incremental cursor that Postgres kept.
    const added = sim.mutate.addClient(1, { name: 'Arrived After The Loss' });
    await eventually(
      async () => (await sql`select 1 from altegio.clients where location_id = 1 and id = ${added.id}`).length === 1,
      20_000,
      'the new client in the warehouse',
    );
    // A run that began before the loss may be the one that read it: wait for one that began after.
    await eventually(async () => (await succeeded(lost)).length > 0, 20_000, 'a clients run begun after the loss to succeed');
    const after = await succeeded(lost);
    // Runs after the loss read what changed since the cursor, not every client again.
    for (const run of after) expect(run.rows).toBeLessThan(60);
    expect(worker.proc.exitCode).toBeNull();
  });
});
