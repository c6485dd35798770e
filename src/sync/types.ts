import type { AltegioClient } from '../altegio/client.js';
import type { Config } from '../config.js';
import type { Tx, Warehouse } from '../db/connect.js';
import type { CadenceClass } from '../queue/cadence.js';
import { upsertRows, type UpsertTarget, type WriteCounts } from '../db/upsert.js';
import type { Logger } from '../log.js';

/** What a stream runs for: one location (in its zone) or the chain. */
export type Scope =
  | { kind: 'location'; key: string; locationId: number; timezone: string }
  | { kind: 'chain'; key: string; chainId: number };

export type ScopeKind = Scope['kind'];
export type Mode = 'sync' | 'backfill';

/** Location-local calendar dates, both included. */
export interface DateWindow {
  from: string;
  to: string;
}

export interface StreamState<C, P> {
  /** The committed cursor; null before the first complete run. */
  cursor: C | null;
  /** Where an interrupted run stopped; null when none is in flight. */
  progress: P | null;
}

/** Everything a stream run may use. */
export interface RunContext {
  runId: string;
  scope: Scope;
  mode: Mode;
  /** Backfill window (location-local dates). */
  window?: DateWindow;
  /** Start of the run. */
  now: Date;
  client: AltegioClient;
  config: Readonly<Config>;
  warehouse: Warehouse;
  log: Logger;
}

/**
 * One page of source records and the state to commit with it. `M` is what
 * the stream says about the page as a whole (none by default).
 */
export interface Batch<C, P, M = undefined> {
  items: unknown[];
  /**
   * What the page covers, handed to `map`, `write` and `sourceKey` with its
   * records: e.g. the dates or the clients whose listing the page completes,
   * with the ids it listed (taken before `map`, so a rejected record still
   * counts as listed and is never marked deleted). Records that lack a field
   * the request implied (the day of a one-day report) read it here too.
   */
  meta?: M;
  /** New committed cursor; undefined keeps the current one. */
  cursor?: C | null;
  /** New resume point; undefined keeps it, null clears it. */
  progress?: P | null;
  /** The instant the stream is complete up to, after this page. */
  highWaterAt?: Date | null;
  /** Human position for progress output, e.g. "page 3/12". */
  label?: string;
  /** Share of the run done after this page (0..1), when the stream can tell; drives the time estimate. */
  done?: number;
  /** Rows the whole listing holds, when the API says (`meta.total_count`). */
  total?: number;
}

/**
 * A stream is data: what to ask for, how a record maps to rows, how rows are
 * written. The runner owns transactions, cursors, rejects and bookkeeping.
 * `M` is the page meta its extract yields (see `Batch.meta`). Its rows are
 * written either by a plain `upsert` into one table or by its own `write`,
 * never both.
 */
export type StreamDef<Row = unknown, C = unknown, P = unknown, M = undefined> = StreamCore<Row, C, P, M> & (UpsertWrite | OwnWrite<Row, M>);

/**
 * The rows are a plain upsert into one table (`upsertInto`): the runner
 * prepares each page's upsert as it maps the page, while earlier pages
 * commit, and writes the pages that commit together in one statement.
 */
export interface UpsertWrite {
  upsert: UpsertTarget;
  write?: never;
}

export interface OwnWrite<Row, M> {
  upsert?: never;
  /**
   * Writes the mapped rows of one page, in its transaction. `meta` is the
   * page's as extract yielded it, rejected records or not: with it, a page
   * that completes a listing marks the rows the listing no longer has.
   */
  write(tx: Tx, rows: Row[], ctx: RunContext, meta: M | undefined): Promise<WriteCounts>;
}

