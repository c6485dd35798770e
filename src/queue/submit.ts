import { Queue } from 'bullmq';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { AnyStream, DateWindow, Mode } from '../sync/types.js';
import { connectRedisOrFail, QUEUE_NAME } from './connection.js';
import { enqueueChains, planChains } from './enqueue.js';
import { waitForJobs } from './wait.js';

export interface SubmitOptions {
  mode: Mode;
  streams: readonly AnyStream[];
  locationIds: readonly number[];
  window?: DateWindow;
  /** Streams the user named (`--streams`). */
  named?: readonly string[];
  /** Block until the jobs have finished. */
  wait: boolean;
}

/**
 * `sync --enqueue` and `backfill --enqueue`: the pass as BullMQ jobs for the
 * workers. Returns false when `wait` saw a job fail (or vanish).
 */
export async function submitPass(config: Readonly<Config>, log: Logger, options: SubmitOptions): Promise<boolean> {
  const chains = planChains({
    mode: options.mode,
    streams: options.streams,
    locationIds: options.locationIds,
    chainId: config.chainId,
    window: options.window,
    chunkDays: config.queue.backfillChunkDays,
    named: options.named,
  });
  const count = chains.reduce((n, c) => n + c.jobs.length, 0);
  if (count === 0) {
    log.warn('nothing to enqueue: no stream applies to the configured locations (chain streams need ALTEGIO_CHAIN_ID)');
    return true;
  }
  const redis = await connectRedisOrFail(config.redisUrl);
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: config.queue.prefix });
  try {
    const enqueued = await enqueueChains(redis, config, options.mode, chains);
    log.info(
      { batch: enqueued.batch, jobs: count, chains: chains.length, prefix: config.queue.prefix },
      `enqueued ${count} job(s) in ${chains.length} chain(s) as ${enqueued.batch}${options.wait ? '; waiting for the workers' : ''}`,
    );
    if (!options.wait) return true;
    const workers = await queue.getWorkersCount();
    if (workers === 0) log.warn('no worker is connected to this queue yet; start `altegio-sync worker`');
    const result = await waitForJobs(queue, enqueued, { log });
    // As in `sync`: an unavailable stream fails the pass only if the user named it, or it is essential.
    const mattering = result.unavailable.filter((u) => options.named?.includes(u.stream) || options.streams.find((s) => s.name === u.stream)?.essential);
    const ok = result.failed.length === 0 && result.lost.length === 0 && mattering.length === 0;
    const unavailable = result.unavailable.length ? `, ${result.unavailable.length} unavailable to this account` : '';
    (ok ? log.info.bind(log) : log.error.bind(log))(
      `${result.completed} job(s) completed, ${result.failed.length} failed${result.lost.length ? `, ${result.lost.length} lost` : ''}${unavailable}`,
    );
    return ok;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
