/**
 * Figure 3b: the load step alone against COPY, the physical limit.
 *
 * 200,000 generated clients, as the API prints them, in pages of 200, go
 * through the runner as the clients stream's pages do (strip NULs, map,
 * the upsert into `altegio.clients`, rejects, the cursor and `sync_runs`,
 * committed together), only served from memory instead of the API, so the
 * source is never what waits; then the same mapped rows are COPYed into an
 * UNLOGGED copy of the table. A second load of the unchanged rows times the
 * re-read path (every row compared, none written).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableColumns, sql as dsql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createClient } from '../src/cli/context.js';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/connect.js';
import { migrateWarehouse } from '../src/db/migrate.js';
import { clients, type NewClient } from '../src/db/schema/index.js';
import type { WriteCounts } from '../src/db/upsert.js';
import { clientsStream } from '../src/jobs/clients.js';
import { clientJson } from '../src/simulator/api/clients.js';
import { startSimulator } from '../src/simulator/index.js';
import { silentLogger } from '../src/log.js';
import { runStream } from '../src/sync/runner.js';
import type { AnyStream, RunContext, Scope } from '../src/sync/types.js';
import { cleanText } from '../src/util/clean.js';
import { createDatabase } from './processes.js';

export interface LoadFigure {
  rows: number;
  batchSize: number;
  /** Strip NULs + map, alone. */
  mapRowsPerSecond: number;
  /** Building (not running) one page's upsert with the query builder, ms: what the JSON path of upsertRows avoids. */
  builderMsPerPage: number;
  /** The load step per page, ms. */
  loadMsPerPage: number;
  /** Transactions the load step's pages committed in: the runner commits the pages fetched while the last ones committed together. */
  loadCommits: number;
  /** The runner's path of a page after the API (strip NULs, map, upsert, rejects, cursor, sync_runs): the load step. */
  loadRowsPerSecond: number;
  loadMs: number;
  /** The same rows again, unchanged: compared, not written. */
  reloadRowsPerSecond: number;
  reloadWritten: number;
  /** COPY of the mapped rows (serialising included) into an UNLOGGED table. */
  copyRowsPerSecond: number;
  copyMs: number;
  /** load ÷ COPY. */
  ratio: number;
  written: WriteCounts;
}

const BATCH = 200;

/** Generated clients of one location, as the API prints them. */
async function generateClients(count: number): Promise<unknown[]> {
  const sim = await startSimulator({ locations: 1, clients: count, days: 1, recordsPerDay: 5, rateLimit: false });
  try {
    const data = sim.world.locations.get(1)!;
    // Through JSON, as a page reaches the stream.
    return JSON.parse(JSON.stringify(data.clients.filter((c) => !c.deleted).map((c) => clientJson(sim.world, data, c)))) as unknown[];
  } finally {
    await sim.close();
  }
}

