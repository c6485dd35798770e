import { hostname } from 'node:os';
import { Queue, Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { ApiHealth } from '../altegio/health.js';
import { createClient, openMigratedWarehouse } from '../cli/context.js';
import { requireApi, type Config } from '../config.js';
import type { Warehouse } from '../db/connect.js';
import { errorMessage } from '../errors.js';
import { startHttpServer, type HealthReport, type HttpServer } from './http/server.js';
import { WorkerMetrics } from './http/metrics.js';
import { STREAMS } from '../jobs/index.js';
import type { Logger } from '../log.js';
import { isRedisConnectionError, openRedis, QUEUE_NAME, RedisReporter } from '../queue/connection.js';
import { createProcessor } from '../queue/processor.js';
import { RedisBudget } from '../queue/redis-budget.js';
import { checkCadences, scheduleTable, SchedulerKeeper } from '../queue/schedules.js';
import type { AnyStream } from '../sync/types.js';

export interface WorkerOptions {
  /** Streams to schedule, default every stream of the registry. Jobs of any stream are processed. */
  streams?: readonly AnyStream[];
  /** Register the Job Schedulers, default true; false processes enqueued jobs only. */
  schedules?: boolean;
}

export interface RunningWorker {
  /** The HTTP server's port, when it runs. */
  httpPort?: number;
  /**
   * Stops taking jobs, interrupts running ones at their next page boundary
   * (they go back to the queue), and waits up to ALTEGIO_SHUTDOWN_TIMEOUT_MS.
   * True when everything stopped in time.
   */
  stop(reason: string): Promise<boolean>;
}

/**
 * Starts a worker process: BullMQ worker, Job Schedulers, the shared Redis
 * request budget, and the HTTP server (health, metrics, board).
 */
export async function startWorker(config: Readonly<Config>, log: Logger, options: WorkerOptions = {}): Promise<RunningWorker> {
  requireApi(config);
  checkCadences(config);
  const prefix = config.queue.prefix;
  const warehouse = await openWorkerWarehouse(config, log);
  // Every connection's trouble is one line naming REDIS_URL, at most every 10 s, whichever connection reports it.
  const redisTrouble = new RedisReporter(config.redisUrl, log);
  const redis = openRedis(config.redisUrl, redisTrouble);
  const workerRedis = openRedis(config.redisUrl, redisTrouble);
  const quietly = throttledWarn(log);
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
  const shutdown = new AbortController();
  const metrics = new WorkerMetrics(warehouse, queue);
  const budget = new RedisBudget(redis, {
    ...config.rateLimit,
    key: `${prefix}:budget`,
    onWait: metrics.onBudgetWait,
    onError: (err) => quietly(`request budget: ${err.message}`),
  });
  const api = new ApiHealth(config.http.apiDegradedAfterSeconds * 1000);
  const client = createClient(config, log, budget, {
    onResponse: (info) => {
      metrics.onResponse(info);
      api.observe(info);
    },
  });
  const processor = createProcessor({ warehouse, client, config, log, shutdown: shutdown.signal, observer: metrics });
  const worker = new Worker(QUEUE_NAME, processor, {
    connection: workerRedis,
    prefix,
    concurrency: config.queue.concurrency,
    lockDuration: config.queue.lockMs,
    stalledInterval: config.queue.lockMs,
    // A job whose worker died is put back this many times (kill -9, OOM, a lost node) before it fails.
    maxStalledCount: 3,
    name: `${hostname()}:${process.pid}`,
    autorun: false,
  });
  // BullMQ's own connections (the worker's blocking one) report through the worker.
  worker.on('error', (err) => (isRedisConnectionError(err) ? redisTrouble.error(err) : quietly(`worker: ${errorMessage(err)}`)));
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'a job was left by a worker that stopped; it runs again'));
  worker.on('failed', (job, err) => {
    const final = err.name === 'UnrecoverableError' || (job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1));
    if (job && final) log.error({ jobId: job.id, name: job.name, attempts: job.attemptsMade }, `job failed for good: ${err.message}`);
  });
  const streams = options.streams ?? STREAMS;
  const keeper =
    options.schedules === false
      ? undefined
      : new SchedulerKeeper(queue, config, {
          table: async () => scheduleTable(config, streams, await knownZones(warehouse)),
          log,
          intervalMs: config.queue.schedulerCheckMs,
          pruneStale: options.streams === undefined,
        });
  let http: HttpServer | undefined;
  const closeConnections = async () => {
    await http?.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    redis.disconnect();
    workerRedis.disconnect();
    await warehouse.close().catch(() => undefined);
  };
  try {
    await keeper?.start();
    // A reconnect may follow a Redis restart that lost everything: check at once rather than at the next interval.
    redis.on('ready', () => keeper?.kick());
    if (config.http.port > 0) {
      http = await startHttpServer({
        port: config.http.port,
        host: config.http.host,
        log,
        metrics: metrics.registry,
        health: () => health(worker, redis, warehouse, api),
        board: config.http.boardToken ? { queue, token: config.http.boardToken, readOnly: config.http.boardReadOnly } : undefined,
      });
    }
  } catch (err) {
    keeper?.stop();
    await worker.close(true).catch(() => undefined);
    await closeConnections();
    throw err;
  }
  worker.run().catch((err) => log.error({ err: errorMessage(err) }, 'the worker stopped'));
  await worker.waitUntilReady();
  log.info(
    { prefix, concurrency: config.queue.concurrency, perSecond: config.rateLimit.perSecond, perMinute: config.rateLimit.perMinute },
    'worker ready',
  );
  return {
    httpPort: http?.port,
    async stop(reason) {
      log.info({ reason, timeoutMs: config.queue.shutdownTimeoutMs }, 'shutting down: running jobs stop at their next page');
      keeper?.stop();
      const closing = worker.close();
      shutdown.abort();
      await budget.close();
      const clean = await within(closing.then(() => true), config.queue.shutdownTimeoutMs, false);
      if (!clean) log.warn('running jobs did not stop in time; they run again elsewhere once their lock expires');
      await closeConnections();
      log.info({ clean }, 'stopped');
      return clean;
    },
  };
}

