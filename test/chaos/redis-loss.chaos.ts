import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { dropPrefix, loseEveryKey } from '../helpers/redis.js';
import { eventually, sqlClient, startCli, startWorkerProcess, stopChild, testEnv, type Child } from '../worker.harness.js';
import { afterRequests, backfillArgs, CHAOS_WORLD, notes, outcomeOf, scenario } from './world.js';

/** The API's budget, and the one the workers are told: equal, so that only a budget lost with Redis can overrun it. */
const LIMIT = { perSecond: 60, perMinute: 3600 };
/** What "a handful" of 429s after the loss means. */
const HANDFUL = 10;

let sim: Simulator | undefined;
let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let env: Record<string, string> | undefined;
let redis: Redis | undefined;
let queue: Queue | undefined;
const children: Child[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopChild(c)));
  await queue?.close();
  redis?.disconnect();
  if (env) await dropPrefix(env.REDIS_URL!, env.ALTEGIO_QUEUE_PREFIX!);
  await sim?.close();
  await db?.drop();
  sim = db = env = redis = queue = undefined;
});

describe('Redis losing every key while two workers run', () => {
  it('costs no more than a handful of 429s; the schedulers come back and the backfill enqueued again ends exact', () =>
    scenario('9. Redis loses every key while two workers run', async (row) => {
      sim = await startSimulator({ ...CHAOS_WORLD, rateLimit: LIMIT });
      db = await createTestDatabase();
      env = testEnv(sim, db.url, {
        ALTEGIO_RATE_LIMIT_PER_SECOND: String(LIMIT.perSecond),
        ALTEGIO_RATE_LIMIT_PER_MINUTE: String(LIMIT.perMinute),
        ALTEGIO_SCHEDULER_CHECK_MS: '500',
        ALTEGIO_JOB_LOCK_MS: '2000',
        // Enough jobs at once for the workers to wait on the budget, not on the API.
        ALTEGIO_WORKER_CONCURRENCY: '8',
      });
      redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
      queue = new Queue('sync', { connection: redis, prefix: env.ALTEGIO_QUEUE_PREFIX });
      const schedulers = async () => (await queue!.getJobSchedulers(0, -1)).map((s) => s.key).sort();
      const workers = [];
      for (let i = 0; i < 2; i++) workers.push(await startWorkerProcess(env, ['--streams', 'locations,clients,records']));
      children.push(...workers);
      const registered = await schedulers();
      const run = (args: string[]) => {
        const child = startCli(args, env!);
        children.push(child);
        return child;
      };

      const lostWait = run([...backfillArgs(sim), '--enqueue', '--wait']);
      await afterRequests(sim, 500, 0);
      const throttledBefore = sim.stats().throttled;
      const lost = await loseEveryKey(redis, env.ALTEGIO_QUEUE_PREFIX!);
      const first = outcomeOf(lostWait, await lostWait.exited);
      await eventually(async () => JSON.stringify(await schedulers()) === JSON.stringify(registered), 20_000, 'the schedulers to come back');
      const again = run([...backfillArgs(sim), '--enqueue', '--wait']);
      const second = outcomeOf(again, await again.exited);

      const stats = sim.stats();
      const sql = sqlClient(db.url);
      try {
        const throttledAfter = stats.throttled - throttledBefore;
        row.requests = stats.total;
        row.faults = `${lost} Redis keys lost at once`;
        row.notes = notes(`${stats.throttled} × 429 (${throttledAfter} after the loss)`, `peak ${stats.peakPerSecond}/s of the ${LIMIT.perSecond}/s allowed`, `${registered.length} schedulers back`, second.note && `wait ${second.note}`);
        const diffs = await row.check((text) => sql.unsafe(text), sim);
        expect(first.code).toBe(1);
        expect(lostWait.lines.join('\n')).toMatch(/vanished from Redis/);
        expect(second.failures).toEqual([]);
        expect(second.code).toBe(second.expectedCode);
        expect(await schedulers()).toEqual(registered);
        expect(stats.throttled).toBeLessThanOrEqual(HANDFUL);
        expect(workers.every((w) => w.proc.exitCode === null)).toBe(true);
        expect(diffs).toEqual([]);
      } finally {
        await sql.end();
      }
    }));
});
