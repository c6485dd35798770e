import { randomUUID } from 'node:crypto';
import type { AltegioClient } from '../altegio/client.js';
import type { Config } from '../config.js';
import type { Tx, Warehouse } from '../db/connect.js';
import { addCounts, prepareUpsert, writePrepared, zeroCounts, type PreparedUpsert, type UpsertTarget, type WriteCounts } from '../db/upsert.js';
import { errorMessage, shownError, StreamBusyError } from '../errors.js';
import type { Logger } from '../log.js';
import { cleanText } from '../util/clean.js';
import { ReadAhead } from './ahead.js';
import { unavailability } from './availability.js';
import { withDatabaseRetry, withRetriedReads, type RetryOptions } from './db-retry.js';
import { acquireLease, type Lease } from './lease.js';
import { isDataError, writeOneByOne } from './quarantine.js';
import { addGroup, isInterruption, RunRecord, zeroTotals, type RunTotals } from './run-record.js';
import { clearUnavailable, readState, saveRejects, saveState, type Reject, type StatePatch } from './state.js';
import type { AnyStream, Batch, DateWindow, Mode, RunContext, Scope, StreamState } from './types.js';

export type { RunTotals } from './run-record.js';

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

export interface RunSummary extends RunTotals {
  runId: string;
  stream: string;
  scope: string;
  /**
   * `unavailable`: the account cannot use the stream here (no right, no
   * module, lapsed licence; `error` says which); `interrupted`: stopped
   * after its last committed page by a signal or a shutdown (the next run
   * resumes there); `skipped`: not run, for `skipped` (`error` says more).
   */
  status: 'succeeded' | 'failed' | 'interrupted' | 'unavailable' | 'skipped';
  /**
   * Why a run was skipped: `unavailable` (found so recently, not asked again
   * yet), `busy` (another process is running it), `done` (a backfill of
   * these dates completed before).
   */
  skipped?: 'unavailable' | 'busy' | 'done';
  requests: number;
  retries: number;
  throttled: number;
  /** Transactions its pages committed in (pages fetched while one committed share the next). */
  commits: number;
  durationMs: number;
  error?: Error;
}

export interface RunOptions {
  mode?: Mode;
  window?: DateWindow;
  /** Ask a stream found unavailable even before its retry time (the user named it). Default false. */
  force?: boolean;
  /** Backfill dates a completed backfill already read, again. Default false: they are skipped. */
  restart?: boolean;
}

/**
 * Runs one stream for one scope: each page's rows, its rejects and the
 * stream's cursor commit in one transaction, so a crash resumes at the last
 * committed page. Holds the stream and scope's lease (`sync_locks`) so no
 * two runs of it overlap, and records the run in `sync_runs`. A lost
 * warehouse connection is waited out (`ALTEGIO_DB_RETRY_SECONDS`), page by page.
 */
export async function runStream(stream: AnyStream, scope: Scope, deps: RunDeps, options: RunOptions = {}): Promise<RunSummary> {
  const runId = randomUUID();
  // Backfill and sync of one stream write the same rows: they share the lease.
  const key = `${stream.name}:${scope.key}`;
  const lease = await database(deps, 'take the lease', () => acquireLease(deps.warehouse.db, key, runId));
  if (!lease) throw new StreamBusyError(stream.name, scope.key);
  try {
    return await runLeased(stream, scope, deps, options, { runId, lease });
  } finally {
    await lease.release().catch(() => undefined);
  }
}

/** How long the runner waits out a lost warehouse, and where to say it is. */
export function retryOptions(deps: Pick<RunDeps, 'warehouse' | 'config' | 'log'>): RetryOptions {
  return { where: deps.warehouse.where, budgetMs: deps.config.sync.databaseRetrySeconds * 1000, log: deps.log };
}

/** The runner's own reads and writes, waiting out a lost connection. */
function database<T>(deps: RunDeps, what: string, fn: () => Promise<T>): Promise<T> {
  return withDatabaseRetry(what, fn, retryOptions(deps));
}

