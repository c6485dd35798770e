import type { DefaultJobOptions } from 'bullmq';
import type { Config } from '../config.js';
import type { DateWindow, Mode, ScopeKind } from '../sync/types.js';

/** Where a job runs: a location (its zone is read from the warehouse) or the chain. */
export type JobScope = { kind: 'location'; locationId: number } | { kind: 'chain'; chainId: number };

/** What one job does: one stream for one scope, as `sync` or as one window of a backfill. */
export interface SyncJobData {
  stream: string;
  scope: JobScope;
  mode: Mode;
  /** Backfill window of this job (location-local dates), for date-windowed streams. */
  window?: DateWindow;
  /** The user named the stream: it is asked even if found unavailable recently, and being unavailable fails it. */
  named?: boolean;
  /** A backfill window read again though a completed backfill read it (`backfill --restart`). */
  restart?: boolean;
}

/** A finished job's return value (also in `sync_runs`). */
export interface SyncJobResult {
  runId?: string;
  /**
   * `skipped`: a scheduled run found the same stream and scope already
   * running, or the stream was found unavailable recently; `unavailable`:
   * the account cannot use it here (`reason` says why).
   */
  status: 'succeeded' | 'skipped' | 'unavailable';
  reason?: string;
  requests?: number;
  pages?: number;
  inserted?: number;
  updated?: number;
  unchanged?: number;
  rejected?: number;
  durationMs?: number;
}

/** `location:720441` or `chain:128284`, the `sync_state.scope` key. */
export function scopeKey(scope: JobScope): string {
  return scope.kind === 'location' ? `location:${scope.locationId}` : `chain:${scope.chainId}`;
}

/** A job id / scheduler id fragment: BullMQ ids may not contain `:`. */
export function scopeSlug(scope: JobScope): string {
  return scope.kind === 'location' ? `location-${scope.locationId}` : `chain-${scope.chainId}`;
}

/** The scopes of a stream kind under the config: every location, or the chain when one is set. */
export function scopesFor(kind: ScopeKind, locationIds: readonly number[], chainId?: number): JobScope[] {
  if (kind === 'chain') return chainId ? [{ kind: 'chain', chainId }] : [];
  return locationIds.map((locationId) => ({ kind: 'location', locationId }));
}

/** A job's name, as the Bull Board and the logs show it. */
export function jobName(data: SyncJobData): string {
  const window = data.window ? ` ${data.window.from}..${data.window.to}` : '';
  return `${data.mode === 'backfill' ? 'backfill' : 'sync'} ${data.stream} ${scopeKey(data.scope)}${window}`;
}

/**
 * Retries with exponential backoff and jitter; finished jobs are kept a day
 * (failed ones a week) so that `--wait`, the board and people can see them.
 */
export function defaultJobOptions(config: Pick<Config, 'queue'>): DefaultJobOptions {
  return {
    attempts: config.queue.attempts,
    backoff: { type: 'exponential', delay: config.queue.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}

/** Validates job data read back from Redis (a job may come from an older or newer version). */
export function readJobData(data: unknown): SyncJobData | null {
  const d = data as Partial<SyncJobData> | null;
  if (!d || typeof d.stream !== 'string' || (d.mode !== 'sync' && d.mode !== 'backfill')) return null;
  const s = d.scope as Partial<{ kind: string; locationId: number; chainId: number }> | undefined;
  const validId = (id: unknown) => Number.isSafeInteger(id) && (id as number) > 0;
  if (s?.kind === 'location' ? !validId(s.locationId) : s?.kind === 'chain' ? !validId(s.chainId) : true) return null;
  const w = d.window;
  if (w !== undefined && (typeof w?.from !== 'string' || typeof w?.to !== 'string')) return null;
  return d as SyncJobData;
}
