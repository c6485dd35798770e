/**
 * Figure 3b: the load step alone against COPY, the physical limit.
 *
 * 200,000 generated clients, as the API prints them, go through the same
 * path as a page of the clients stream (strip NULs, map, `upsertRows` into
 * `altegio.clients` in one transaction per page of 200); then the same mapped
 * rows are COPYed into an UNLOGGED copy of the table. A second load of the
 * unchanged rows times the re-read path (every row compared, none written).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableColumns, sql as dsql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { openPostgres } from '../src/db/connect.js';
import { migrateWarehouse } from '../src/db/migrate.js';
import { clients, type NewClient } from '../src/db/schema/index.js';
import { upsertRows, type WriteCounts, addCounts, zeroCounts } from '../src/db/upsert.js';
import { clientsStream } from '../src/jobs/clients.js';
import { clientJson } from '../src/simulator/api/clients.js';
import { startSimulator } from '../src/simulator/index.js';
import type { RunContext } from '../src/sync/types.js';
import { stripNul } from '../src/util/clean.js';
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
  /** Map + upsertRows, a transaction per batch: the load step. */
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
  const ctx = { scope: { kind: 'location', key: 'location:1', locationId: 1, timezone: 'America/New_York' } } as unknown as RunContext;
  const mapPage = (page: unknown[]) => page.map((raw) => clientsStream.map(stripNul(raw), ctx, undefined));

  let started = performance.now();
  for (let i = 0; i < raws.length; i += BATCH) mapPage(raws.slice(i, i + BATCH));
  const mapMs = performance.now() - started;
  const builderMs = builderCost(Math.min(20, Math.ceil(raws.length / BATCH)), (i) => mapPage(raws.slice(i * BATCH, (i + 1) * BATCH)));

  const db = await createDatabase('altegio_bench_load');
  const warehouse = await openPostgres(db.url);
  try {
    await migrateWarehouse(warehouse);
    const loadAll = async (): Promise<{ ms: number; counts: WriteCounts }> => {
      let counts = zeroCounts();
      const t0 = performance.now();
      for (let i = 0; i < raws.length; i += BATCH) {
        const rows = mapPage(raws.slice(i, i + BATCH));
        counts = addCounts(counts, await warehouse.db.transaction((tx) => upsertRows(tx, clients, rows, ['locationId', 'id'])));
      }
      return { ms: performance.now() - t0, counts };
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
