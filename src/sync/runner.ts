import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AltegioClient } from '../altegio/client.js';
import type { Config } from '../config.js';
import type { Warehouse } from '../db/connect.js';
import { syncRuns } from '../db/schema/index.js';
import { addCounts, zeroCounts, type WriteCounts } from '../db/upsert.js';
import { errorMessage, StreamBusyError } from '../errors.js';
import type { Logger } from '../log.js';
import { stripNul } from '../util/clean.js';
import { readState, saveRejects, saveState, type Reject } from './state.js';
import type { AnyStream, DateWindow, Mode, RunContext, Scope } from './types.js';

export interface RunDeps {
  warehouse: Warehouse;
  client: AltegioClient;
  config: Readonly<Config>;
  log: Logger;
  /** Called after every committed page. */
  onPage?: (event: PageEvent) => void;
}

export interface PageEvent {
  stream: string;
  scope: string;
  label?: string;
  rows: number;
  totals: RunTotals;
  /** Requests of this run so far. */
  requests: number;
  /** Share of the run done (0..1) when known. */
  done?: number;
}

export interface RunTotals extends WriteCounts {
  pages: number;
  rejected: number;
}

export interface RunSummary extends RunTotals {
  runId: string;
  stream: string;
  scope: string;
  status: 'succeeded' | 'failed';
  requests: number;
  retries: number;
  throttled: number;
  durationMs: number;
  error?: Error;
}

/**
 * Runs one stream for one scope: each page's rows, its rejects and the
 * stream's cursor commit in one transaction, so a crash resumes at the last
 * committed page. Holds an advisory lock so no two runs of the same stream
 * and scope overlap. Records the run in `sync_runs`.
 */
export async function runStream(
  stream: AnyStream,
  scope: Scope,
  deps: RunDeps,
  options: { mode?: Mode; window?: DateWindow } = {},
): Promise<RunSummary> {
  // Backfill and sync of one stream write the same rows: they share the lock.
  const lockKey = `altegio-sync:${stream.name}:${scope.key}`;
  const result = await deps.warehouse.withLock(lockKey, () => runLocked(stream, scope, deps, options));
  if (!result.acquired) throw new StreamBusyError(stream.name, scope.key);
  return result.value;
}

async function runLocked(
  stream: AnyStream,
  scope: Scope,
  deps: RunDeps,
  options: { mode?: Mode; window?: DateWindow },
): Promise<RunSummary> {
  const { db } = deps.warehouse;
  const runId = randomUUID();
  const started = Date.now();
  const client = deps.client.scoped();
  const log = deps.log.child({ runId, stream: stream.name, scope: scope.key });
  // A windowed backfill keeps its own state row, so it never moves the incremental cursor.
  const windowed = options.mode === 'backfill' && stream.backfill === 'window';
  const stateName = windowed ? `${stream.name}:backfill` : stream.name;
  const ctx: RunContext = {
    runId,
    scope,
    mode: windowed ? 'backfill' : 'sync',
    window: windowed ? options.window : undefined,
    now: new Date(started),
    client,
    config: deps.config,
    warehouse: deps.warehouse,
    log,
  };
  // We hold the lock, so no other run of this stream and scope is alive: one still `running` died with its process.
  await db
    .update(syncRuns)
    .set({ status: 'failed', finishedAt: new Date(), error: 'interrupted: the process running it stopped before it finished' })
    .where(and(eq(syncRuns.stream, stream.name), eq(syncRuns.scope, scope.key), eq(syncRuns.status, 'running')));
  await db.insert(syncRuns).values({
    id: runId,
    stream: stream.name,
    scope: scope.key,
    locationId: scope.kind === 'location' ? scope.locationId : null,
    chainId: scope.kind === 'chain' ? scope.chainId : null,
    mode: ctx.mode,
    windowFrom: ctx.window?.from,
    windowTo: ctx.window?.to,
    status: 'running',
  });
  const totals: RunTotals = { ...zeroCounts(), pages: 0, rejected: 0 };
  const runColumns = () => ({
    requests: client.counters.requests,
    retries: client.counters.retries,
    throttled: client.counters.throttled,
    pages: totals.pages,
    rowsInserted: totals.inserted,
    rowsUpdated: totals.updated,
    rowsUnchanged: totals.unchanged,
    rowsWritten: totals.inserted + totals.updated,
    rowsRejected: totals.rejected,
    durationMs: Date.now() - started,
  });
  try {
    const saved = await readState(db, stateName, scope);
    const state = { cursor: saved?.cursor ?? null, progress: saved?.progress ?? null };
    for await (const batch of stream.extract(ctx, state)) {
      const rows: unknown[] = [];
      const rejects: Reject[] = [];
      for (const item of batch.items) {
        const raw = stripNul(item);
        try {
          rows.push(stream.map(raw, ctx, batch.meta));
        } catch (err) {
          rejects.push({ raw, reason: errorMessage(err), sourceKey: stream.sourceKey?.(raw, batch.meta) });
        }
      }
      await db.transaction(async (tx) => {
        const written = await stream.write(tx, rows, ctx, batch.meta);
        await saveRejects(tx, stream.name, scope, runId, rejects);
        await saveState(tx, stateName, scope, {
          cursor: batch.cursor,
          progress: batch.progress,
          highWaterAt: batch.highWaterAt,
          lastRunId: runId,
        });
        totals.pages += 1;
        totals.rejected += rejects.length;
        Object.assign(totals, addCounts(totals, written));
        await tx.update(syncRuns).set(runColumns()).where(eq(syncRuns.id, runId));
      });
      if (rejects.length > 0) log.warn({ rejected: rejects.length, reason: rejects[0]!.reason }, 'records rejected');
      deps.onPage?.({
        stream: stream.name,
        scope: scope.key,
        label: batch.label,
        rows: batch.items.length,
        totals: { ...totals },
        requests: client.counters.requests,
        done: batch.done,
      });
    }
    const finishedAt = new Date();
    await db.update(syncRuns).set({ ...runColumns(), status: 'succeeded', finishedAt }).where(eq(syncRuns.id, runId));
    await saveState(db, stateName, scope, { lastSuccessAt: finishedAt, lastError: null, lastRunId: runId });
    return summary('succeeded');
  } catch (err) {
    const message = errorMessage(err);
    await db
      .update(syncRuns)
      .set({ ...runColumns(), status: 'failed', finishedAt: new Date(), error: message })
      .where(eq(syncRuns.id, runId))
      .catch((e) => log.error({ err: e }, 'could not record the failed run'));
    await saveState(db, stateName, scope, { lastError: message, lastRunId: runId }).catch(() => undefined);
    return summary('failed', err instanceof Error ? err : new Error(message));
  }

  function summary(status: RunSummary['status'], error?: Error): RunSummary {
    return {
      runId,
      stream: stream.name,
      scope: scope.key,
      status,
      ...totals,
      requests: client.counters.requests,
      retries: client.counters.retries,
      throttled: client.counters.throttled,
      durationMs: Date.now() - started,
      error,
    };
  }
}
