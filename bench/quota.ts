/**
 * Figure 1 (quota use) and the runs figures 2 and 4 read: a backfill of one
 * location through `altegio-sync worker` processes sharing the Redis budget,
 * fed by `backfill --enqueue --wait`, against the simulator enforcing the
 * same (scaled) budget.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { DEFAULT_MARGIN_MS } from '../src/altegio/budget.js';
import { QUEUE_NAME } from '../src/queue/connection.js';
import type { RequestStats } from '../src/simulator/index.js';
import { createDatabase, engineEnv, run, type Finished, type SimHost } from './processes.js';
import { quotaUse, type Budget, type QuotaUse } from './rate.js';

/** ALTEGIO_RATE_LIMIT_MARGIN_MS as shipped: the workers run with the default. */
const MARGIN_MS = DEFAULT_MARGIN_MS;

/**
 * The Redis of the benchmark: BENCH_REDIS_URL, else the tests' TEST_REDIS_URL,
 * else the local one. It may hold other people's keys: each run has a key prefix
 * of its own and deletes only the keys under it.
 */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface QuotaRun {
  workers: number;
  budget: Budget;
  use: QuotaUse;
  /** Refused by the simulator. */
  throttled: number;
  peakPerSecond: number;
  peakPerMinute: number;
  /** Wall time of `backfill --enqueue --wait`, ms. */
  wallMs: number;
  /** Median and 99th percentile of the simulator's time per answer, ms. */
  serverMsP50: number;
  serverMsP99: number;
  /** Peak RSS of each worker process, bytes. */
  workerPeakRss: number[];
  /** Stream runs (jobs) of the backfill, and the most that ran at once (from sync_runs). */
  jobs: number;
  maxConcurrentJobs: number;
  /**
   * Per stream (sync_runs): requests and time, and the time per request. A
   * stream slower per request than the budget's interval (1,000 ms ÷ the
   * sustained rate) sets the pace itself: its page writes, not the budget.
   */
  streams: Array<{ stream: string; requests: number; ms: number; msPerRequest: number }>;
  stats: RequestStats;
}

export interface QuotaOptions {
  workers: number;
  budget: Budget;
  window: { from: string; to: string };
  log: (line: string) => void;
  /** The bin to run (default the checkout's). */
  cli?: string;
  /** ALTEGIO_BACKFILL_CHUNK_DAYS (default the engine's, 14). */
  chunkDays?: number;
  /** The simulator's limit (default `budget`; false = unlimited). */
  simLimit?: Budget | false;
}

/** The run, and its database (left for the no-op sync; the caller drops it). */
export async function quotaRun(sim: SimHost, options: QuotaOptions): Promise<{ run: QuotaRun; db: { url: string; drop(): Promise<void> } }> {
  const db = await createDatabase('altegio_bench_quota');
  const prefix = `altegio-bench-${randomBytes(4).toString('hex')}`;
  const env = engineEnv(sim, db.url, {
    REDIS_URL,
    ALTEGIO_QUEUE_PREFIX: prefix,
    ALTEGIO_RATE_LIMIT_PER_SECOND: String(options.budget.perSecond),
    ALTEGIO_RATE_LIMIT_PER_MINUTE: String(options.budget.perMinute),
    ...(options.chunkDays ? { ALTEGIO_BACKFILL_CHUNK_DAYS: String(options.chunkDays) } : {}),
  });
  const cli = options.cli;
  const migrated = await run(['migrate'], env, { cli }).done;
  if (migrated.code !== 0) throw new Error(`migrate failed:\n${migrated.output}`);
  await sim.setRateLimit(options.simLimit ?? options.budget);
  const workers = Array.from({ length: options.workers }, () => run(['worker', '--no-schedules'], env, { quiet: true, cli }));
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
  let stopped: Finished[] = [];
  try {
    await waitForWorkers(queue, options.workers, workers.map((w) => w.done));
    await sim.reset();
    const limited = options.simLimit !== false;
    const pace = limited ? `at ${options.budget.perSecond}/s, ${options.budget.perMinute}/min` : 'unlimited';
    options.log(`quota: ${options.workers} worker(s) ready; backfill ${options.window.from}..${options.window.to} ${pace}`);
    const backfill = await run(['backfill', '--from', options.window.from, '--to', options.window.to, '--enqueue', '--wait'], env, { cli }).done;
    if (backfill.code !== 0) throw new Error(`backfill --enqueue --wait exited with ${backfill.code}:\n${backfill.output.slice(-4000)}`);
    const [stats, timeline] = await Promise.all([sim.stats(), sim.timeline()]);
    stopped = await Promise.all(workers.map((w) => w.stop()));
    const sorted = [...timeline.serverMs].sort((a, b) => a - b);
    const jobs = await concurrency(db.url);
    const streams = await perStream(db.url);
    const use = quotaUse(timeline.arrivals, options.budget, MARGIN_MS, timeline.endpoints);
    const share = limited ? `, ${(use.ratio * 100).toFixed(1)} % of the budget, ${stats.throttled} × 429` : '';
    options.log(`quota: ${use.requests} requests in ${(use.busyMs / 1000).toFixed(1)} s${share}`);
    return {
      db,
      run: {
        workers: options.workers,
        budget: options.budget,
        use,
        throttled: stats.throttled,
        peakPerSecond: stats.peakPerSecond,
        peakPerMinute: stats.peakPerMinute,
        wallMs: backfill.ms,
        serverMsP50: sorted[Math.floor(sorted.length / 2)] ?? 0,
        serverMsP99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
        workerPeakRss: stopped.map((s) => s.peakRss),
        jobs: jobs.runs,
        maxConcurrentJobs: jobs.max,
        streams,
        stats,
      },
    };
  } catch (err) {
    await db.drop().catch(() => undefined);
    throw err;
  } finally {
    if (stopped.length === 0) await Promise.all(workers.map((w) => w.stop()));
    await queue.close();
    await dropKeys(redis, prefix);
    redis.disconnect();
  }
}