async function runLeased(stream: AnyStream, scope: Scope, deps: RunDeps, options: RunOptions, held: { runId: string; lease: Lease }): Promise<RunSummary> {
  const started = Date.now();
  const resting = options.force ? null : await database(deps, 'read the state', () => restingSince(deps, stream, scope, started));
  if (resting) return skippedSummary(held.runId, stream, scope, 'unavailable', `unavailable since ${resting.since.toISOString()}: ${resting.reason}`);
  const ctx = runContext(stream, scope, deps, options, held.runId, started);
  // A windowed backfill keeps its own state row, so it never moves the incremental cursor.
  const stateName = ctx.mode === 'backfill' ? `${stream.name}:backfill` : stream.name;
  if (ctx.mode === 'backfill' && !options.restart) {
    const done = await database(deps, 'read the state', () => backfilledBefore(deps, stateName, scope, ctx.window));
    if (done) return skippedSummary(held.runId, stream, scope, 'done', done);
  }
  const record = new RunRecord(deps.warehouse.db, held.runId, ctx.client.counters, started);
  const run = { stream, scope, deps, ctx, record, lease: held.lease, stateName, totals: zeroTotals(), commits: 0 };
  await database(deps, 'record the run', () => record.open(stream.name, ctx));
  try {
    const saved = await database(deps, 'read the cursor', () => readState(deps.warehouse.db, stateName, scope));
    const state = { cursor: saved?.cursor ?? null, progress: saved?.progress ?? null };
    // Pages are fetched and mapped while the last ones commit.
    const pages = new ReadAhead(mappedPages(stream, stream.upsert, ctx, state), READ_AHEAD_PAGES);
    try {
      for (;;) {
        // Pages that arrived while the last group committed go in together: fewer commits when the API outpaces the database.
        const group = await pages.take((taken, next) => taken.length < READ_AHEAD_PAGES && itemsOf(taken) + next.batch.items.length <= ITEMS_PER_COMMIT);
        if (group.length === 0) break;
        await commitGroup(run, group);
      }
    } finally {
      await pages.close();
    }
    await database(deps, 'record the run', async () => {
      await record.close('succeeded', run.totals);
      // A backfill that read its dates through says so: the same backfill again skips them (see backfilledBefore).
      const backfilled = ctx.mode === 'backfill' && ctx.window ? { cursor: { backfilled: ctx.window } } : {};
      await saveState(deps.warehouse.db, stateName, scope, { ...backfilled, lastSuccessAt: new Date(), lastError: null, lastRunId: held.runId });
      await clearUnavailable(deps.warehouse.db, stream.name, scope);
    });
    return summarise(run, 'succeeded');
  } catch (err) {
    return settleFailure(run, err);
  }
}

function runContext(stream: AnyStream, scope: Scope, deps: RunDeps, options: RunOptions, runId: string, started: number): RunContext {
  const windowed = options.mode === 'backfill' && stream.backfill === 'rereads-history';
  return {
    runId,
    scope,
    mode: windowed ? 'backfill' : 'sync',
    window: windowed ? options.window : undefined,
    now: new Date(started),
    client: deps.client.scoped(),
    config: deps.config,
    warehouse: withRetriedReads(deps.warehouse, retryOptions(deps)),
    log: deps.log.child({ runId, stream: stream.name, scope: scope.key }),
  };
}

/** A run being committed, page group by page group. */
interface Run {
  stream: AnyStream;
  scope: Scope;
  deps: RunDeps;
  ctx: RunContext;
  record: RunRecord;
  lease: Lease;
  stateName: string;
  totals: RunTotals;
  commits: number;
}

/**
 * Commits one group of pages: its rows, rejects, the cursor of its last
 * page, the run's totals and the lease, in one transaction, tried again
 * while the warehouse is away (nothing of it stays half-written).
 */
async function commitGroup(run: Run, group: MappedPage[]): Promise<void> {
  const { stream, scope, deps, ctx, record } = run;
  const after = await database(deps, 'commit a page', () =>
    deps.warehouse.db.transaction(async (tx) => {
      await run.lease.renewIn(tx);
      const written = await writeGroup(tx, run, group);
      const next = addGroup(run.totals, { ...written, pages: group.length, cleaned: group.reduce((n, m) => n + m.cleaned, 0) });
      await saveRejects(tx, stream.name, scope, ctx.runId, written.rejects);
      // Sent together: one round trip.
      await Promise.all([
        saveState(tx, run.stateName, scope, { ...stateAfter(group.map((m) => m.batch)), lastRunId: ctx.runId }),
        record.progress(tx, next),
      ]);
      return { totals: next, rejects: written.rejects };
    }),
  );
  // The run's totals move only once the group has committed.
  run.totals = after.totals;
  run.commits += 1;
  if (after.rejects.length > 0) ctx.log.warn({ rejected: after.rejects.length, reason: after.rejects[0]!.reason }, 'records rejected');
  for (const { batch } of group) {
    deps.onPage?.({ stream: stream.name, scope: scope.key, label: batch.label, rows: batch.items.length, totals: { ...run.totals }, requests: ctx.client.counters.requests, done: batch.done });
  }
}

/**
 * The group's rows, in a savepoint. When the database refuses a record
 * (a value out of range, a key too long), the group is written again a
 * record at a time, and only the records at fault are rejected.
 */
