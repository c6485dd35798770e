/**
 * `--enqueue --wait` with nobody consuming the queue gives up after
 * ALTEGIO_WAIT_NO_WORKER_SECONDS, says what to start and how to cancel, and
 * leaves the jobs queued; a connected worker keeps it waiting.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QUEUE_NAME } from '../src/queue/connection.js';
import { dropPrefix, REDIS_URL, testPrefix } from './helpers/redis.js';
import { runCli } from './helpers/run-cli.js';
import { startCli, stopChild, type Child } from './worker.harness.js';

/** The bound of these tests; the margin covers starting the CLI (tsx) and the poll interval. */
const BOUND_S = 3;
const MARGIN_MS = 20_000;

describe('waiting with no worker', () => {
  let redis: Redis;
  let queue: Queue;
  let env: Record<string, string>;
  const children: Child[] = [];
  const workers: Worker[] = [];

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => {
    redis?.disconnect();
  });
  beforeEach(() => {
    env = {
      REDIS_URL,
      ALTEGIO_QUEUE_PREFIX: testPrefix(),
      ALTEGIO_LOCATION_IDS: '1,2',
      ALTEGIO_WAIT_NO_WORKER_SECONDS: String(BOUND_S),
    };
    queue = new Queue(QUEUE_NAME, { connection: redis, prefix: env.ALTEGIO_QUEUE_PREFIX });
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopChild(c)));
    await Promise.all(workers.splice(0).map((w) => w.close(true)));
    await queue.close();
    await dropPrefix(REDIS_URL, env.ALTEGIO_QUEUE_PREFIX!);
  });

  /** Job ids of the batch that have not run. */
  const queued = async (batch: string) => {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'waiting-children', 'paused']);
    return jobs.filter((j) => String(j.id).startsWith(`${batch}.`)).length;
  };
  const giveUpLine = (batch: string, jobs: number) =>
    `no worker is connected to the queue and no job of ${batch} has moved for ${BOUND_S} s (ALTEGIO_WAIT_NO_WORKER_SECONDS): ` +
    `start \`altegio-sync worker\` with the same REDIS_URL=${REDIS_URL} and ALTEGIO_QUEUE_PREFIX=${env.ALTEGIO_QUEUE_PREFIX}; ` +
    `the ${jobs} unfinished job(s) stay queued and run when a worker takes them; ` +
    `\`altegio-sync cancel --batch ${batch}\` removes those not running yet`;

  it('exits 1 after the bound, saying what to start and how to cancel, and the jobs stay queued', async () => {
    const started = Date.now();
    const run = await runCli(['sync', '--enqueue', '--wait', '--streams', 'clients,records'], { ...env, LOG_FORMAT: 'json' });
    const elapsed = Date.now() - started;
    expect(run.code, run.stderr).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(BOUND_S * 1000);
    expect(elapsed).toBeLessThan(BOUND_S * 1000 + MARGIN_MS);
    const records = run.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const batch = String(records.find((r) => typeof r.batch === 'string')?.batch);
    const jobs = records.find((r) => r.batch === batch && typeof r.jobs === 'number')?.jobs as number;
    expect(jobs).toBe(4);
    expect(records.map((r) => String(r.msg))).toContain(giveUpLine(batch, jobs));
    expect(await queued(batch)).toBe(jobs);
  });

  it('keeps waiting while a worker is connected, and gives up the bound after it leaves', async () => {
    // Connected but taking nothing: nothing moves, yet someone is there.
    const idle = new Worker(QUEUE_NAME, async () => undefined, { connection: { url: REDIS_URL }, prefix: env.ALTEGIO_QUEUE_PREFIX, autorun: false });
    workers.push(idle);
    await idle.waitUntilReady();
    expect(await queue.getWorkersCount()).toBe(1);

    const wait = startCli(['sync', '--enqueue', '--wait', '--streams', 'clients'], env);
    children.push(wait);
    await wait.waitFor(/0\/\d+ jobs finished/);
    // Three bounds with the worker connected: the wait must still be there.
    await new Promise((resolve) => setTimeout(resolve, 3 * BOUND_S * 1000));
    expect(wait.proc.exitCode).toBeNull();

    await idle.close(true);
    const left = Date.now();
    expect(await wait.exited).toBe(1);
    expect(Date.now() - left).toBeLessThan(BOUND_S * 1000 + MARGIN_MS);
    const batch = String(wait.records().find((r) => typeof r.batch === 'string')?.batch);
    expect(wait.records().map((r) => String(r.msg))).toContain(giveUpLine(batch, 2));
    expect(await queued(batch)).toBe(2);
  });
});
