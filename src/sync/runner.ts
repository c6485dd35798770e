import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AltegioClient } from '../altegio/client.js';
import type { Config } from '../config.js';
import type { Warehouse } from '../db/connect.js';
import { syncRuns } from '../db/schema/index.js';
import {
  addCounts, keyIsOnlyUniqueConstraint, plainUpsert, prepareUpsert, writePrepared, zeroCounts, type PreparedUpsert, type UpsertTarget, type WriteCounts,
} from '../db/upsert.js';
import { errorMessage, StreamBusyError } from '../errors.js';
import type { Logger } from '../log.js';
import { cleanText } from '../util/clean.js';
import { ReadAhead } from './ahead.js';
import { unavailability } from './availability.js';
import { clearUnavailable, readState, saveRejects, saveState, type Reject, type StatePatch } from './state.js';
import type { AnyStream, Batch, DateWindow, Mode, RunContext, Scope, StreamState } from './types.js';

/**
 * Pages fetched ahead of the one committing, at most. The API's pace (5 a
 * second) is far below the database's, so against the real API there is
 * rarely more than one; a stop wastes at most these requests.
 */
const READ_AHEAD_PAGES = 10;
/** Records committed in one transaction, at most (whole pages; a bigger page commits alone). */
const ITEMS_PER_COMMIT = 2_000;

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
  /**
   * `unavailable`: the account cannot use the stream here (no right, no
   * module, lapsed licence; `error` says which); `skipped`: it was found
   * unavailable recently and is not asked again yet.
   */
  status: 'succeeded' | 'failed' | 'unavailable' | 'skipped';
  requests: number;
  retries: number;
  throttled: number;
  /** Transactions its pages committed in (pages fetched while one committed share the next). */
  commits: number;
  durationMs: number;
  error?: Error;
}

/**
 * Runs one stream for one scope: each page's rows, its rejects and the
 * stream's cursor commit in one transaction, so a crash resumes at the last
 * committed page. Holds an advisory lock so no two runs of the same stream
 * and scope overlap. Records the run in `sync_runs`.
 */
export interface RunOptions {
  mode?: Mode;
  window?: DateWindow;
  /** Ask a stream found unavailable even before its retry time (the user named it). Default false. */
  force?: boolean;
}

export async function runStream(stream: AnyStream, scope: Scope, deps: RunDeps, options: RunOptions = {}): Promise<RunSummary> {
  // Backfill and sync of one stream write the same rows: they share the lock.
  const lockKey = `altegio-sync:${stream.name}:${scope.key}`;
  const result = await deps.warehouse.withLock(lockKey, () => runLocked(stream, scope, deps, options));
  if (!result.acquired) throw new StreamBusyError(stream.name, scope.key);
  return result.value;
}