async function writeGroup(tx: Tx, run: Run, group: MappedPage[]): Promise<{ counts: WriteCounts; rejected: number; rejects: Reject[] }> {
  const { stream, ctx } = run;
  const mapRejects = group.flatMap((m) => m.rejects);
  try {
    const counts = await tx.transaction(async (sp) => {
      // A plain upsert was prepared with each page: the group's pages go in one statement.
      if (stream.upsert) return writePrepared(sp, group.map((m) => m.prepared!));
      let own = zeroCounts();
      for (const { batch, rows } of group) own = addCounts(own, await stream.write!(sp, rows, ctx, batch.meta));
      return own;
    });
    return { counts, rejected: mapRejects.length, rejects: mapRejects };
  } catch (err) {
    if (!isDataError(err)) throw err;
    ctx.log.warn({ err: errorMessage(err) }, 'the warehouse refused a record of the page: writing its records one at a time');
    let counts = zeroCounts();
    const rejects: Reject[] = [];
    for (const { batch } of group) {
      const page = await writeOneByOne(tx, stream, ctx, batch);
      counts = addCounts(counts, page.counts);
      rejects.push(...page.rejects);
    }
    return { counts, rejected: rejects.length, rejects };
  }
}

/**
 * A run that did not complete, recorded at once: `interrupted` when a signal
 * or a shutdown stopped it (its error says where and how it resumes),
 * `unavailable` when the account cannot use the stream here, else `failed`.
 */
async function settleFailure(run: Run, err: unknown): Promise<RunSummary> {
  const { stream, scope, deps, ctx, record } = run;
  const interrupted = isInterruption(err);
  // An interruption asks the API nothing more (the budget refuses every request by now).
  const reason = interrupted ? null : await unavailability(err, stream, scope, ctx.client).catch(() => null);
  const message = reason ?? errorMessage(err);
  const status = interrupted ? 'interrupted' : reason ? 'unavailable' : 'failed';
  await database(deps, 'record the run', async () => {
    await record.close(status, run.totals, message);
    // An interruption is not an error of the stream: `last_error` keeps the last failure's.
    await saveState(deps.warehouse.db, run.stateName, scope, interrupted ? { lastRunId: ctx.runId } : { lastError: message, lastRunId: ctx.runId });
    if (reason) await saveState(deps.warehouse.db, stream.name, scope, { unavailableSince: new Date(), unavailableReason: reason });
  }).catch((e) => ctx.log.error({ err: errorMessage(e) }, 'could not record the failed run'));
  // An unavailable stream's error is its reason: not the API error itself (a 401 of the charts must not stop a pass).
  // A database error goes on without its statement: the run's line and a failed job's reason show its message.
  return summarise(run, status, reason ? new Error(reason, { cause: err }) : shownError(err));
}

function summarise(run: Run, status: RunSummary['status'], error?: Error): RunSummary {
  const { counters } = run.ctx.client;
  return {
    runId: run.ctx.runId,
    stream: run.stream.name,
    scope: run.scope.key,
    status,
    ...run.totals,
    requests: counters.requests,
    retries: counters.retries,
    throttled: counters.throttled,
    commits: run.commits,
    durationMs: Date.now() - run.ctx.now.getTime(),
    error,
  };
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

/**
 * Whether a backfill of `window` completed before for this stream and scope
 * (its dates within the last completed backfill's, and nothing in flight):
 * then the same backfill run again, after a kill, reads only what it had not
 * finished. Returns the reason to skip, or null.
 */
async function backfilledBefore(deps: RunDeps, stateName: string, scope: Scope, window: DateWindow | undefined): Promise<string | null> {
  if (!window) return null;
  const state = await readState(deps.warehouse.db, stateName, scope);
  const done = (state?.cursor as { backfilled?: DateWindow } | null)?.backfilled;
  if (!done || state?.progress || done.from > window.from || done.to < window.to) return null;
  return `already backfilled ${done.from}..${done.to} (at ${state!.lastSuccessAt?.toISOString() ?? 'an earlier run'}); \`backfill --restart\` reads it again`;
}

/** A run that did not start, and why (`RunSummary.skipped`). */
export function skippedSummary(runId: string, stream: AnyStream, scope: Scope, why: NonNullable<RunSummary['skipped']>, reason: string): RunSummary {
  return {
    runId,
    stream: stream.name,
    scope: scope.key,
    status: 'skipped',
    skipped: why,
    ...zeroTotals(),
    requests: 0,
    retries: 0,
    throttled: 0,
    commits: 0,
    durationMs: 0,
    error: new Error(reason),
  };
}

type AnyBatch = Batch<unknown, unknown, unknown>;

/** A page, its records as rows, and those that would not map as rejects. */
interface MappedPage {
  batch: AnyBatch;
  rows: unknown[];
  rejects: Reject[];
  /** Records whose text had to be cleaned before they could load. */
  cleaned: number;
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
  let cleaned = 0;
  for (const item of batch.items) {
    const raw = cleanText(item);
    if (raw !== item) cleaned += 1;
    try {
      rows.push(stream.map(raw, ctx, batch.meta));
    } catch (err) {
      rejects.push({ raw, reason: errorMessage(err), sourceKey: stream.sourceKey?.(raw, batch.meta) });
    }
  }
  if (!upsert) return { batch, rows, rejects, cleaned };
  // The prepared upsert holds all the rows say: they need not wait in memory as objects too.
  return { batch, rows: [], rejects, cleaned, prepared: prepareUpsert(upsert.table, rows as never[], upsert.key as never[]) };
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
