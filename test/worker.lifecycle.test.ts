import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { dropPrefix } from './helpers/redis.js';
import {
  eventually, freePort, sqlClient, startCli, startWorkerProcess, stopChild, testEnv, type Child,
} from './worker.harness.js';

const PAGE_SIZE = 10;

describe('a worker process', () => {
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: ReturnType<typeof sqlClient>;
  let env: Record<string, string>;
  const children: Child[] = [];
  const spawnWorker = async (extra: Record<string, string> = {}) => {
    const child = await startWorkerProcess({ ...env, ...extra }, ['--no-schedules']);
    children.push(child);
    return child;
  };
  const clientRuns = () =>
    sql<{ status: string; pages: number; error: string | null }[]>`
      select status, pages, error from altegio.sync_runs where stream = 'clients' order by started_at`;
  const totalPages = () => Math.ceil(sim.truth().locations[0]!.clients.count / PAGE_SIZE);
  const expectClientsLikeTheSource = async () => {
    const rows = await sql<{ id: string }[]>`select id from altegio.clients where location_id = 1 and deleted_at is null order by id`;
    expect(rows.map((r) => Number(r.id))).toEqual(sim.truth().locations[0]!.clients.ids);
  };

  beforeAll(async () => {
    sim = await startSimulator({ locations: 1, clients: 400, days: 3, rateLimit: false });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    db = await createTestDatabase();
    sql = sqlClient(db.url);
    env = testEnv(sim, db.url, {
      ALTEGIO_PAGE_SIZE: String(PAGE_SIZE),
      ALTEGIO_RATE_LIMIT_PER_SECOND: '20',
      ALTEGIO_RATE_LIMIT_PER_MINUTE: '10000',
      ALTEGIO_JOB_LOCK_MS: '2000',
      ALTEGIO_SHUTDOWN_TIMEOUT_MS: '5000',
    });
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopChild(c)));
    await sql.end();
    await dropPrefix(env.REDIS_URL!, env.ALTEGIO_QUEUE_PREFIX!);
    await db.drop();
  });

  it('killed with SIGKILL mid-stream, its job is resumed by the next worker from the last committed page', async () => {
    const first = await spawnWorker();
    const waiter = startCli(['sync', '--enqueue', '--wait', '--streams', 'clients'], env);
    children.push(waiter);
    await eventually(async () => (await clientRuns())[0]?.pages! >= 5, 20_000, 'five committed pages');
    first.proc.kill('SIGKILL');
    await first.exited;
    await spawnWorker();
    expect(await waiter.exited).toBe(0);

    const runs = await clientRuns();
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
    expect(runs[0]!.error).toMatch(/^interrupted: the process running it stopped before it finished \(found by run [0-9a-f-]{36}\); the next run of it resumes after its last committed page$/);
    // The second run read only the pages the first had not committed: none twice, none skipped.
    expect(runs[0]!.pages).toBeGreaterThanOrEqual(5);
    expect(runs[0]!.pages).toBeLessThan(totalPages());
    expect(runs[0]!.pages + runs[1]!.pages).toBe(totalPages());
    await expectClientsLikeTheSource();
  });

  it('stops on SIGTERM within the bounded wait with exit code 0; the interrupted job goes back to the queue and finishes later', async () => {
    const worker = await spawnWorker({ ALTEGIO_RATE_LIMIT_PER_SECOND: '10' });
    const enqueue = startCli(['sync', '--enqueue', '--streams', 'clients'], env);
    expect(await enqueue.exited).toBe(0);
    await eventually(async () => (await clientRuns())[0]?.pages! >= 2, 20_000, 'two committed pages');
    const signalled = Date.now();
    worker.proc.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(worker.lines.join('\n')).toMatch(/"clean":true/);

    const [interrupted] = await clientRuns();
    expect(interrupted!.status).toBe('interrupted');
    expect(interrupted!.error).toMatch(/interrupted: the worker is shutting down/);
    const redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    const queue = new Queue('sync', { connection: redis, prefix: env.ALTEGIO_QUEUE_PREFIX });
    try {
      const [job] = await queue.getJobs(['wait']);
      expect(job?.name).toBe('sync clients location:1');
      expect(job?.attemptsMade).toBe(0);
      await spawnWorker();
      await eventually(async () => (await Job.fromId(queue, job!.id!))?.finishedOn, 20_000, 'the job to finish');
      expect(await queue.getJobState(job!.id!)).toBe('completed');
    } finally {
      await queue.close();
      redis.disconnect();
    }
    const runs = await clientRuns();
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
    expect(runs[0]!.pages + runs[1]!.pages).toBe(totalPages());
    await expectClientsLikeTheSource();
  });

  it('serves /healthz, /metrics with requests, rows and lag per stream, and the board only with its token, read-only', async () => {
    const port = await freePort();
    const token = 'board-token-0123456789';
    await spawnWorker({ METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1', BULL_BOARD_TOKEN: token });
    const sync = startCli(['sync', '--enqueue', '--wait', '--streams', 'locations,clients'], env);
    expect(await sync.exited).toBe(0);
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', worker: 'ok', redis: 'ok', postgres: 'ok', api: 'ok' });

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^altegio_requests_total\\{stream="clients"\\} ${totalPages()}$`, 'm'));
    expect(metrics).toMatch(new RegExp(`^altegio_rows_total\\{stream="clients",outcome="inserted"\\} ${sim.truth().locations[0]!.clients.count}$`, 'm'));
    expect(metrics).toMatch(/^altegio_stream_lag_seconds\{stream="clients",scope="location:1"\} \d/m);
    expect(metrics).toMatch(/^altegio_throttled_total 0$/m);
    expect(metrics).toMatch(/^altegio_queue_jobs\{state="completed"\} 2$/m);

    expect((await fetch(`${base}/board/`)).status).toBe(401);
    expect((await fetch(`${base}/board/`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${base}/board/`, { headers: auth })).status).toBe(200);
    const queues = (await (await fetch(`${base}/board/api/queues`, { headers: auth })).json()) as { queues: Array<{ readOnlyMode: boolean }> };
    expect(queues.queues[0]!.readOnlyMode).toBe(true);
    expect((await fetch(`${base}/board/api/queues/sync/clean/completed`, { method: 'PUT', headers: auth })).status).toBe(405);
  });
});