async function runLocked(stream: AnyStream, scope: Scope, deps: RunDeps, options: RunOptions): Promise<RunSummary> {
  const { db } = deps.warehouse;
  const runId = randomUUID();
  const started = Date.now();
  const resting = options.force ? null : await restingSince(deps, stream, scope, started);
  if (resting) return restingSummary(runId, stream, scope, resting);
  const client = deps.client.scoped();
  const log = deps.log.child({ runId, stream: stream.name, scope: scope.key });
  // A windowed backfill keeps its own state row, so it never moves the incremental cursor.
  const windowed = options.mode === 'backfill' && stream.backfill === 'window';
  // A plain upsert is prepared with each page and written a group at a time (see StreamDef.upsert).
  const upsert = plainUpsert(stream);
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
  let commits = 0;
  const runColumns = (t: RunTotals = totals) => ({
    requests: client.counters.requests,
    retries: client.counters.retries,
    throttled: client.counters.throttled,
    pages: t.pages,
    rowsInserted: t.inserted,
    rowsUpdated: t.updated,
    rowsUnchanged: t.unchanged,
    rowsWritten: t.inserted + t.updated,
    rowsRejected: t.rejected,
    durationMs: Date.now() - started,
  });
  try {
    const saved = await readState(db, stateName, scope);
    const state = { cursor: saved?.cursor ?? null, progress: saved?.progress ?? null };
    // Pages are fetched and mapped while the last ones commit.
    const pages = new ReadAhead(mappedPages(stream, upsert, ctx, state), READ_AHEAD_PAGES);
    const parallel = deps.warehouse.kind === 'postgres' && upsert !== undefined && keyIsOnlyUniqueConstraint(upsert);
    // The group committing, and the keys it writes: the next group may write beside it when their keys differ.
    let inFlight: { done: Promise<void>; keys: ReadonlySet<string> | undefined } | undefined;
    try {
      for (;;) {
        // One group at a time, unless the next may be written beside the last: then it is taken while the last commits.
        if (inFlight && !parallel) await inFlight.done;
        // Pages that arrived while the last group committed go in together: fewer commits when the API outpaces the database.
        const mapped = await pages.take((taken, next) => taken.length < READ_AHEAD_PAGES && itemsOf(taken) + next.batch.items.length <= ITEMS_PER_COMMIT);
        if (mapped.length === 0) break;
        const keys = parallel ? keysOf(mapped) : undefined;
        if (inFlight && !(keys && inFlight.keys && disjoint(keys, inFlight.keys))) await inFlight.done;
        const prior = inFlight?.done;
        const done = commitGroup(mapped, prior);
        // Settles on its own; its failure is thrown where it is awaited below.
        done.catch(() => undefined);
        inFlight = { done, keys };
        // Two groups at most: the one before must be in before the next is taken.
        if (prior) await prior;
      }
      if (inFlight) await inFlight.done;
    } finally {
      // A group still writing when another failed rolls back: wait for it before letting go of the lock.
      if (inFlight) await inFlight.done.catch(() => undefined);
      await pages.close();
    }
    const finishedAt = new Date();
    await db.update(syncRuns).set({ ...runColumns(), status: 'succeeded', finishedAt }).where(eq(syncRuns.id, runId));
    await saveState(db, stateName, scope, { lastSuccessAt: finishedAt, lastError: null, lastRunId: runId });
    await clearUnavailable(db, stream.name, scope);
    return summary('succeeded');
  } catch (err) {
    const reason = await unavailability(err, stream, scope, client).catch(() => null);
    const message = reason ?? errorMessage(err);
    const status = reason ? 'unavailable' : 'failed';
    await db
      .update(syncRuns)
      .set({ ...runColumns(), status, finishedAt: new Date(), error: message })
      .where(eq(syncRuns.id, runId))
      .catch((e) => log.error({ err: e }, 'could not record the failed run'));
    await saveState(db, stateName, scope, { lastError: message, lastRunId: runId }).catch(() => undefined);
    if (reason) await saveState(db, stream.name, scope, { unavailableSince: new Date(), unavailableReason: reason }).catch(() => undefined);
    // An unavailable stream's error is its reason: not the API error itself (a 401 of the charts must not stop a pass).
    return summary(status, reason ? new Error(reason, { cause: err }) : err instanceof Error ? err : new Error(message));
  }

  /**
   * Commits one group of pages: its rows, rejects, the cursor of its last
   * page and the run's totals, in one transaction. With `prior`, the group
   * before it may still be committing (on another connection): the rows go
   * in beside it, and the rest waits for it, so cursors and totals commit in
   * page order, and a group after a failed one rolls back.
   */
  async function commitGroup(mapped: MappedPage[], prior: Promise<void> | undefined): Promise<void> {
    let after = totals;
    await db.transaction(async (tx) => {
      // A plain upsert was prepared with each page: the group's pages go in one statement.
      let own = upsert ? await writePrepared(tx, mapped.map((m) => m.prepared!)) : zeroCounts();
      for (const { batch, rows } of mapped) if (!upsert) own = addCounts(own, await stream.write(tx, rows, ctx, batch.meta));
      await prior;
      const rejected = mapped.reduce((n, m) => n + m.rejects.length, 0);
      after = { ...addCounts(totals, own), pages: totals.pages + mapped.length, rejected: totals.rejected + rejected };
      for (const { rejects } of mapped) await saveRejects(tx, stream.name, scope, runId, rejects);
      // Sent together: one round trip.
      await Promise.all([
        saveState(tx, stateName, scope, { ...stateAfter(mapped.map((m) => m.batch)), lastRunId: runId }),
        tx.update(syncRuns).set(runColumns(after)).where(eq(syncRuns.id, runId)),
      ]);
    });
    // The run's totals move only once the group has committed.
    Object.assign(totals, after);
    commits += 1;
    for (const { batch, rejects } of mapped) {
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
      commits,
      durationMs: Date.now() - started,
      error,
    };
  }
}

