import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import type { Warehouse } from '../../db/connect.js';
import { logFormatOf, writeLogLine } from '../../log.js';
import { openReadOnlyWarehouse } from '../context.js';
import { renderTable } from '../table.js';

export interface StatusRow {
  stream: string;
  /** `sync`: the stream's own state; `backfill`: the separate state of its windowed backfills. */
  mode: 'sync' | 'backfill';
  scope: string;
  cursor: unknown;
  resuming: boolean;
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  lastRunRows: number | null;
  lastSuccessAt: Date | null;
  lagSeconds: number | null;
  /** The error of this row's own last run (the reason, while the stream is unavailable). */
  lastError: string | null;
  /** Since when the account cannot use the stream here, when it cannot (the reason is `lastError`). */
  unavailableSince: Date | null;
}

/**
 * Per stream, scope and mode: cursor, last run, its outcome, rows, lag, last
 * error. A windowed backfill keeps its state in `<stream>:backfill` and its
 * runs have mode `backfill`: each row reads only its own runs.
 */
export async function readStatus(warehouse: Warehouse): Promise<StatusRow[]> {
  const rows = await warehouse.query<Record<string, unknown>>(sql`
    with s as (
      select s.*, regexp_replace(s.stream, ':backfill$', '') as base,
             case when s.stream like '%:backfill' then 'backfill' else 'sync' end as mode
      from altegio.sync_state s
    )
    select s.base as stream, s.mode, s.scope, s.cursor, s.progress is not null as resuming, s.last_success_at,
           coalesce(s.unavailable_since, b.unavailable_since) as unavailable_since,
           coalesce(s.unavailable_reason, b.unavailable_reason, case when r.id is null then s.last_error else r.error end) as last_error,
           extract(epoch from now() - coalesce(s.high_water_at, s.last_success_at))::float8 as lag_seconds,
           r.started_at as last_run_at, r.status as last_run_status, r.rows_written as last_run_rows
    from s
    left join altegio.sync_state b on s.mode = 'backfill' and b.stream = s.base and b.scope = s.scope
    left join lateral (
      select id, started_at, status, rows_written, error from altegio.sync_runs r
      where r.stream = s.base and r.scope = s.scope and r.mode = s.mode order by r.started_at desc limit 1
    ) r on true
    order by s.scope, s.base, s.mode desc`);
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return rows.map((r) => ({
    stream: String(r.stream),
    mode: r.mode === 'backfill' ? 'backfill' : 'sync',
    scope: String(r.scope),
    cursor: r.cursor,
    resuming: Boolean(r.resuming),
    lastRunAt: date(r.last_run_at),
    lastRunStatus: (r.last_run_status as string | null) ?? null,
    lastRunRows: r.last_run_rows === null || r.last_run_rows === undefined ? null : Number(r.last_run_rows),
    lastSuccessAt: date(r.last_success_at),
    lagSeconds: r.lag_seconds === null || r.lag_seconds === undefined ? null : Math.round(Number(r.lag_seconds)),
    lastError: (r.last_error as string | null) ?? null,
    unavailableSince: date(r.unavailable_since),
  }));
}

/**
 * Rows whose last run failed. A stream the account cannot use
 * (`unavailable`) is not one, nor one whose last run was `interrupted`
 * (a signal, a worker's shutdown, a process that died): the next run
 * resumes it.
 */
export function failedRows(rows: readonly StatusRow[]): StatusRow[] {
  return rows.filter((r) => r.lastRunStatus === 'failed' && r.unavailableSince === null);
}

export function formatLag(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

function formatCursor(cursor: unknown): string {
  if (cursor === null || cursor === undefined) return '-';
  if (typeof cursor === 'object') return Object.values(cursor as object).map(String).join(' ');
  return String(cursor);
}

const label = (r: StatusRow) => (r.mode === 'backfill' ? `${r.stream} (backfill)` : r.stream);

function renderStatus(rows: StatusRow[]): string {
  const iso = (d: Date | null) => (d ? d.toISOString().replace('.000Z', 'Z') : '-');
  const body = rows.map((r) => [
    r.scope,
    label(r),
    r.mode,
    formatCursor(r.cursor) + (r.resuming ? ' (resuming)' : ''),
    iso(r.lastRunAt),
    r.unavailableSince ? 'unavailable' : (r.lastRunStatus ?? '-'),
    r.lastRunRows === null ? '-' : String(r.lastRunRows),
    iso(r.lastSuccessAt),
    formatLag(r.lagSeconds),
    r.lastError ? r.lastError.slice(0, 80) : '',
  ]);
  const header = ['SCOPE', 'STREAM', 'MODE', 'CURSOR', 'LAST RUN', 'OUTCOME', 'ROWS', 'LAST SUCCESS', 'LAG', 'LAST ERROR'];
  return renderTable(header, body);
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'per location and stream: cursor, last run, its outcome, rows, lag and last error; ' +
        'exits 1 when the last run of a stream failed (unless --ok-if-failed; an interrupted one, which the next run resumes, does not count); ' +
        'reads only, migrates nothing',
    )
    .option('--json', 'print JSON instead of a table')
    .option('--ok-if-failed', 'exit 0 even when the last run of a stream failed')
    .action(async (opts: { json?: boolean; okIfFailed?: boolean }) => {
      const config = loadConfig();
      const warehouse = await openReadOnlyWarehouse(config);
      try {
        const rows = await readStatus(warehouse);
        if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else if (rows.length === 0) process.stdout.write(`nothing synced yet in ${warehouse.where}; run \`altegio-sync sync\`\n`);
        else process.stdout.write(`${renderStatus(rows)}\n`);
        const failed = failedRows(rows);
        if (failed.length > 0 && !opts.okIfFailed) {
          const names = failed.map((r) => `${label(r)} at ${r.scope}`).join(', ');
          writeLogLine('error', `the last run failed for ${names} (see LAST ERROR); --ok-if-failed exits 0`, { failed: failed.map((r) => ({ stream: label(r), scope: r.scope })) }, logFormatOf());
          process.exitCode = 1;
        }
      } finally {
        await warehouse.close();
      }
    });
}
