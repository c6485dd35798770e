import { bigserial, date, index, integer, jsonb, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { altegio, id, instant } from './_columns.js';

/** The cursor of each stream and scope (`location:<id>` or `chain:<id>`). */
export const syncState = altegio.table(
  'sync_state',
  {
    stream: text('stream').notNull(),
    scope: text('scope').notNull(),
    locationId: id('location_id'),
    chainId: id('chain_id'),
    /** Stream-specific committed cursor (e.g. `{ "changedAfter": "2026-11-20T10:00:00.000Z" }`). */
    cursor: jsonb('cursor'),
    /** The instant the data is complete up to, where the stream has one; `status` computes lag from it. */
    highWaterAt: instant('high_water_at'),
    /** Where an interrupted run resumes (page, bounds); null when none is in flight. */
    progress: jsonb('progress'),
    lastRunId: text('last_run_id'),
    lastSuccessAt: instant('last_success_at'),
    lastError: text('last_error'),
    /**
     * Set while the account cannot use this stream here (no right, no
     * module, a lapsed licence): since when, and the API's answer. Runs skip
     * it until `ALTEGIO_UNAVAILABLE_RETRY_HOURS` have passed; a successful
     * run clears it.
     */
    unavailableSince: instant('unavailable_since'),
    unavailableReason: text('unavailable_reason'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.stream, t.scope] })],
);

/** One row per stream run. */
export const syncRuns = altegio.table(
  'sync_runs',
  {
    id: text('id').primaryKey(),
    stream: text('stream').notNull(),
    scope: text('scope').notNull(),
    locationId: id('location_id'),
    chainId: id('chain_id'),
    /** `sync` (incremental) or `backfill`. */
    mode: text('mode').notNull(),
    windowFrom: date('window_from', { mode: 'string' }),
    windowTo: date('window_to', { mode: 'string' }),
    startedAt: instant('started_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
    /**
     * `running`, `succeeded`, `failed`, `interrupted` (stopped after its last
     * committed page by a signal, a worker's shutdown or the death of its
     * process; `error` says where and how it resumes), or `unavailable` (the
     * account cannot use the stream here; `error` says why).
     */
    status: text('status').notNull(),
    requests: integer('requests').notNull().default(0),
    pages: integer('pages').notNull().default(0),
    /** Inserted plus updated. */
    rowsWritten: integer('rows_written').notNull().default(0),
    rowsInserted: integer('rows_inserted').notNull().default(0),
    rowsUpdated: integer('rows_updated').notNull().default(0),
    rowsUnchanged: integer('rows_unchanged').notNull().default(0),
    rowsRejected: integer('rows_rejected').notNull().default(0),
    /** Source records that loaded after text the database cannot hold was cleaned (NULs dropped, lone surrogates replaced). */
    rowsCleaned: integer('rows_cleaned').notNull().default(0),
    retries: integer('retries').notNull().default(0),
    /** 429 answers. */
    throttled: integer('throttled').notNull().default(0),
    durationMs: integer('duration_ms'),
    error: text('error'),
  },
  (t) => [index('sync_runs_stream_scope_idx').on(t.stream, t.scope, t.startedAt)],
);

/** Source records that could not be mapped, with the reason; the rest of their page loaded. */
export const rejectedRecords = altegio.table(
  'rejected_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    stream: text('stream').notNull(),
    scope: text('scope').notNull(),
    locationId: id('location_id'),
    /** The record's id when it had one (a hash of it when longer than 200 characters), else a hash of its JSON. */
    sourceKey: text('source_key').notNull(),
    reason: text('reason').notNull(),
    /** The record as sent; null when it was null, `{ "truncated": ... }` when too large to keep whole. */
    raw: jsonb('raw'),
    runId: text('run_id'),
    firstSeenAt: instant('first_seen_at').notNull().defaultNow(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    timesSeen: integer('times_seen').notNull().default(1),
  },
  (t) => [uniqueIndex('rejected_records_key_idx').on(t.stream, t.scope, t.sourceKey)],
);

/**
 * Who is running each stream and scope: a lease, renewed with every page a
 * run commits and by a heartbeat between pages, that runs out when its
 * holder stops renewing it (a process that died). A row, not a session's
 * advisory lock: it survives a lost connection and a database restart, and
 * a role that may only read the warehouse cannot take it.
 */
export const syncLocks = altegio.table('sync_locks', {
  /** `<stream>:<scope>`, e.g. `records:location:720441`. */
  key: text('key').primaryKey(),
  /** The run holding it: its id, host and process id. */
  holder: text('holder').notNull(),
  acquiredAt: instant('acquired_at').notNull().defaultNow(),
  /** The lease runs out here unless renewed. */
  expiresAt: instant('expires_at').notNull(),
});

export type SyncState = typeof syncState.$inferSelect;
export type NewSyncState = typeof syncState.$inferInsert;
export type SyncRun = typeof syncRuns.$inferSelect;
export type NewSyncRun = typeof syncRuns.$inferInsert;
export type SyncLock = typeof syncLocks.$inferSelect;
export type RejectedRecord = typeof rejectedRecords.$inferSelect;
export type NewRejectedRecord = typeof rejectedRecords.$inferInsert;
