import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedRows, readStatus } from '../src/cli/commands/status.js';
import { openPostgres, type Warehouse } from '../src/db/connect.js';
import { migrateWarehouse } from '../src/db/migrate.js';
import { grantReader } from '../src/db/reader-role.js';
import { ADMIN_URL, createTestDatabase, databaseUrl } from './helpers/postgres.js';
import { runCli, runCliHere } from './helpers/run-cli.js';

const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

async function seed(w: Warehouse): Promise<void> {
  const state = (stream: string, extra: Record<string, string | null> = {}) =>
    w.query(sql`insert into altegio.sync_state (stream, scope, location_id, last_error, unavailable_since, unavailable_reason)
      values (${stream}, 'location:1', 1, ${extra.error ?? null}, ${extra.since ?? null}, ${extra.reason ?? null})`);
  const run = (stream: string, mode: string, hours: number, status: string, error: string | null = null) =>
    w.query(sql`insert into altegio.sync_runs (id, stream, scope, location_id, mode, started_at, finished_at, status, rows_written, error)
      values (${randomUUID()}, ${stream}, 'location:1', 1, ${mode}, ${ago(hours)}, ${ago(hours)}, ${status}, 5, ${error})`);
  await state('records');
  await state('records:backfill', { error: 'backfill boom' });
  await state('clients');
  await state('loyalty_programs', { since: ago(3), reason: 'no loyalty module' });
  await run('records', 'sync', 2, 'succeeded');
  await run('records', 'backfill', 1, 'failed', 'backfill boom');
  await run('clients', 'sync', 1, 'succeeded');
  // Unavailable, then asked again after the retry time, and failed otherwise: still unavailable, not failed.
  await run('loyalty_programs', 'sync', 3, 'unavailable', 'no loyalty module');
  await run('loyalty_programs', 'sync', 1, 'failed', 'HTTP 502');
}

describe('status', () => {
  const reader = `altegio_status_reader_${randomUUID().slice(0, 8)}`;
  afterAll(async () => {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop role if exists ${reader}`);
    await admin.end();
  });
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let warehouse: Warehouse;
  beforeAll(async () => {
    db = await createTestDatabase();
    warehouse = await openPostgres(db.url);
    await migrateWarehouse(warehouse);
    await seed(warehouse);
  });
  afterAll(async () => {
    await warehouse?.close();
    await db?.drop();
  });

  it("shows each row's own last run and error, backfill state labelled as such", async () => {
    const rows = await readStatus(warehouse);
    const pick = ({ stream, mode, lastRunStatus, lastError, unavailableSince }: (typeof rows)[number]) => ({
      stream,
      mode,
      lastRunStatus,
      lastError,
      unavailable: unavailableSince !== null,
    });
    expect(rows.map(pick)).toEqual([
      { stream: 'clients', mode: 'sync', lastRunStatus: 'succeeded', lastError: null, unavailable: false },
      { stream: 'loyalty_programs', mode: 'sync', lastRunStatus: 'failed', lastError: 'no loyalty module', unavailable: true },
      { stream: 'records', mode: 'sync', lastRunStatus: 'succeeded', lastError: null, unavailable: false },
      { stream: 'records', mode: 'backfill', lastRunStatus: 'failed', lastError: 'backfill boom', unavailable: false },
    ]);
    expect(failedRows(rows).map((r) => `${r.stream}/${r.mode}`)).toEqual(['records/backfill']);
  });

  it('exits 1 when a last run failed, 0 with --ok-if-failed; --json has the mode', async () => {
    const table = await runCli(['status'], { DATABASE_URL: db.url });
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/location:1\s+records \(backfill\)\s+backfill\s+.*failed\s+5\s+.*backfill boom/);
    expect(table.stdout).toMatch(/location:1\s+records\s+sync\s+.*succeeded\s+5\s+.*-\s+-\s*$/m);
    expect(table.stderr).toContain('the last run failed for records (backfill) at location:1');
    expect(table.stderr).toContain('--ok-if-failed');

    expect((await runCliHere(['status', '--ok-if-failed'], { DATABASE_URL: db.url })).code).toBe(0);
    const json = await runCliHere(['status', '--json'], { DATABASE_URL: db.url });
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as Array<{ stream: string; mode: string; lastError: string | null }>;
    expect(parsed.filter((r) => r.stream === 'records').map((r) => [r.mode, r.lastError])).toEqual([
      ['sync', null],
      ['backfill', 'backfill boom'],
    ]);
  });

  it('works for the grant-reader role, and an unavailable stream does not count as failed', async () => {
    await grantReader(warehouse, reader, `pw-${randomUUID()}`);
    const url = new URL(db.url);
    url.username = reader;
    expect((await runCliHere(['status'], { DATABASE_URL: url.toString() })).code).toBe(1);
    await warehouse.query(sql`update altegio.sync_runs set status = 'succeeded', error = null where mode = 'backfill'`);
    const ok = await runCliHere(['status'], { DATABASE_URL: url.toString() });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toMatch(/loyalty_programs\s+sync\s+.*unavailable/);
  });
});

describe('read-only commands on a warehouse that is not migrated', () => {
  const names: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'altegio-unmigrated-'));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    for (const name of names) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  async function emptyDatabase(): Promise<string> {
    const name = `altegio_ro_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    names.push(name);
    return databaseUrl(name);
  }
  const notMigrated = /the warehouse at .* is not migrated \(or is older than this version\): run `altegio-sync migrate`/;

  it('refuse a database never migrated, and change nothing in it', async () => {
    const url = await emptyDatabase();
    for (const args of [['status'], ['sql', '--allow-superuser', 'select 1']]) {
      const run = await runCliHere(args, { DATABASE_URL: url });
      expect([run.code, run.stderr], args[0]).toEqual([2, expect.stringMatching(notMigrated)]);
    }
    const w = await openPostgres(url);
    try {
      const schemas = await w.query(sql`select nspname from pg_namespace where nspname in ('altegio', 'altegio_bi', 'drizzle')`);
      expect(schemas).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('refuse one older than this version', async () => {
    const url = await emptyDatabase();
    const w = await openPostgres(url);
    try {
      await migrateWarehouse(w);
      await w.query(sql`delete from altegio.schema_migrations where id = (select max(id) from altegio.schema_migrations)`);
      const run = await runCliHere(['status'], { DATABASE_URL: url });
      expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(notMigrated)]);
    } finally {
      await w.close();
    }
  });

  it('do not create an embedded warehouse that does not exist', async () => {
    const sqlRun = await runCliHere(['sql', '--data-dir', dir, 'select 1']);
    expect([sqlRun.code, sqlRun.stderr]).toEqual([2, expect.stringMatching(notMigrated)]);
    const statusRun = await runCliHere(['status'], { ALTEGIO_DATA_DIR: dir });
    expect([statusRun.code, statusRun.stderr]).toEqual([2, expect.stringMatching(notMigrated)]);
    expect(existsSync(join(dir, 'pglite'))).toBe(false);
  });
});
