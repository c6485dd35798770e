import { Queue } from 'bullmq';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { AnyStream, DateWindow, Mode } from '../sync/types.js';
import { connectRedisOrFail, isRedisConnectionError, QUEUE_NAME, RedisReporter } from './connection.js';
import { enqueueChains, planChains, type Enqueued } from './enqueue.js';
import { waitForJobs, type WaitOptions, type WaitResult } from './wait.js';

export interface SubmitOptions {
  mode: Mode;
  streams: readonly AnyStream[];
  locationIds: readonly number[];
  window?: DateWindow;
  /** Streams the user named (`--streams`). */
  named?: readonly string[];
  /** Read again what a completed backfill read (`backfill --restart`). */
  restart?: boolean;
  /** Block until the jobs have finished. */
  wait: boolean;
  /** Stops the wait (SIGINT): the jobs stay queued, and the outcome says how to cancel them. */
  signal?: AbortSignal;
}

export interface SubmitOutcome {
  /** The jobs were enqueued (and, with `wait`, every one completed, or was unavailable where that does not matter). */
  ok: boolean;
  /** The batch id, the common prefix of the job ids (what `cancel --batch` takes); none when nothing was enqueued. */
  batch?: string;
  /** What the wait saw, with `wait`. */
  waited?: WaitResult;
}

/**
 * `sync --enqueue` and `backfill --enqueue`: the pass as BullMQ jobs for the
 * workers. Not ok when `wait` saw a job fail (or vanish), was interrupted, or
 * gave up because no worker consumed the queue (ALTEGIO_WAIT_NO_WORKER_SECONDS).
 */
export async function submitPass(config: Readonly<Config>, log: Logger, options: SubmitOptions): Promise<SubmitOutcome> {
  const chains = planChains({
    mode: options.mode,
    streams: options.streams,
    locationIds: options.locationIds,
    chainId: config.chainId,
    window: options.window,
    chunkDays: config.sync.backfillChunkDays,
    named: options.named,
    restart: options.restart,
  });
  const count = chains.reduce((n, c) => n + c.jobs.length, 0);
  if (count === 0) {
    log.warn('nothing to enqueue: no stream applies to the configured locations (chain streams need ALTEGIO_CHAIN_ID)');
    return { ok: true };
  }
  const reporter = new RedisReporter(config.redisUrl, log);
  const redis = await connectRedisOrFail(config.redisUrl, { reporter });
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: config.queue.prefix });
  try {
    const enqueued = await enqueueChains(redis, config, options.mode, chains);
    log.info(
      { batch: enqueued.batch, jobs: count, chains: chains.length, prefix: config.queue.prefix },
      `enqueued ${count} job(s) in ${chains.length} chain(s) as ${enqueued.batch}${options.wait ? '; waiting for the workers' : ''}`,
    );
    if (!options.wait) return { ok: true, batch: enqueued.batch };
    const noWorkerMs = config.queue.waitNoWorkerSeconds * 1000;
    const waited = await waitFor(queue, enqueued, { log, signal: options.signal, noWorkerMs }, reporter);
    if (waited.noWorker) {
      reportNoWorker(log, config, reporter.where, waited, enqueued.batch);
      return { ok: false, batch: enqueued.batch, waited };
    }
    return { ok: settle(log, options, waited, enqueued.batch), batch: enqueued.batch, waited };
  } finally {
    await queue.close().catch(() => undefined);
    redis.disconnect();
  }
}

/** The wait, with a lost Redis said as such: the jobs are still queued there. */
async function waitFor(queue: Queue, enqueued: Enqueued, options: WaitOptions, reporter: RedisReporter): Promise<WaitResult> {
  try {
    const workers = await queue.getWorkersCount();
    if (workers === 0) {
      const giveUp = options.noWorkerMs ? `; giving up after ${options.noWorkerMs / 1000} s without one (ALTEGIO_WAIT_NO_WORKER_SECONDS)` : '';
      options.log.warn(`no worker is connected to this queue yet; start \`altegio-sync worker\`${giveUp}`);
    }
    return await waitForJobs(queue, enqueued, options);
  } catch (err) {
    if (!isRedisConnectionError(err)) throw err;
    throw new Error(
      `lost Redis at ${reporter.where} while waiting (${reporter.lastError ?? (err as Error).message}); the jobs of ${enqueued.batch} stay queued ` +
        'and run when a worker takes them: start Redis or fix REDIS_URL, and follow them with `altegio-sync status`',
    );
  }
}

/** The wait gave up on an unconsumed queue: what to start, with which settings, and how to drop the jobs instead. */
function reportNoWorker(log: Logger, config: Readonly<Config>, where: string, waited: WaitResult, batch: string): void {
  const { prefix, waitNoWorkerSeconds } = config.queue;
  log.error(
    { batch, pending: waited.pending.length, prefix },
    `no worker is connected to the queue and no job of ${batch} has moved for ${waitNoWorkerSeconds} s (ALTEGIO_WAIT_NO_WORKER_SECONDS): ` +
      `start \`altegio-sync worker\` with the same ${where} and ALTEGIO_QUEUE_PREFIX=${prefix}; ` +
      `the ${waited.pending.length} unfinished job(s) stay queued and run when a worker takes them; ` +
      `\`altegio-sync cancel --batch ${batch}\` removes those not running yet`,
  );
}

/** Logs how the wait ended; true when it is a success. */
function settle(log: Logger, options: SubmitOptions, result: WaitResult, batch: string): boolean {
  if (result.interrupted) {
    log.warn(
      { batch, pending: result.pending.length },
      `interrupted: stopped waiting; the ${result.pending.length} unfinished job(s) of ${batch} stay queued and run when a worker takes them; ` +
        `\`altegio-sync cancel --batch ${batch}\` removes those not running yet`,
    );
    return false;
  }
  // As in `sync`: an unavailable stream fails the pass only if the user named it, or it is essential.
  const mattering = result.unavailable.filter((u) => options.named?.includes(u.stream) || options.streams.find((s) => s.name === u.stream)?.essential);
  const ok = result.failed.length === 0 && result.lost.length === 0 && mattering.length === 0;
  const unavailable = result.unavailable.length ? `, ${result.unavailable.length} unavailable to this account` : '';
  (ok ? log.info.bind(log) : log.error.bind(log))(
    { batch, completed: result.completed, failed: result.failed.length, lost: result.lost.length, unavailable: result.unavailable.length },
    `${result.completed} job(s) completed, ${result.failed.length} failed${result.lost.length ? `, ${result.lost.length} lost` : ''}${unavailable}`,
  );
  return ok;
}