async function perStream(url: string): Promise<QuotaRun['streams']> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql<{ stream: string; requests: number; ms: number }[]>`
      select stream, sum(requests)::int as requests, sum(duration_ms)::int as ms from altegio.sync_runs group by stream`;
    return rows
      .map((r) => ({ stream: r.stream, requests: r.requests, ms: r.ms, msPerRequest: r.requests > 0 ? r.ms / r.requests : r.ms }))
      .sort((a, b) => b.msPerRequest - a.msPerRequest);
  } finally {
    await sql.end();
  }
}

/** How many stream runs there were, and the most that overlapped. */
async function concurrency(url: string): Promise<{ runs: number; max: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql<{ s: Date; f: Date | null }[]>`select started_at as s, finished_at as f from altegio.sync_runs`;
    const edges = rows.flatMap((r) => [[r.s.getTime(), 1] as const, [(r.f ?? new Date()).getTime(), -1] as const]);
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let max = 0;
    for (const [, d] of edges) max = Math.max(max, (now += d));
    return { runs: rows.length, max };
  } finally {
    await sql.end();
  }
}

async function waitForWorkers(queue: Queue, count: number, exits: Promise<Finished>[]): Promise<void> {
  let exited: Finished | undefined;
  for (const e of exits) void e.then((f) => (exited ??= f));
  const deadline = Date.now() + 120_000;
  while ((await queue.getWorkersCount()) < count) {
    if (exited) throw new Error(`a worker exited with ${exited.code} before it was ready:\n${exited.output.slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`the ${count} worker(s) were not ready within 2 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Removes the run's keys (queue and budget), and no other, from the benchmark's Redis. */
async function dropKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export interface NoopSync {
  /** The first sync after the backfill: per-client streams read every client again (their incremental state is new). */
  firstRequests: number;
  firstRowsWritten: number;
  requests: number;
  rowsWritten: number;
  /** Requests of the no-op sync by endpoint. */
  byEndpoint: Record<string, number>;
  /** Streams that wrote rows in the no-op sync. */
  writers: Record<string, number>;
}

/** Figure 4: `sync` twice after the backfill, the simulator unlimited; the second is the no-op. */
export async function noopSync(sim: SimHost, databaseUrl: string, log: (line: string) => void, cli?: string): Promise<NoopSync> {
  await sim.setRateLimit(false);
  const env = engineEnv(sim, databaseUrl, {
    ALTEGIO_RATE_LIMIT_PER_SECOND: '100000',
    ALTEGIO_RATE_LIMIT_PER_MINUTE: '10000000',
    ALTEGIO_RATE_LIMIT_MARGIN_MS: '0',
  });
  const sync = async () => {
    await sim.reset();
    const since = new Date();
    const done = await run(['sync'], env, { cli }).done;
    if (done.code !== 0) throw new Error(`sync exited with ${done.code}:\n${done.output.slice(-4000)}`);
    const stats = await sim.stats();
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      const rows = await sql<{ stream: string; written: string }[]>`
        select stream, sum(rows_written)::text as written from altegio.sync_runs where started_at >= ${since} group by stream`;
      return { stats, rows };
    } finally {
      await sql.end();
    }
  };
  const first = await sync();
  log(`no-op: first sync after the backfill made ${first.stats.total} requests`);
  const second = await sync();
  const writers = Object.fromEntries(second.rows.filter((r) => Number(r.written) > 0).map((r) => [r.stream, Number(r.written)]));
  return {
    firstRequests: first.stats.total,
    firstRowsWritten: first.rows.reduce((s, r) => s + Number(r.written), 0),
    requests: second.stats.total,
    rowsWritten: second.rows.reduce((s, r) => s + Number(r.written), 0),
    byEndpoint: Object.fromEntries(Object.entries(second.stats.byEndpoint).map(([k, v]) => [k, v.requests])),
    writers,
  };
}
