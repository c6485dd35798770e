import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Warehouse } from '../src/db/connect.js';
import { migrateWarehouse, MIGRATIONS_FOLDER } from '../src/db/migrate.js';
import { pendingMigrations, shippedMigrations } from '../src/db/migration-record.js';
import { ADMIN_URL, databaseUrl } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

/** Another drizzle application's record: later than ours, so drizzle's rule alone would skip every one of ours. */
const FOREIGN = [
  { hash: 'another-app-0000', createdAt: 4_102_444_800_000 },
  { hash: 'another-app-0001', createdAt: 4_102_444_900_000 },
];

const legacyRecord = sql`select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by id`;
const ourRecord = sql`select hash, created_at::text as created_at from altegio.schema_migrations order by id`;
const shipped = () => shippedMigrations().map((m) => ({ hash: m.hash, created_at: String(m.folderMillis) }));

async function addForeignRecord(warehouse: Warehouse): Promise<void> {
  await warehouse.query(sql`create schema if not exists drizzle`);
  await warehouse.query(sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`);
  for (const row of FOREIGN) await warehouse.query(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${row.hash}, ${row.createdAt})`);
}

/** Migrates the way earlier versions did: drizzle's default record, drizzle.__drizzle_migrations. */
async function migrateTheOldWay(warehouse: Warehouse): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: 'drizzle' };
  if (warehouse.kind === 'pglite') await (await import('drizzle-orm/pglite/migrator')).migrate(warehouse.db as never, config);
  else await (await import('drizzle-orm/postgres-js/migrator')).migrate(warehouse.db as never, config);
}

describe('the migration record, altegio.schema_migrations', () => {
  const names: string[] = [];
  const opened: Warehouse[] = [];
  afterAll(async () => {
    for (const w of opened) await w.close();
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    for (const name of names) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  /** An empty database of this file's own (not the template: these tests build the schema). */
  async function emptyDatabase(): Promise<{ url: string; warehouse: Warehouse }> {
    const name = `altegio_rec_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    names.push(name);
    const warehouse = await openPostgres(databaseUrl(name));
    opened.push(warehouse);
    return { url: databaseUrl(name), warehouse };
  }

  it("migrates a database where another drizzle application keeps its record, and leaves that record alone", async () => {
    const { warehouse } = await emptyDatabase();
    await addForeignRecord(warehouse);
    expect(await migrateWarehouse(warehouse)).toEqual({ applied: shippedMigrations().length });
    await expect(warehouse.query(sql`select count(*) from altegio.sync_state`)).resolves.toBeDefined();
    expect(await warehouse.query(ourRecord)).toEqual(shipped());
    expect(await warehouse.query(legacyRecord)).toEqual(FOREIGN.map((f) => ({ hash: f.hash, created_at: String(f.createdAt) })));
    expect(await migrateWarehouse(warehouse)).toEqual({ applied: 0 });
  });

  it('carries over the record of a warehouse migrated the old way, applies nothing again, and later commands work', async () => {
    const { url, warehouse } = await emptyDatabase();
    await migrateTheOldWay(warehouse);
    await addForeignRecord(warehouse);
    const legacyBefore = await warehouse.query(legacyRecord);
    expect(legacyBefore.slice(0, shipped().length)).toEqual(shipped());

    expect(await migrateWarehouse(warehouse)).toEqual({ applied: 0 });
    expect(await warehouse.query(ourRecord)).toEqual(shipped());
    expect(await warehouse.query(legacyRecord)).toEqual(legacyBefore);
    expect(await pendingMigrations(warehouse)).toBe(0);
    expect(await migrateWarehouse(warehouse)).toEqual({ applied: 0 });

    const status = await runCli(['status'], { DATABASE_URL: url });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('nothing synced yet');
    const query = await runCli(['sql', '--allow-superuser', 'select count(*) as n from altegio.schema_migrations'], { DATABASE_URL: url });
    expect(query.code, query.stderr).toBe(0);
    expect(query.stdout).toMatch(new RegExp(`\\b${shipped().length}\\b`));
  });

  it('does the same on the embedded warehouse', async () => {
    const fresh = await openPglite(null);
    opened.push(fresh);
    await addForeignRecord(fresh);
    expect(await migrateWarehouse(fresh)).toEqual({ applied: shippedMigrations().length });
    expect(await fresh.query(ourRecord)).toEqual(shipped());

    const old = await openPglite(null);
    opened.push(old);
    await migrateTheOldWay(old);
    expect(await pendingMigrations(old)).toBe(0);
    expect(await migrateWarehouse(old)).toEqual({ applied: 0 });
    expect(await old.query(ourRecord)).toEqual(shipped());
  });
});
