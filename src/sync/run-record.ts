import { and, eq } from 'drizzle-orm';
import type { RequestCounters } from '../altegio/client.js';
import type { Db, Tx } from '../db/connect.js';
import { syncRuns } from '../db/schema/index.js';
import { addCounts, zeroCounts, type WriteCounts } from '../db/upsert.js';
import type { RunContext } from './types.js';

/** What a run has committed so far. */
export interface RunTotals extends WriteCounts {
  pages: number;
  rejected: number;
  /** Records that loaded once text the database cannot hold was cleaned. */
  cleaned: number;
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

  /** Closes the rows of earlier runs still `running` (the lease is ours: their process died), and opens this run's. */
  async open(stream: string, ctx: RunContext): Promise<void> {
    const { scope } = ctx;
    await this.db
      .update(syncRuns)
      .set({ status: 'failed', finishedAt: new Date(), error: 'interrupted: the process running it stopped before it finished' })
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
      status: 'running',
    });
  }

  /** The row's totals as of `totals`, in a page's transaction. */
  progress(tx: Tx, totals: RunTotals): Promise<unknown> {
    return tx.update(syncRuns).set(this.columns(totals)).where(eq(syncRuns.id, this.runId));
  }

  /** Ends the run: `succeeded`, `failed` or `unavailable`, with its error. */
  async close(status: 'succeeded' | 'failed' | 'unavailable', totals: RunTotals, error?: string): Promise<void> {
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