/** What every stream declares, however its rows are written. */
export interface StreamCore<Row = unknown, C = unknown, P = unknown, M = undefined> {
  name: string;
  scope: ScopeKind;
  /** One line for `--help` and `status`. */
  description: string;
  /**
   * How fast its source changes, which sets its default cadence (see
   * `CadenceClass`: `hot` 5 minutes, `frequent` 15 minutes, `intraday`
   * hourly, `aggregates`, `sweep` and `reference` daily).
   * `ALTEGIO_CADENCE_<STREAM>` overrides it.
   */
  cadence: CadenceClass;
  /**
   * What a `sync` run reads, and so what the committed cursor holds. The
   * stream's `extract` does it (with the helper of the same name); the
   * engine does not branch on it, the docs show it:
   * - `changed_after`: what changed since the cursor, less a lookback (`changedAfterPages`).
   * - `full_refresh`: the whole listing, every run; no cursor.
   * - `date_window`: the local dates since the last one read in full, less the recent days (`windowPages`).
   * - `recent_days`: the same, for reports of whole days that the source keeps correcting.
   * - `per_client`: one answer per row of `parent` touched since the cursor (`perClientPages`).
   */
  reads: 'changed_after' | 'full_refresh' | 'date_window' | 'recent_days' | 'per_client';
  /**
   * What `backfill` does with it:
   * - `rereads-history`: runs it in backfill mode, which re-reads the
   *   backfill's dates (a per-client stream: every client, within those
   *   dates where its answers are dated), resumably, on a state of its own
   *   that leaves the incremental cursor alone; an enqueued backfill cuts
   *   its dates into `ALTEGIO_BACKFILL_CHUNK_DAYS` jobs (a stream with a
   *   `parent` is one job: each job asks every row of the parent anyway).
   * - `reads-everything`: runs it as `sync` does, which reads everything anyway.
   * - `reads-changes`: runs it as `sync` does, which reads what changed
   *   since its cursor (everything the first time): the source offers no
   *   dates to re-read.
   */
  backfill: 'rereads-history' | 'reads-everything' | 'reads-changes';
  /**
   * The stream whose rows it reads one by one (`clients` for visits and the
   * per-client loyalty streams): it shares that stream's `lane`, after it.
   * Default: none (it reads a listing of its own).
   */
  parent?: string;
  /**
   * The API module the stream reads (`loyalty`): a 404 from its endpoint
   * means the location lacks the module, and the stream is `unavailable`
   * there rather than failed. Default: none (a 404 is a wrong id).
   */
  module?: 'loyalty';
  /** The endpoint answers a missing right with 401, not 403 (the analytics charts). Default false. */
  rightsAnswer401?: boolean;
  /**
   * The warehouse is of little use without it: being `unavailable` fails
   * the run (locations, clients, records). Default false.
   */
  essential?: boolean;
  /**
   * Streams of one lane run one after another, in registry order, when a
   * pass is enqueued for the workers; lanes run side by side. Streams that
   * read what another stream wrote share its lane. Default: a lane of its own.
   */
  lane?: string;
  /** Yields pages; the state it yields commits with the page's rows. */
  extract(ctx: RunContext, state: StreamState<C, P>): AsyncIterable<Batch<C, P, M>>;
  /** One source record to a row; throw (RejectError) to reject it. `meta` is its page's. */
  map(raw: unknown, ctx: RunContext, meta: M | undefined): Row;
  /** The record's id, for the rejects table. */
  sourceKey?(raw: unknown, meta: M | undefined): string | undefined;
  /** Requests of a first backfill in one scope, for `check`'s estimate. Default 1 (one listing). */
  estimate?(facts: CostFacts): number;
}

/** What a first backfill's cost depends on, as `check` measures it for one scope. */
export interface CostFacts {
  /** Local days of the backfill. */
  days: number;
  /** Clients of the location (`GET /clients` total). */
  clients: number;
  /** Appointments a day, on average. */
  recordsPerDay: number;
  /** Loyalty programs of the location. */
  programs: number;
  pageSize: number;
  /** `ALTEGIO_BACKFILL_CHUNK_DAYS`. */
  chunkDays: number;
}

/** Any stream, whatever its row, cursor and page meta types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStream = StreamDef<any, any, any, any>;

/** How a stream's rows of one page are written, whichever way it declares it. */
export function writeOf(stream: AnyStream): (tx: Tx, rows: unknown[], ctx: RunContext, meta: unknown) => Promise<WriteCounts> {
  if (stream.write) return stream.write;
  const { table, key } = stream.upsert!;
  return (tx, rows) => upsertRows(tx, table, rows as never[], key as never[]);
}