/**
 * When the stream was found unavailable in this scope, if that was less
 * than `ALTEGIO_UNAVAILABLE_RETRY_HOURS` ago: it is not asked again yet.
 */
async function restingSince(deps: RunDeps, stream: AnyStream, scope: Scope, now: number): Promise<{ since: Date; reason: string } | null> {
  const state = await readState(deps.warehouse.db, stream.name, scope);
  const since = state?.unavailableSince;
  if (!since) return null;
  const retryAt = since.getTime() + deps.config.sync.unavailableRetryHours * 3_600_000;
  return now < retryAt ? { since, reason: state.unavailableReason ?? 'unavailable' } : null;
}

function restingSummary(runId: string, stream: AnyStream, scope: Scope, resting: { since: Date; reason: string }): RunSummary {
  return {
    runId,
    stream: stream.name,
    scope: scope.key,
    status: 'skipped',
    ...zeroCounts(),
    pages: 0,
    rejected: 0,
    requests: 0,
    retries: 0,
    throttled: 0,
    commits: 0,
    durationMs: 0,
    error: new Error(`unavailable since ${resting.since.toISOString()}: ${resting.reason}`),
  };
}

type AnyBatch = Batch<unknown, unknown, unknown>;

/** A page, its records as rows, and those that would not map as rejects. */
interface MappedPage {
  batch: AnyBatch;
  rows: unknown[];
  rejects: Reject[];
  /** The rows' upsert, made ready while earlier pages commit (streams with `upsert`, whose `rows` are then left empty). */
  prepared?: PreparedUpsert;
}

function itemsOf(pages: readonly MappedPage[]): number {
  return pages.reduce((n, p) => n + p.batch.items.length, 0);
}

async function* mappedPages(
  stream: AnyStream,
  upsert: UpsertTarget | undefined,
  ctx: RunContext,
  state: StreamState<unknown, unknown>,
): AsyncGenerator<MappedPage> {
  for await (const batch of stream.extract(ctx, state)) yield mapBatch(stream, upsert, batch, ctx);
}

function mapBatch(stream: AnyStream, upsert: UpsertTarget | undefined, batch: AnyBatch, ctx: RunContext): MappedPage {
  const rows: unknown[] = [];
  const rejects: Reject[] = [];
  for (const item of batch.items) {
    const raw = cleanText(item);
    try {
      rows.push(stream.map(raw, ctx, batch.meta));
    } catch (err) {
      rejects.push({ raw, reason: errorMessage(err), sourceKey: stream.sourceKey?.(raw, batch.meta) });
    }
  }
  if (!upsert) return { batch, rows, rejects };
  // The prepared upsert holds all the rows say: they need not wait in memory as objects too.
  return { batch, rows: [], rejects, prepared: prepareUpsert(upsert.table, rows as never[], upsert.key as never[]) };
}

/** The state after the group's last page: each field as the last page that set it left it. */
function stateAfter(group: readonly AnyBatch[]): StatePatch {
  const patch: StatePatch = {};
  for (const batch of group) {
    if (batch.cursor !== undefined) patch.cursor = batch.cursor;
    if (batch.progress !== undefined) patch.progress = batch.progress;
    if (batch.highWaterAt !== undefined) patch.highWaterAt = batch.highWaterAt;
  }
  return patch;
}

/** Every key the group's upsert writes; undefined when some of its rows go through the query builder, whose keys are not known here. */
function keysOf(group: readonly MappedPage[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (const page of group) {
    if (!page.prepared?.json) return undefined;
    for (const key of page.prepared.json.keys) keys.add(key);
  }
  return keys;
}

function disjoint(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return false;
  return true;
}
