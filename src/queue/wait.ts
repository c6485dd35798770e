import { Job, type Queue } from 'bullmq';
import { sleep } from '../altegio/budget.js';
import type { Logger } from '../log.js';
import { isRedisConnectionError } from './connection.js';
import type { Enqueued } from './enqueue.js';
import type { SyncJobData, SyncJobResult } from './job-data.js';

export interface WaitResult {
  /** Jobs that completed, the unavailable ones included. */
  completed: number;
  /** Completed jobs whose stream the account cannot use there (see `SyncJobResult.status`). */
  unavailable: Array<{ id: string; name: string; stream: string; reason: string }>;
  failed: Array<{ id: string; name: string; reason: string }>;
  /** Jobs that vanished from Redis before finishing (a FLUSHALL, or removed by hand). */
  lost: string[];
  /** The wait stopped (`signal`, or `noWorker`) before every job had finished. */
  interrupted: boolean;
  /** The wait gave up: no worker was connected to the queue and no job moved for `noWorkerMs`. */
  noWorker: boolean;
  /** Jobs not finished when the wait ended (none unless interrupted). */
  pending: string[];
}

export interface WaitOptions {
  log: Logger;
  /** Poll interval, default 1 s. */
  pollMs?: number;
  /** Stops the wait (the jobs stay queued): the result says `interrupted`, with the `pending` jobs. */
  signal?: AbortSignal;
  /**
   * Gives up (the jobs stay queued; the result says `noWorker`) after this
   * long with no worker connected to the queue and no job moving; default 0,
   * which waits for ever. A worker that connects starts the time again.
   */
  noWorkerMs?: number;
}

/** Polls after this many polls in a row that could not find a job, it counts as lost. */
const LOST_AFTER = 3;

/**
 * Blocks until every enqueued job has finished (completed or failed for
 * good), or `signal` aborts, logging progress whenever it changes: jobs
 * done, and what the running ones are doing (their last committed page).
 */
export async function waitForJobs(queue: Queue, enqueued: Enqueued, options: WaitOptions): Promise<WaitResult> {
  const pending = new Set(enqueued.ids);
  const missing = new Map<string, number>();
  const result: WaitResult = { completed: 0, unavailable: [], failed: [], lost: [], interrupted: false, noWorker: false, pending: [] };
  const watchdog = new NoWorkerWatch(queue, options.noWorkerMs ?? 0);
  let lastLine = '';
  const total = enqueued.ids.length;
  while (pending.size > 0 && !options.signal?.aborted) {
    const ids = [...pending];
    const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
    const active: string[] = [];
    for (const [i, id] of ids.entries()) {
      const state = states[i];
      if (state === 'completed') {
        pending.delete(id);
        result.completed += 1;
        const job = await Job.fromId(queue, id);
        const value = job?.returnvalue as SyncJobResult | undefined;
        if (value?.status === 'unavailable') {
          const name = enqueued.names.get(id) ?? id;
          result.unavailable.push({ id, name, stream: String((job?.data as SyncJobData | undefined)?.stream), reason: value.reason ?? '' });
          options.log.warn(`${name} unavailable: ${value.reason ?? ''}`);
        }
      } else if (state === 'failed') {
        pending.delete(id);
        const job = await Job.fromId(queue, id);
        result.failed.push({ id, name: enqueued.names.get(id) ?? id, reason: job?.failedReason ?? 'unknown reason' });
        options.log.error(`${enqueued.names.get(id) ?? id} failed: ${job?.failedReason ?? 'unknown reason'}`);
      } else if (state === 'unknown') {
        const seen = (missing.get(id) ?? 0) + 1;
        missing.set(id, seen);
        if (seen >= LOST_AFTER) {
          pending.delete(id);
          result.lost.push(id);
        }
      } else {
        missing.delete(id);
        if (state === 'active') active.push(id);
      }
    }
    const doing = await Promise.all(active.slice(0, 4).map((id) => describeActive(queue, id, enqueued)));
    const line = `${result.completed + result.failed.length + result.lost.length}/${total} jobs finished` +
      `${result.failed.length ? `, ${result.failed.length} failed` : ''}${result.lost.length ? `, ${result.lost.length} lost` : ''}` +
      `${doing.length ? `; running: ${doing.join('; ')}` : ''}`;
    if (line !== lastLine) options.log.info(line);
    lastLine = line;
    if (pending.size > 0 && (await watchdog.expired(line))) {
      result.noWorker = true;
      break;
    }
    if (pending.size > 0) await sleep(options.pollMs ?? 1000, options.signal).catch(() => undefined);
  }
  result.pending = [...pending];
  result.interrupted = pending.size > 0;
  if (result.lost.length > 0) {
    options.log.error(`${result.lost.length} job(s) vanished from Redis before finishing (was it flushed?); enqueue the work again`);
  }
  return result;
}

/**
 * When to stop waiting for nobody: the time since a worker was last seen
 * connected to the queue, or the progress line last changed (a job finished,
 * or a running one committed a page), whichever is later.
 */
class NoWorkerWatch {
  #since = Date.now();
  #line = '';

  constructor(
    private readonly queue: Queue,
    private readonly limitMs: number,
  ) {}

  /** True once `limitMs` has passed with no worker and `line` unchanged; never when `limitMs` is 0. */
  async expired(line: string): Promise<boolean> {
    if (this.limitMs <= 0) return false;
    const moved = line !== this.#line;
    this.#line = line;
    if (moved || (await this.workers()) > 0) {
      this.#since = Date.now();
      return false;
    }
    return Date.now() - this.#since >= this.limitMs;
  }

  /**
   * Workers are counted by their connection names (CLIENT LIST). A Redis that
   * refuses the command cannot tell us: count that as a worker, so that the
   * wait never gives up on a guess (BullMQ does the same for servers without it).
   */
  async workers(): Promise<number> {
    return this.queue.getWorkersCount().catch((err: unknown) => {
      if (isRedisConnectionError(err)) throw err;
      return 1;
    });
  }
}

async function describeActive(queue: Queue, id: string, enqueued: Enqueued): Promise<string> {
  const job = await Job.fromId(queue, id);
  const progress = job?.progress as { label?: string | null; pages?: number } | undefined;
  const where = progress && typeof progress === 'object' && progress.label ? ` at ${progress.label}` : '';
  return `${enqueued.names.get(id) ?? id}${where}`;
}
