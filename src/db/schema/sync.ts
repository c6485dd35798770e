import { bigserial, date, index, integer, jsonb, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { altegio, id, instant } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/** The cursor of each stream and scope (`location:<id>` or `chain:<id>`). */
export const syncState = altegio.table(
  'sync_state',
  {
    stream: text('stream').notNull(),
    scope: text('scope').notNull(),
    locationId: id('location_id'),
    chainId: id('chain_id'),
    cursor: jsonb('cursor'),
    highWaterAt: instant('high_water_at'),
    progress: jsonb('progress'),
    lastRunId: text('last_run_id'),
    lastSuccessAt: instant('last_success_at'),
    lastError: text('last_error'),
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
    mode: text('mode').notNull(),
    windowFrom: date('window_from', { mode: 'string' }),
    windowTo: date('window_to', { mode: 'string' }),
    startedAt: instant('started_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
    status: text('status').notNull(),
    requests: integer('requests').notNull().default(0),
    pages: integer('pages').notNull().default(0),
    rowsWritten: integer('rows_written').notNull().default(0),
    rowsInserted: integer('rows_inserted').notNull().default(0),
    rowsUpdated: integer('rows_updated').notNull().default(0),
    rowsUnchanged: integer('rows_unchanged').notNull().default(0),
    rowsRejected: integer('rows_rejected').notNull().default(0),
    rowsCleaned: integer('rows_cleaned').notNull().default(0),
    retries: integer('retries').notNull().default(0),
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
    sourceKey: text('source_key').notNull(),
    reason: text('reason').notNull(),
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
  key: text('key').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: instant('acquired_at').notNull().defaultNow(),
  expiresAt: instant('expires_at').notNull(),
});

export type SyncState = typeof syncState.$inferSelect;
export type NewSyncState = typeof syncState.$inferInsert;
export type SyncRun = typeof syncRuns.$inferSelect;
export type NewSyncRun = typeof syncRuns.$inferInsert;
export type SyncLock = typeof syncLocks.$inferSelect;
export type RejectedRecord = typeof rejectedRecords.$inferSelect;
export type NewRejectedRecord = typeof rejectedRecords.$inferInsert;
