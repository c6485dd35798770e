import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import type { Warehouse } from '../../db/connect.js';
import { loggerFor, openMigratedWarehouse } from '../context.js';
import { renderTable } from '../table.js';

export interface StatusRow {
  stream: string;
  scope: string;
  cursor: unknown;
  resuming: boolean;
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  lastRunRows: number | null;
  lastSuccessAt: Date | null;
  lagSeconds: number | null;
  lastError: string | null;
  /** Since when the account cannot use the stream here, when it cannot (the reason is `lastError`). */
  unavailableSince: Date | null;
}

/** Per stream and scope: cursor, last run, its outcome, rows, lag, last error. */
export async function readStatus(warehouse: Warehouse): Promise<StatusRow[]> {
  const rows = await warehouse.query<Record<string, unknown>>(sql`
    select s.stream, s.scope, s.cursor, s.progress is not null as resuming, s.last_success_at,
           coalesce(s.unavailable_reason, s.last_error) as last_error, s.unavailable_since,
           extract(epoch from now() - coalesce(s.high_water_at, s.last_success_at))::float8 as lag_seconds,
           r.started_at as last_run_at, r.status as last_run_status, r.rows_written as last_run_rows
    from altegio.sync_state s
    left join lateral (
      select started_at, status, rows_written from altegio.sync_runs r
      where r.stream = s.stream and r.scope = s.scope order by r.started_at desc limit 1
    ) r on true
    order by s.scope, s.stream`);
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return rows.map((r) => ({
    stream: String(r.stream),
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

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('per location and stream: cursor, last run, its outcome, rows, lag and last error')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const warehouse = await openMigratedWarehouse(config, loggerFor(config));
      try {
        const rows = await readStatus(warehouse);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(`nothing synced yet in ${warehouse.where}; run \`altegio-sync sync\`\n`);
          return;
        }
        const iso = (d: Date | null) => (d ? d.toISOString().replace('.000Z', 'Z') : '-');
        const body = rows.map((r) => [
          r.scope,
          r.stream,
          formatCursor(r.cursor) + (r.resuming ? ' (resuming)' : ''),
          iso(r.lastRunAt),
          r.unavailableSince ? 'unavailable' : (r.lastRunStatus ?? '-'),
          r.lastRunRows === null ? '-' : String(r.lastRunRows),
          iso(r.lastSuccessAt),
          formatLag(r.lagSeconds),
          r.lastError ? r.lastError.slice(0, 80) : '',
        ]);
        const header = ['SCOPE', 'STREAM', 'CURSOR', 'LAST RUN', 'OUTCOME', 'ROWS', 'LAST SUCCESS', 'LAG', 'LAST ERROR'];
        process.stdout.write(`${renderTable(header, body)}\n`);
      } finally {
        await warehouse.close();
      }
    });
}
