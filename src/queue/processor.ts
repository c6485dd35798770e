import { randomUUID } from 'node:crypto';
import { DelayedError, UnrecoverableError, WaitingError, type Job, type Processor } from 'bullmq';
import { inArray } from 'drizzle-orm';
import { locations, syncRuns } from '../db/schema/index.js';
import {
  AltegioError,
  AltegioForbiddenError,
  AltegioNotFoundError,
  AltegioValidationError,
  errorMessage,
  InterruptedError,
  StreamBusyError,
} from '../errors.js';
import { STREAMS } from '../jobs/index.js';
import { locationsStream } from '../jobs/locations.js';
import { isRetryable } from '../altegio/retry-policy.js';
import type { Logger } from '../log.js';
import { runStream, type PageEvent, type RunDeps, type RunSummary } from '../sync/runner.js';
import type { Scope } from '../sync/types.js';
import { jobName, readJobData, scopeKey, type SyncJobData, type SyncJobResult } from './job-data.js';

/** What one committed page added to its run. */
export interface PageDelta {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  requests: number;
}

/** What the worker's metrics want to hear about runs. */
export interface RunObserver {
  /** After each committed page: what this page added to the run. */
  page?(stream: string, scope: string, delta: PageDelta): void;
  /** When a run ends, either way. */
  finished?(summary: RunSummary): void;
}

export interface ProcessorDeps extends Omit<RunDeps, 'onPage'> {
  /** Aborted on SIGTERM/SIGINT: runs stop at their next page boundary and their jobs go back to the queue. */
  shutdown: AbortSignal;
  observer?: RunObserver;
  /** Longest delay before a one-off job tries again a stream and scope that another run holds, default 5 s (from 250 ms, doubling). */
  busyDelayMs?: number;
}

/**
 * The BullMQ processor: one job is one `runStream`. Permanent API errors
 * (401/403/404/422) fail the job at once with what to fix; everything else
 * is retried with backoff. A stream and scope that is already running is
 * retried later (one-off jobs) or left to the next tick (scheduled jobs).
 */
export function createProcessor(deps: ProcessorDeps): Processor<SyncJobData, SyncJobResult> {
  return async (job, token, signal) => {
    const data = readJobData(job.data);
    if (!data) throw new UnrecoverableError(`job ${job.id} has malformed data ${JSON.stringify(job.data)}; remove it from the queue`);
    const stream = STREAMS.find((s) => s.name === data.stream);
    const where = data.scope.kind === 'location' ? { locationId: data.scope.locationId } : { chainId: data.scope.chainId };
    const log = deps.log.child({ jobId: job.id, stream: data.stream, scope: scopeKey(data.scope), ...where, mode: data.mode });
    if (!stream) {
      const message = `unknown stream ${data.stream} (this worker knows ${STREAMS.map((s) => s.name).join(', ')}); upgrade the worker or remove the job`;
      await recordFailure(deps, data, message);
      throw new UnrecoverableError(message);
    }
    const stop = signal ? AbortSignal.any([deps.shutdown, signal]) : deps.shutdown;
    let started = false;
    try {
      const scope = await resolveScope(deps, job, data, stop);
      started = true;
      log.info({ attempt: job.attemptsMade + 1, window: data.window }, `started ${jobName(data)}`);
      const summary = await runStream(stream, scope, { ...deps, onPage: pageHandler(deps, job, stop) }, { mode: data.mode, window: data.window, force: data.named, restart: data.restart });
      deps.observer?.finished?.(summary);
      // An interrupted run (recorded so by the runner) goes back to the queue below, like a failed one is retried.
      if (summary.status === 'failed' || summary.status === 'interrupted') throw summary.error ?? new Error(`the run ${summary.status}`);
      if (summary.status === 'unavailable' || summary.status === 'skipped') {
        const reason = errorMessage(summary.error);
        (summary.status === 'unavailable' ? log.warn.bind(log) : log.info.bind(log))(`${summary.status}: ${reason}`);
        return { runId: summary.runId, status: summary.status, reason };
      }
      log.info({ runId: summary.runId, requests: summary.requests, inserted: summary.inserted, updated: summary.updated, durationMs: summary.durationMs }, `finished ${jobName(data)}`);
      return {
        runId: summary.runId,
        status: 'succeeded',
        requests: summary.requests,
        pages: summary.pages,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
        durationMs: summary.durationMs,
      };
    } catch (err) {
      return settleFailure({ deps, job, token, data, log, stop, started }, err);
    }
  };
}

/**
 * What a failed attempt becomes: back to the queue (shutdown), later (the
 * stream and scope is busy), failed for good (401/403/404/422, with what to
 * fix), or retried with backoff (anything else).
 */
async function settleFailure(
  at: { deps: ProcessorDeps; job: Job; token?: string; data: SyncJobData; log: Logger; stop: AbortSignal; started: boolean },
  err: unknown,
): Promise<SyncJobResult> {
  const { deps, job, token, data, log } = at;
  if (at.stop.aborted) {
    // Back to the queue without using up an attempt; the next run resumes from the committed page.
    log.warn('interrupted by shutdown; the job goes back to the queue');
    await job.moveToWait(token);
    throw new WaitingError();
  }
  if (err instanceof StreamBusyError) {
    if (job.repeatJobKey) {
      log.info('skipped: the previous run of this stream and scope is still going; the next tick runs it');
      return { status: 'skipped' };
    }
    // Short waits first (a neighbour's run is often about to end), then up to the full delay.
    const ceiling = Math.min(deps.busyDelayMs ?? 5000, 250 * 2 ** Math.max(0, job.attemptsStarted - 1));
    const delay = Math.round(ceiling * (0.5 + Math.random() / 2));
    log.info({ delay }, 'another run holds this stream and scope; retrying later');
    await job.moveToDelayed(Date.now() + delay, token);
    throw new DelayedError();
  }
  if (isPermanent(err)) {
    const message = withHint(err as AltegioError, data);
    log.error({ err: message }, 'failed for good');
    // The runner recorded the run; a failure before it (reading the location) is recorded here.
    if (!at.started) await recordFailure(deps, data, message);
    throw new UnrecoverableError(message);
  }
  log.warn({ err: errorMessage(err), attempt: job.attemptsMade + 1 }, 'failed; BullMQ retries it with backoff');
  throw err;
}

