/**
 * Figures 3a and 5: a backfill by `altegio-sync backfill` (the in-process
 * sync) in a child process against an unlimited simulator in another, at two
 * sizes of history. Its peak RSS (VmHWM) should not grow with the rows, and
 * rows ÷ time is the end-to-end throughput.
 */
import postgres from 'postgres';
import { addDays, localDate } from '../src/util/dates.js';
import { createDatabase, engineEnv, run, startSimHost } from './processes.js';

export interface WorldShape {
  clients: number;
  days: number;
  recordsPerDay: number;
}

export interface BackfillRun {
  shape: WorldShape;
  /** Rows in the warehouse's tables afterwards (bookkeeping tables left out). */
  rows: number;
  requests: number;
  /** First run start to last run end, from sync_runs, ms. */
  syncMs: number;
  rowsPerSecond: number;
  requestsPerSecond: number;
  /** VmHWM of the backfill process, bytes. */
  peakRss: number;
  /** VmHWM of `altegio-sync migrate` with nothing to apply: the process's floor. */
  baselineRss: number;
  /** Time, requests and rows written per stream, slowest first. */
  streams: Array<{ stream: string; ms: number; requests: number; rows: number }>;
}

/** Bookkeeping, not synced data. */
const NOT_DATA = new Set(['sync_runs', 'sync_state', 'rejected_records']);

/**
 * A world of about `rows` warehouse rows: 2,000 clients and 1,000 records a
 * day (about 5.4 rows a record with its lines, payments, Z-report lines and
 * visits), the history as long as it takes. Pages stay the same size, so only
 * the number of pages grows with the rows.
 */
export function shapeFor(rows: number): WorldShape {
  return { clients: 2000, recordsPerDay: 1000, days: Math.max(1, Math.round(rows / 5400) - 7) };
}

/** `cli`: the bin to run (default the checkout's). */
export async function backfillRun(shape: WorldShape, log: (line: string) => void, cli?: string): Promise<BackfillRun> {
  const anchor = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const sim = await startSimHost({ locations: 1, ...shape, rateLimit: false, anchor: anchor.toISOString() as never });
  const db = await createDatabase('altegio_bench_backfill');
  try {
    const env = engineEnv(sim, db.url, {
      ALTEGIO_RATE_LIMIT_PER_SECOND: '100000',
      ALTEGIO_RATE_LIMIT_PER_MINUTE: '10000000',
      ALTEGIO_RATE_LIMIT_MARGIN_MS: '0',
    });
    const migrated = await run(['migrate'], env, { cli }).done;
    if (migrated.code !== 0) throw new Error(`migrate failed:\n${migrated.output}`);
    const again = await run(['migrate'], env, { cli }).done;
    const today = localDate(anchor, 'America/New_York');
    const window = { from: addDays(today, -shape.days), to: addDays(today, 7) };
    await sim.reset();
    log(`backfill: ${shape.clients} clients, ${shape.days} days, ${shape.recordsPerDay} records a day (${window.from}..${window.to})`);
    const done = await run(['backfill', '--from', window.from, '--to', window.to], env, { cli }).done;
    if (done.code !== 0) throw new Error(`backfill exited with ${done.code}:\n${done.output.slice(-4000)}`);
    const stats = await sim.stats();
    const sql = postgres(db.url, { max: 1, onnotice: () => undefined });
    try {
      const tables = await sql<{ name: string }[]>`select table_name as name from information_schema.tables where table_schema = 'altegio' and table_type = 'BASE TABLE'`;
      let rows = 0;
      for (const { name } of tables) {
        if (NOT_DATA.has(name)) continue;
        const [c] = await sql.unsafe(`select count(*)::int as n from altegio."${name}"`);
        rows += (c as unknown as { n: number }).n;
      }
      const [span] = await sql<{ ms: number }[]>`select (extract(epoch from max(finished_at) - min(started_at)) * 1000)::float8 as ms from altegio.sync_runs`;
      const syncMs = span!.ms;
      const streams = await sql<{ stream: string; ms: number; requests: number; rows: number }[]>`
        select stream, sum(duration_ms)::int as ms, sum(requests)::int as requests, sum(rows_written)::int as rows
        from altegio.sync_runs group by stream order by 2 desc`;
      log(`backfill: ${rows} rows, ${stats.total} requests in ${(syncMs / 1000).toFixed(1)} s, peak RSS ${(done.peakRss / 2 ** 20).toFixed(0)} MiB`);
      return {
        shape,
        rows,
        requests: stats.total,
        syncMs,
        rowsPerSecond: (rows / syncMs) * 1000,
        requestsPerSecond: (stats.total / syncMs) * 1000,
        peakRss: done.peakRss,
        baselineRss: again.peakRss,
        streams: streams.map((r) => ({ ...r })),
      };
    } finally {
      await sql.end();
    }
  } finally {
    await db.drop();
    await sim.close();
  }
}
