import { randomBytes } from 'node:crypto';
import { FlowProducer, type FlowJob } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { chunkWindow } from '../sync/windows.js';
import type { AnyStream, DateWindow, Mode } from '../sync/types.js';
import { QUEUE_NAME } from './connection.js';
import { defaultJobOptions, jobName, scopesFor, scopeSlug, type JobScope, type SyncJobData } from './job-data.js';

export interface PlanOptions {
  mode: Mode;
  /** In registry order. */
  streams: readonly AnyStream[];
  locationIds: readonly number[];
  chainId?: number;
  /** The backfill's dates. */
  window?: DateWindow;
  /** Days per job of a date-windowed stream in a backfill. */
  chunkDays: number;
  /** Streams the user named (`--streams`; see `SyncJobData.named`). */
  named?: readonly string[];
  /** Read again what a completed backfill read (see `SyncJobData.restart`). */
  restart?: boolean;
}

/** The jobs of one lane of one scope, in the order they must run. */
export interface ScopeChain {
  scope: JobScope;
  /** The lane's name (see `StreamDef.lane`). */
  lane: string;
  jobs: SyncJobData[];
}

/**
 * The work of a pass as chains of jobs: per scope, one chain per lane, its
 * streams in registry order (later streams read what earlier ones wrote:
 * clients before visits), a date-windowed stream of a backfill cut into
 * windows of `chunkDays` (per-client streams excepted: each of their jobs
 * asks every client), one after another since they share its lock. Chains
 * are independent, so workers run them side by side.
 */
export function planChains(options: PlanOptions): ScopeChain[] {
  const chains: ScopeChain[] = [];
  for (const kind of ['location', 'chain'] as const) {
    for (const scope of scopesFor(kind, options.locationIds, options.chainId)) {
      const lanes = new Map<string, SyncJobData[]>();
      for (const stream of options.streams.filter((s) => s.scope === kind)) {
        const lane = stream.lane ?? stream.name;
        const jobs = lanes.get(lane) ?? [];
        lanes.set(lane, jobs);
        // A stream read per row of a parent asks every row once per job whatever the window: one job for the whole range.
        const windowed = options.mode === 'backfill' && stream.backfill === 'rereads-history' && !stream.parent && options.window;
        const windows = windowed ? chunkWindow(options.window!, options.chunkDays) : [options.mode === 'backfill' ? options.window : undefined];
        const named = { ...(options.named?.includes(stream.name) ? { named: true } : {}), ...(options.restart ? { restart: true } : {}) };
        for (const window of windows) jobs.push({ stream: stream.name, scope, mode: options.mode, ...(window ? { window } : {}), ...named });
      }
      for (const [lane, jobs] of lanes) chains.push({ scope, lane, jobs });
    }
  }
  return chains;
}

export interface Enqueued {
  /** Batch id, the common prefix of the job ids. */
  batch: string;
  /** Every job id, in run order within each scope. */
  ids: string[];
  names: Map<string, string>;
}

/**
 * Adds the chains as BullMQ flows, atomically: each job is the parent of the
 * one before it, so it waits until that one is done. A job that fails for
 * good does not hold the rest of its scope back (as in `sync`, where one
 * stream's failure does not stop the next): the failure is kept on the job,
 * and `--wait` reports it.
 */
export async function enqueueChains(redis: Redis, config: Readonly<Config>, mode: Mode, chains: ScopeChain[]): Promise<Enqueued> {
  const batch = `${mode}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const ids: string[] = [];
  const names = new Map<string, string>();
  const flows: FlowJob[] = [];
  const options = defaultJobOptions(config);
  for (const chain of chains) {
    let child: FlowJob | undefined;
    chain.jobs.forEach((data, index) => {
      const id = jobId(batch, chain, index, data);
      ids.push(id);
      names.set(id, jobName(data));
      child = {
        name: jobName(data),
        queueName: QUEUE_NAME,
        prefix: config.queue.prefix,
        data,
        opts: { ...options, jobId: id, ignoreDependencyOnFailure: true },
        children: child ? [child] : undefined,
      };
    });
    if (child) flows.push(child);
  }
  const producer = new FlowProducer({ connection: redis, prefix: config.queue.prefix });
  try {
    await producer.addBulk(flows);
  } finally {
    await producer.close();
  }
  return { batch, ids, names };
}

/** `sync-lx2k3-a1b2c3.location-1.clients.002.records.2026-01-01_2026-01-14` (no `:` allowed). */
function jobId(batch: string, chain: ScopeChain, index: number, data: SyncJobData): string {
  const window = data.window ? `.${data.window.from}_${data.window.to}` : '';
  return `${batch}.${scopeSlug(chain.scope)}.${chain.lane}.${String(index).padStart(3, '0')}.${data.stream}${window}`;
}
