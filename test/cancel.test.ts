/**
 * `--enqueue --wait` interrupted leaves its jobs queued and says how to
 * cancel them; `cancel` removes the jobs of a batch that have not started,
 * or with --all every one no Job Scheduler made, and nothing else.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAME } from '../src/queue/connection.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { dropPrefix, REDIS_URL } from './helpers/redis.js';
import { runCliHere } from './helpers/run-cli.js';
import { freePort, startCli, stopChild, testEnv, type Child } from './worker.harness.js';

describe('cancelling enqueued work', () => {
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  let redis: Redis;
  let queue: Queue;
  const children: Child[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ locations: 2, clients: 10, days: 2, rateLimit: false });
    db = await createTestDatabase();
    env = testEnv(sim, db.url);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    queue = new Queue(QUEUE_NAME, { connection: redis, prefix: env.ALTEGIO_QUEUE_PREFIX });
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    await queue?.close();
    redis?.disconnect();
    await dropPrefix(REDIS_URL, env.ALTEGIO_QUEUE_PREFIX!);
    await sim?.close();
    await db?.drop();
  });

  /** Ids of the jobs in the queue that have not run, by batch (`repeat:` ids are the scheduler's). */
  const queued = async () => {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'waiting-children', 'paused']);
    const byBatch = new Map<string, number>();
    for (const job of jobs) {
      const batch = String(job.id).startsWith('repeat:') ? 'scheduler' : String(job.id).split('.')[0]!;
      byBatch.set(batch, (byBatch.get(batch) ?? 0) + 1);
    }
    return byBatch;
  };
  const batchOf = (child: Child) => String(child.records().find((r) => typeof r.batch === 'string')?.batch);
  let first = '';
  let second = '';

  it('a SIGINT during --wait stops waiting, leaves every job queued and says how to cancel them', async () => {
    const wait = startCli(['sync', '--enqueue', '--wait'], env);
    children.push(wait);
    await wait.waitFor(/0\/\d+ jobs finished/);
    wait.proc.kill('SIGINT');
    expect(await wait.exited).toBe(1);
    first = batchOf(wait);
    const total = wait.records().find((r) => r.batch === first)?.jobs as number;
    expect(total).toBeGreaterThan(10);
    expect(wait.records().map((r) => String(r.msg))).toContain(
      `interrupted: stopped waiting; the ${total} unfinished job(s) of ${first} stay queued and run when a worker takes them; ` +
        `\`altegio-sync cancel --batch ${first}\` removes those not running yet`,
    );
    expect((await queued()).get(first)).toBe(total);
  });

  it('cancel --batch removes that batch\'s jobs that have not started, and leaves another batch\'s and the Job Schedulers\'', async () => {
    const other = startCli(['sync', '--enqueue', '--streams', 'clients,records'], env);
    children.push(other);
    expect(await other.exited).toBe(0);
    second = batchOf(other);
    await queue.upsertJobScheduler('clients@location-1', { every: 3_600_000 }, { name: 'sync clients location:1', data: {} });
    const before = await queued();
    expect(before.get(second)).toBe(4);
    expect(before.get('scheduler')).toBe(1);

    const run = await runCliHere(['cancel', '--batch', first], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`removed ${before.get(first)} job(s) of batch ${first} that had not started`);
    const after = await queued();
    expect([after.get(first), after.get(second), after.get('scheduler')]).toEqual([undefined, 4, 1]);
    expect(await queue.getJobSchedulersCount()).toBe(1);
  });

  it('cancel --all removes every job no Job Scheduler made, and leaves the schedulers and their jobs', async () => {
    const run = await runCliHere(['cancel', '--all'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('removed 4 enqueued job(s) that had not started');
    expect([...(await queued()).entries()]).toEqual([['scheduler', 1]]);
    expect(await queue.getJobSchedulersCount()).toBe(1);
  });

  it('cancel exits 2 without --batch or --all, saying where the batch id comes from', async () => {
    const run = await runCliHere(['cancel'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cancel needs --batch <id> (the batch id `sync --enqueue` or `backfill --enqueue` printed');
  });

  it('cancel exits 1 when Redis cannot be reached, naming REDIS_URL', async () => {
    const port = await freePort();
    const run = await runCliHere(['cancel', '--all'], { ...env, REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach Redis at REDIS_URL=redis://127.0.0.1:${port}`);
  });
});