export async function loadFigure(count: number, log: (line: string) => void): Promise<LoadFigure> {
  const raws = await generateClients(count);
  log(`load: ${raws.length} clients generated`);
  const scope: Scope = { kind: 'location', key: 'location:1', locationId: 1, timezone: 'America/New_York' };
  const ctx = { scope } as RunContext;
  const mapPage = (page: unknown[]) => page.map((raw) => clientsStream.map(cleanText(raw), ctx, undefined));

  let started = performance.now();
  for (let i = 0; i < raws.length; i += BATCH) mapPage(raws.slice(i, i + BATCH));
  const mapMs = performance.now() - started;
  const builderMs = builderCost(Math.min(20, Math.ceil(raws.length / BATCH)), (i) => mapPage(raws.slice(i * BATCH, (i + 1) * BATCH)));

  const db = await createDatabase('altegio_bench_load');
  const warehouse = await openPostgres(db.url);
  try {
    await migrateWarehouse(warehouse);
    const config = loadConfig({
      ALTEGIO_BASE_URL: 'http://127.0.0.1:9',
      ALTEGIO_PARTNER_TOKEN: 'bench-partner-token',
      ALTEGIO_USER_TOKEN: 'bench-user-token',
      ALTEGIO_LOCATION_IDS: '1',
      DATABASE_URL: db.url,
    });
    const deps = { warehouse, config, log: silentLogger, client: createClient(config, silentLogger) };
    // The clients stream as the runner drives it, its pages served from memory instead of the API.
    const fromMemory: AnyStream = {
      ...clientsStream,
      async *extract() {
        for (let i = 0; i < raws.length; i += BATCH) {
          const last = i + BATCH >= raws.length;
          yield { items: raws.slice(i, i + BATCH), ...(last ? { cursor: { changedAfter: 'bench', page: i } } : { progress: { page: i } }), label: `page ${i / BATCH + 1}` };
        }
      },
    };
    const loadAll = async (): Promise<{ ms: number; counts: WriteCounts; commits: number }> => {
      const t0 = performance.now();
      const run = await runStream(fromMemory, scope, deps, { mode: 'backfill' });
      const ms = performance.now() - t0;
      if (run.status !== 'succeeded') throw run.error ?? new Error('the load run failed');
      return { ms, counts: run, commits: run.commits };
    };
    const first = await loadAll();
    log(`load: upserted ${raws.length} rows in ${(first.ms / 1000).toFixed(1)} s`);
    const again = await loadAll();
    const mapped = mapPage(raws);
    await warehouse.query(dsql`create unlogged table altegio.bench_copy (like altegio.clients)`);
    started = performance.now();
    await copyRows(db.url, 'altegio.bench_copy', mapped);
    const copyMs = performance.now() - started;
    const [copied] = await warehouse.query<{ n: string }>(dsql`select count(*) as n from altegio.bench_copy`);
    if (Number(copied!.n) !== mapped.length) throw new Error(`COPY loaded ${copied!.n} of ${mapped.length} rows`);
    log(`load: COPY of ${mapped.length} rows in ${(copyMs / 1000).toFixed(1)} s`);
    const perSecond = (ms: number) => (raws.length / ms) * 1000;
    return {
      rows: raws.length,
      batchSize: BATCH,
      mapRowsPerSecond: perSecond(mapMs),
      builderMsPerPage: builderMs,
      loadMsPerPage: first.ms / Math.ceil(raws.length / BATCH),
      loadCommits: first.commits,
      loadRowsPerSecond: perSecond(first.ms),
      loadMs: first.ms,
      reloadRowsPerSecond: perSecond(again.ms),
      reloadWritten: again.counts.inserted + again.counts.updated,
      copyRowsPerSecond: perSecond(copyMs),
      copyMs,
      ratio: copyMs / first.ms,
      written: first.counts,
    };
  } finally {
    await warehouse.close();
    await db.drop();
  }
}

/**
 * ms per page to build, not run, the upsert of a page with the query builder
 * (multi-row VALUES, ON CONFLICT … DO UPDATE … WHERE IS DISTINCT FROM), as
 * upsertRows did before it sent pages as JSON.
 */
function builderCost(pages: number, page: (i: number) => NewClient[]): number {
  const db = drizzle.mock({ schema: { clients } });
  const columns = getTableColumns(clients) as Record<string, PgColumn>;
  const compared = Object.entries(columns).filter(([p, c]) => p !== 'locationId' && p !== 'id' && c.name !== 'synced_at');
  const set = Object.fromEntries(compared.map(([p, c]) => [p, dsql.raw(`excluded."${c.name}"`)]));
  const changed = dsql.raw(`(${compared.map(([, c]) => `"clients"."${c.name}"`).join(', ')}) is distinct from (${compared.map(([, c]) => `excluded."${c.name}"`).join(', ')})`);
  const inputs = Array.from({ length: pages }, (_, i) => page(i));
  const t0 = performance.now();
  for (const rows of inputs) {
    db.insert(clients)
      .values(rows)
      .onConflictDoUpdate({ target: [clients.locationId, clients.id], set: { ...set, syncedAt: dsql`now()` }, setWhere: changed })
      .returning({ inserted: dsql<boolean>`(xmax = 0)` })
      .toSQL();
  }
  return (performance.now() - t0) / pages;
}

/** COPY … FROM STDIN in text format, rows serialised as they stream. */
export async function copyRows(url: string, table: string, rows: NewClient[]): Promise<void> {
  const columns = Object.entries(getTableColumns(clients) as Record<string, PgColumn>);
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const names = columns.map(([, c]) => `"${c.name}"`).join(', ');
    const target = await sql.unsafe(`copy ${table} (${names}) from stdin`).writable();
    const now = new Date();
    function* lines(): Generator<string> {
      let chunk = '';
      for (const row of rows) {
        const r = row as Record<string, unknown>;
        chunk += columns.map(([prop]) => copyText(prop === 'syncedAt' ? now : r[prop])).join('\t') + '\n';
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(lines()), target);
  } finally {
    await sql.end();
  }
}

/** One value in COPY's text format. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}
