/** Dictionary entries of the sync's own bookkeeping: how fresh the data is, and what failed. */
import { COUNT, OUR_CLOCK, col, type Dictionary } from './dictionary-words.js';

const STREAM = col('The stream (e.g. `records`, `z_reports`); `altegio-sync status` lists them.', 'the sync');
const SCOPE = col('What the stream ran for: `location:<id>` or `chain:<id>`.', 'the sync');
const LOCATION = col('The location of a location scope; null for a chain scope.', 'the sync');
const CHAIN = col('The chain of a chain scope; null for a location scope.', 'the sync');

export const SYNC: Dictionary = {
  'altegio.sync_state': {
    about:
      'One row per stream and scope: where the stream is up to. Answers "how fresh is this table?": `high_water_at` and `last_success_at`.',
    source: 'written by the sync engine in the same transaction as the data.',
    columns: {
      stream: STREAM,
      scope: SCOPE,
      location_id: LOCATION,
      chain_id: CHAIN,
      cursor: col('The stream\'s committed cursor, e.g. `{ "changedAfter": "..." }`.', 'the sync', 'jsonb'),
      high_water_at: col('The data is complete up to this instant, where the stream has one; `status` computes the lag from it.', 'the sync', OUR_CLOCK),
      progress: col('Where an interrupted run resumes (page, bounds); null when none is in flight.', 'the sync', 'jsonb'),
      last_run_id: col('The last run (`sync_runs.id`).', 'the sync'),
      last_success_at: col('When the stream last completed for this scope.', 'the sync', OUR_CLOCK),
      last_error: col('Error of the last failed run; null after a success.', 'the sync'),
      unavailable_since: col(
        'Set while the account cannot use the stream in this scope (no right, no module, a lapsed licence): since when. Runs skip it until `ALTEGIO_UNAVAILABLE_RETRY_HOURS` have passed; a run that succeeds clears it.',
        'the sync',
        'UTC instant',
      ),
      unavailable_reason: col('The API\'s answer that made it unavailable, with what to do.', 'the sync'),
      updated_at: col('When this row last changed.', 'the sync', OUR_CLOCK),
    },
  },
  'altegio.sync_runs': {
    about:
      'One row per stream run and scope: when, what it did, how it ended. A run that is `running` with no `finished_at` is in progress, or its process was killed: the next run of that stream and scope closes it as `interrupted`.',
    source: 'written by the sync engine.',
    columns: {
      id: col('Run id.', 'the sync'),
      stream: STREAM,
      scope: SCOPE,
      location_id: LOCATION,
      chain_id: CHAIN,
      mode: col('`sync` (incremental) or `backfill`.', 'the command'),
      window_from: col('First day of a backfill window.', 'the command', 'date (as given on the command line)'),
      window_to: col('Last day of a backfill window.', 'the command', 'date (as given on the command line)'),
      started_at: col('Start of the run.', 'the sync', OUR_CLOCK),
      finished_at: col('End of the run; null while running.', 'the sync', OUR_CLOCK),
      status: col(
        '`running`, `succeeded`, `failed`, `interrupted` (stopped after its last committed page by Ctrl-C or SIGTERM, a worker\'s shutdown, or the death of its process; `error` says where and how it resumes: the next run of the stream carries on from there), or `unavailable` (the account cannot use the stream in this scope; `error` says why).',
        'the sync',
      ),
      requests: col('API requests made.', 'the sync', COUNT),
      pages: col('Pages written.', 'the sync', COUNT),
      rows_written: col('Rows inserted plus rows updated.', 'the sync', COUNT),
      rows_inserted: col('Rows inserted.', 'the sync', COUNT),
      rows_updated: col('Rows changed (or marked deleted).', 'the sync', COUNT),
      rows_unchanged: col('Rows read again with nothing new: not rewritten.', 'the sync', COUNT),
      rows_rejected: col('Source records that could not be read (see `rejected_records`).', 'the sync', COUNT),
      rows_cleaned: col('Source records that loaded once text the database cannot hold was cleaned: NUL characters dropped, lone surrogates replaced by U+FFFD.', 'the sync', COUNT),
      retries: col('Requests retried.', 'the sync', COUNT),
      throttled: col('HTTP 429 answers (rate limit).', 'the sync', COUNT),
      duration_ms: col('How long the run took.', 'the sync', 'milliseconds'),
      error: col('Why the run failed, or where an `interrupted` run stopped and how it resumes; null otherwise.', 'the sync'),
    },
  },
  'altegio.sync_locks': {
    about:
      'Which run holds each stream and scope: a lease renewed with every page the run commits and every few seconds between pages. A run that finds it held by a live lease waits or is skipped; a lease that is not renewed (its process died) runs out and can be taken.',
    source: 'written by the sync engine.',
    columns: {
      key: col('`<stream>:<scope>`.', 'the sync'),
      holder: col('The run holding it: run id, host and process id.', 'the sync'),
      acquired_at: col('When the run took it.', 'the sync', OUR_CLOCK),
      expires_at: col('When the lease runs out unless renewed.', 'the sync', OUR_CLOCK),
    },
  },
  'altegio.rejected_records': {
    about: 'Source records that could not be mapped, with the reason; the rest of their page loaded. Kept until fixed at the source.',
    source: 'written by the sync engine.',
    columns: {
      id: col('Row id.', 'the sync'),
      stream: STREAM,
      scope: SCOPE,
      location_id: LOCATION,
      source_key: col('The record\'s id when it had one (`sha1:` and a hash of it when longer than 200 characters), else `sha1:` and a hash of its JSON.', 'the sync'),
      reason: col('Why it was rejected, e.g. "last_change_date is missing".', 'the sync'),
      raw: col('The record as the API sent it; null when it was null; `{ "truncated": "<its first 10,000 characters>" }` when its JSON is over 1 MB.', 'the source object', 'jsonb'),
      run_id: col('The run that last saw it (`sync_runs.id`).', 'the sync'),
      first_seen_at: col('First time it was rejected.', 'the sync', OUR_CLOCK),
      last_seen_at: col('Last time it was rejected.', 'the sync', OUR_CLOCK),
      times_seen: col('How many times it was read and rejected.', 'the sync', COUNT),
    },
  },
};