/** Postgres with room for every concurrent run (each holds a lock session and commits up to two groups of pages at once), else the embedded warehouse. */
async function openWorkerWarehouse(config: Readonly<Config>, log: Logger): Promise<Warehouse> {
  if (!config.databaseUrl) log.warn('DATABASE_URL is not set: using the embedded warehouse, which only one worker process may use');
  return openMigratedWarehouse(config, log, { max: config.queue.concurrency * 3 + 2 });
}

async function knownZones(warehouse: Warehouse): Promise<Map<number, string>> {
  const rows = await warehouse.query<{ id: number | string; timezone: string }>(sql`select id, timezone from altegio.locations`);
  return new Map(rows.map((r) => [Number(r.id), r.timezone]));
}

/**
 * The process's own dependencies, and the API: one that has failed for longer
 * than ALTEGIO_API_DEGRADED_AFTER_SECONDS makes the worker `degraded` (503),
 * and a shorter spell is shown (`failing`) without failing the check.
 */
async function health(worker: Worker, redis: Redis, warehouse: Warehouse, api: ApiHealth): Promise<HealthReport> {
  const checks: Record<string, string> = {};
  checks.worker = worker.isRunning() ? 'ok' : 'not running';
  checks.redis = redis.status === 'ready' ? 'ok' : `connection ${redis.status}`;
  checks.postgres = await within(warehouse.query(sql`select 1`).then(() => 'ok'), 2000, 'no answer within 2 s').catch((err) => errorMessage(err));
  const own = Object.values(checks).every((v) => v === 'ok');
  const spell = api.report();
  checks.api = spell.state;
  const details = spell.since ? { apiFailingSince: spell.since.toISOString(), apiLastError: spell.lastError ?? '' } : undefined;
  return { ok: own && spell.state !== 'degraded', degraded: own, checks, details };
}

/** The promise's value, or `fallback` after `ms` (the timer does not keep the process alive). */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The same warning at most every 10 s: a Redis outage would otherwise log every reconnect attempt. */
function throttledWarn(log: Logger): (message: string) => void {
  const last = new Map<string, number>();
  return (message) => {
    const now = Date.now();
    if (now - (last.get(message) ?? 0) < 10_000) return;
    last.set(message, now);
    log.warn(message);
  };
}
