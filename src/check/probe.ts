import type { AltegioClient } from '../altegio/client.js';
import type { Config } from '../config.js';
import type { Warehouse } from '../db/connect.js';
import { AltegioAuthError, AltegioError, errorMessage, RejectError } from '../errors.js';
import type { Logger } from '../log.js';
import { unavailability } from '../sync/availability.js';
import { writeOf, type AnyStream, type Batch, type DateWindow, type RunContext, type Scope } from '../sync/types.js';
import { cleanText } from '../util/clean.js';
import { emptyUse, notSent, unread, withTracking } from './fields.js';

/** What one stream answered in one scope. */
export interface Probe {
  stream: string;
  scope: string;
  /** `available`, or why not: `unavailable` (no right, no module, licence) or `failed` (anything else). */
  outcome: 'available' | 'unavailable' | 'failed';
  /** The API's answer when not available, with what to do. */
  message?: string;
  /** Records in the first page. */
  records: number;
  /** Rows the whole listing holds, when the API said. */
  total?: number;
  /** Records of the page that `map` refused, with the first reason. */
  rejected: number;
  reason?: string;
  /** Fields the records had that no column keeps (they stay in `raw`). */
  unread: string[];
  /** Fields `map` looked for that no record had. */
  notSent: string[];
  requests: number;
  /** The error itself, for the caller's exit status (a 401). */
  error?: unknown;
}

/** At most this many records of a probe are written to the scratch warehouse: enough for the streams that read them. */
const SAMPLE_ROWS = 3;

export interface ProbeDeps {
  client: AltegioClient;
  config: Readonly<Config>;
  /** A scratch warehouse, in memory: streams that read what another wrote (per-client streams, loyalty analytics) read it there. */
  scratch: Warehouse;
  log: Logger;
}

/**
 * Asks a stream's endpoint for its first page, as a backfill of `window`
 * would (streams that do not backfill by window run as `sync` does), maps
 * its records with the stream's own `map` while noting the fields it reads,
 * and writes a few of them to the scratch warehouse for the streams after it.
 */
export async function probeStream(stream: AnyStream, scope: Scope, window: DateWindow, deps: ProbeDeps): Promise<Probe> {
  const client = deps.client.scoped();
  const windowed = stream.backfill === 'rereads-history';
  const ctx: RunContext = {
    runId: 'check',
    scope,
    mode: windowed ? 'backfill' : 'sync',
    window: windowed ? window : undefined,
    now: new Date(),
    client,
    config: deps.config,
    warehouse: deps.scratch,
    log: deps.log,
  };
  const base = { stream: stream.name, scope: scope.key, records: 0, rejected: 0, unread: [], notSent: [] };
  let batch: Batch<unknown, unknown, unknown> | undefined;
  try {
    batch = await firstBatch(stream, ctx);
  } catch (err) {
    const reason = err instanceof AltegioAuthError && !stream.rightsAnswer401 ? null : await unavailability(err, stream, scope, client).catch(() => null);
    const outcome = reason ? 'unavailable' : 'failed';
    return { ...base, outcome, message: reason ?? errorMessage(err), requests: client.counters.requests, error: err };
  }
  const items = (batch?.items ?? []).map(cleanText);
  const use = emptyUse();
  const rows: unknown[] = [];
  let rejected = 0;
  let reason: string | undefined;
  for (const item of items) {
    try {
      withTracking(item, use, (tracked) => stream.map(tracked, ctx, batch?.meta));
      rows.push(stream.map(item, ctx, batch?.meta));
    } catch (err) {
      if (!(err instanceof RejectError)) throw err;
      rejected += 1;
      reason ??= err.message;
    }
  }
  await writeSample(stream, ctx, rows, batch?.meta, deps.log);
  return {
    ...base,
    outcome: 'available',
    records: items.length,
    total: batch?.total,
    rejected,
    reason,
    unread: unread(use),
    notSent: notSent(use),
    requests: client.counters.requests,
  };
}

/** The stream's first page: one request for most streams, a few for those that ask per client. */
async function firstBatch(stream: AnyStream, ctx: RunContext): Promise<Batch<unknown, unknown, unknown> | undefined> {
  const pages = stream.extract(ctx, { cursor: null, progress: null })[Symbol.asyncIterator]();
  try {
    const next = await pages.next();
    return next.done ? undefined : next.value;
  } finally {
    await pages.return?.(undefined);
  }
}

/** A few mapped rows into the scratch warehouse, so that streams reading this one's table find something to ask about. */
async function writeSample(stream: AnyStream, ctx: RunContext, rows: unknown[], meta: unknown, log: Logger): Promise<void> {
  if (rows.length === 0) return;
  try {
    await ctx.warehouse.db.transaction((tx) => writeOf(stream)(tx, rows.slice(0, SAMPLE_ROWS), ctx, meta));
  } catch (err) {
    // A sample that does not write only leaves later probes with less to ask about.
    log.debug({ stream: stream.name, err: errorMessage(err) }, 'check: could not keep the sample');
  }
}

/** True when the error means the credentials themselves are refused. */
export function isAuthFailure(probe: Probe): boolean {
  return probe.error instanceof AltegioAuthError && probe.outcome !== 'unavailable';
}

/** True when the error says the location (or chain) does not exist for these credentials. */
export function isUnknownScope(probe: Probe): boolean {
  return probe.error instanceof AltegioError && probe.outcome === 'failed' && (probe.error.status === 404 || probe.error.status === 403);
}