/** 401/403/404/422: another attempt sends the same request and gets the same answer. */
export function isPermanent(err: unknown): boolean {
  return err instanceof AltegioError && !isRetryable(err);
}

function withHint(err: AltegioError, data: SyncJobData): string {
  const where = data.scope.kind === 'location' ? `location ${data.scope.locationId}` : `chain ${data.scope.chainId}`;
  if (err instanceof AltegioForbiddenError) {
    return `${err.message}; give the user of ALTEGIO_USER_TOKEN (or ALTEGIO_LOGIN) access to ${where}, or remove it from the configuration`;
  }
  if (err instanceof AltegioNotFoundError) {
    return `${err.message}; check that ${where} exists (${data.scope.kind === 'location' ? 'ALTEGIO_LOCATION_IDS' : 'ALTEGIO_CHAIN_ID'})`;
  }
  if (err instanceof AltegioValidationError) {
    return `${err.message}; the API refused the request's parameters (${jobName(data)}): check ALTEGIO_PAGE_SIZE and the backfill dates`;
  }
  return err.message;
}

function pageHandler(deps: ProcessorDeps, job: Job, stop: AbortSignal): (event: PageEvent) => void {
  let last = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, requests: 0 };
  return (event) => {
    const now = { ...event.totals, requests: event.requests };
    deps.observer?.page?.(event.stream, event.scope, {
      inserted: now.inserted - last.inserted,
      updated: now.updated - last.updated,
      unchanged: now.unchanged - last.unchanged,
      rejected: now.rejected - last.rejected,
      requests: now.requests - last.requests,
    });
    last = now;
    job.updateProgress({ label: event.label ?? null, pages: event.totals.pages, requests: event.requests, done: event.done ?? null }).catch(() => undefined);
    // Thrown after the page committed: the runner records the run as interrupted and the cursor stays at this page.
    if (stop.aborted) throw new InterruptedError();
  };
}

/**
 * The run's scope. A location stream needs the location's time zone, and a
 * chain stream may read every location's: a location not yet in the
 * warehouse is read first (as `sync` does), in this job.
 */
async function resolveScope(deps: ProcessorDeps, job: Job, data: SyncJobData, stop: AbortSignal): Promise<Scope> {
  const wanted = data.scope.kind === 'location' ? [data.scope.locationId] : deps.config.locationIds;
  let zones = await knownZones(deps, wanted);
  const missing = wanted.filter((id) => !zones.has(id));
  for (const locationId of missing) {
    if (data.stream === locationsStream.name && data.scope.kind === 'location') break;
    const scope: Scope = { kind: 'location', key: `location:${locationId}`, locationId, timezone: 'UTC' };
    try {
      const run = await runStream(locationsStream, scope, { ...deps, onPage: pageHandler(deps, job, stop) });
      deps.observer?.finished?.(run);
      if (run.status !== 'succeeded' && data.scope.kind === 'location') throw run.error ?? new Error(`location ${locationId} could not be read`);
    } catch (err) {
      // Another job is reading this location right now (a backfill starts every scope at once): wait for its row.
      if (!(err instanceof StreamBusyError) || !(await zoneArrives(deps, locationId, stop))) throw err;
    }
  }
  if (missing.length > 0) zones = await knownZones(deps, wanted);
  if (data.scope.kind === 'chain') return { kind: 'chain', key: scopeKey(data.scope), chainId: data.scope.chainId };
  const { locationId } = data.scope;
  // The locations stream itself needs no zone; every other location stream does.
  const timezone = zones.get(locationId) ?? (data.stream === locationsStream.name ? 'UTC' : null);
  if (!timezone) throw new Error(`location ${locationId} has no time zone in the warehouse after reading it`);
  return { kind: 'location', key: scopeKey(data.scope), locationId, timezone };
}

/** Polls for up to 30 s for a location row that another run is writing. */
async function zoneArrives(deps: ProcessorDeps, locationId: number, stop: AbortSignal): Promise<boolean> {
  for (let waited = 0; waited < 30_000 && !stop.aborted; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if ((await knownZones(deps, [locationId])).has(locationId)) return true;
  }
  return false;
}

async function knownZones(deps: ProcessorDeps, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await deps.warehouse.db
    .select({ id: locations.id, timezone: locations.timezone })
    .from(locations)
    .where(inArray(locations.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.timezone]));
}

/** A job that fails before its run starts still leaves a `sync_runs` row saying why. */
async function recordFailure(deps: ProcessorDeps, data: SyncJobData, message: string): Promise<void> {
  const now = new Date();
  await deps.warehouse.db
    .insert(syncRuns)
    .values({
      id: randomUUID(),
      stream: data.stream,
      scope: scopeKey(data.scope),
      locationId: data.scope.kind === 'location' ? data.scope.locationId : null,
      chainId: data.scope.kind === 'chain' ? data.scope.chainId : null,
      mode: data.mode,
      windowFrom: data.window?.from,
      windowTo: data.window?.to,
      status: 'failed',
      startedAt: now,
      finishedAt: now,
      durationMs: 0,
      error: message,
    })
    .catch((err) => deps.log.error({ err: errorMessage(err) }, 'could not record the failed job in sync_runs'));
}
