import { and, eq } from 'drizzle-orm';
import type { RequestCounters } from '../altegio/client.js';
import type { Db, Tx } from '../db/connect.js';
import { syncRuns } from '../db/schema/index.js';
import { addCounts, zeroCounts, type WriteCounts } from '../db/upsert.js';
import { InterruptedError } from '../errors.js';
import type { RunContext } from './types.js';

/** What a run has committed so far. */
export interface RunTotals extends WriteCounts {
  pages: number;
  rejected: number;
  /** Records that loaded once text the database cannot hold was cleaned. */
  cleaned: number;
}

/**
 * How a run ended (`sync_runs.status`), or `running` while it runs.
 * `interrupted`: a signal, a worker's shutdown or the death of its process
 * stopped it after its last committed page; the next run resumes there.
 */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted' | 'unavailable';

/**
 * True when `err` is a stop, not a failure: an InterruptedError (a signal
 * to `sync`/`backfill`, a worker's shutdown, a budget closed under waiting
 * requests), or an error caused by one.
 */
export function isInterruption(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof InterruptedError) return true;
  }
  return false;
}

export function zeroTotals(): RunTotals {
  return { ...zeroCounts(), pages: 0, rejected: 0, cleaned: 0 };
}

/** The totals after one more group of pages. */
export function addGroup(totals: RunTotals, group: { counts: WriteCounts; pages: number; rejected: number; cleaned: number }): RunTotals {
  return {
    ...addCounts(totals, group.counts),
    pages: totals.pages + group.pages,
    rejected: totals.rejected + group.rejected,
    cleaned: totals.cleaned + group.cleaned,
  };
}

/**
 * A run's row in `sync_runs`: opened when it starts, updated in every
 * page's transaction (so its totals are what committed), closed when it ends.
 */
export class RunRecord {
  constructor(
    private readonly db: Db,
    readonly runId: string,
    private readonly counters: RequestCounters,
    private readonly started: number,
  ) {}

  /**
   * Closes the rows of earlier runs still `running` as `interrupted` (the
   * lease is ours: their process died, their cursor is at their last
   * committed page), and opens this run's.
   */
  async open(stream: string, ctx: RunContext): Promise<void> {
    const { scope } = ctx;
    // A sync and a backfill of a stream share the lease: the run that finds a dead one need not be the one that resumes it.
    const error = `interrupted: the process running it stopped before it finished (found by run ${this.runId}); the next run of it resumes after its last committed page`;
    await this.db
      .update(syncRuns)
      .set({ status: 'interrupted' satisfies RunStatus, finishedAt: new Date(), error })
      .where(and(eq(syncRuns.stream, stream), eq(syncRuns.scope, scope.key), eq(syncRuns.status, 'running')));
    await this.db.insert(syncRuns).values({
      id: this.runId,
      stream,
      scope: scope.key,
      locationId: scope.kind === 'location' ? scope.locationId : null,
      chainId: scope.kind === 'chain' ? scope.chainId : null,
      mode: ctx.mode,
      windowFrom: ctx.window?.from,
      windowTo: ctx.window?.to,
      status: 'running' satisfies RunStatus,
    });
  }

  /** The row's totals as of `totals`, in a page's transaction. */
  progress(tx: Tx, totals: RunTotals): Promise<unknown> {
    return tx.update(syncRuns).set(this.columns(totals)).where(eq(syncRuns.id, this.runId));
  }

  /** Ends the run: `succeeded`, `failed`, `interrupted` or `unavailable`, with its error (for `interrupted`: where it stopped, how to resume). */
  async close(status: Exclude<RunStatus, 'running'>, totals: RunTotals, error?: string): Promise<void> {
    await this.db
      .update(syncRuns)
      .set({ ...this.columns(totals), status, finishedAt: new Date(), error: error ?? null })
      .where(eq(syncRuns.id, this.runId));
  }

  private columns(t: RunTotals) {
    return {
      requests: this.counters.requests,
      retries: this.counters.retries,
      throttled: this.counters.throttled,
      pages: t.pages,
      rowsInserted: t.inserted,
      rowsUpdated: t.updated,
      rowsUnchanged: t.unchanged,
      rowsWritten: t.inserted + t.updated,
      rowsRejected: t.rejected,
      rowsCleaned: t.cleaned,
      durationMs: Date.now() - this.started,
    };
  }
}
