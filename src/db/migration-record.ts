import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import type { Warehouse } from './connect.js';

/**
 * The record of applied migrations: which of the migrations shipped with the
 * package a warehouse has, one row per migration (drizzle's `hash` of the
 * .sql file and `created_at`, the `when` of its journal entry).
 */

/** The migrations folder shipped with the package (same depth from src/ and dist/). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Where the record is kept: in the warehouse's own schema, apart from any other application's. */
export const MIGRATION_RECORD = { schema: 'altegio', table: 'schema_migrations' } as const;

/** Where earlier versions kept it: drizzle's default, which other drizzle applications of a database share. */
export const LEGACY_MIGRATION_RECORD = { schema: 'drizzle', table: '__drizzle_migrations' } as const;

type RecordName = { readonly schema: string; readonly table: string };

const target = (record: RecordName) => sql`${sql.identifier(record.schema)}.${sql.identifier(record.table)}`;

/** The migrations of this version, in order, with the hash and time drizzle records for each. */
export function shippedMigrations(): MigrationMeta[] {
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
}

/** Whether the table exists, read from the catalog (which needs no privilege on the schema). */
async function recordExists(warehouse: Warehouse, record: RecordName): Promise<boolean> {
  const [row] = await warehouse.query<{ ok: boolean }>(sql`
    select exists (
      select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${record.schema} and c.relname = ${record.table}
    ) as ok`);
  return Boolean(row?.ok);
}

/** Rows of the project's record; 0 when there is none. */
export async function countRecorded(warehouse: Warehouse): Promise<number> {
  if (!(await recordExists(warehouse, MIGRATION_RECORD))) return 0;
  const [row] = await warehouse.query<{ n: number | string }>(sql`select count(*) as n from ${target(MIGRATION_RECORD)}`);
  return Number(row?.n ?? 0);
}

/** The legacy record's rows for this project's migrations (matched on their hashes), oldest first. */
async function legacyRows(warehouse: Warehouse): Promise<Array<{ hash: string; created_at: string | number | null }>> {
  if (!(await recordExists(warehouse, LEGACY_MIGRATION_RECORD))) return [];
  const hashes = shippedMigrations().map((m) => m.hash);
  return warehouse.query(sql`
    select hash, created_at from ${target(LEGACY_MIGRATION_RECORD)}
    where hash in ${hashes} order by created_at, id`);
}

/**
 * A warehouse migrated by an earlier version has its record in
 * `drizzle.__drizzle_migrations`: copies the rows of this project's
 * migrations (none of another application's) into `altegio.schema_migrations`,
 * so that migrating applies only what is missing. Does nothing once the
 * project's record has rows. Leaves the legacy record as it is. Returns the
 * rows copied. Run it where migrations run (under their lock).
 */
export async function adoptLegacyRecord(warehouse: Warehouse): Promise<number> {
  if ((await countRecorded(warehouse)) > 0) return 0;
  const seen = new Set<string>();
  const rows = (await legacyRows(warehouse)).filter((r) => !seen.has(r.hash) && seen.add(r.hash));
  if (rows.length === 0) return 0;
  await warehouse.db.transaction(async (tx) => {
    await tx.execute(sql`create schema if not exists ${sql.identifier(MIGRATION_RECORD.schema)}`);
    // The table exactly as drizzle's migrator creates it.
    await tx.execute(sql`create table if not exists ${target(MIGRATION_RECORD)} (id serial primary key, hash text not null, created_at bigint)`);
    for (const row of rows) {
      await tx.execute(sql`insert into ${target(MIGRATION_RECORD)} (hash, created_at) values (${row.hash}, ${row.created_at})`);
    }
  });
  return rows.length;
}

/** The `created_at` of the latest migration recorded, or null when none is (or the record cannot be read). */
async function lastRecorded(warehouse: Warehouse): Promise<number | null> {
  if (await recordExists(warehouse, MIGRATION_RECORD)) {
    const [row] = await warehouse.query<{ last: string | number | null }>(sql`select max(created_at) as last from ${target(MIGRATION_RECORD)}`);
    if (row?.last !== null && row?.last !== undefined) return Number(row.last);
  }
  // Migrated by an earlier version and not since: the legacy record counts, when this role may read it.
  const legacy = await legacyRows(warehouse).catch(() => []);
  const last = legacy.at(-1)?.created_at;
  return last === null || last === undefined ? null : Number(last);
}

/**
 * How many of the migrations this version ships the warehouse lacks, by the
 * rule drizzle's migrator applies them (those newer than the latest
 * recorded): all of them when it was never migrated. Only reads.
 */
export async function pendingMigrations(warehouse: Warehouse): Promise<number> {
  const last = await lastRecorded(warehouse);
  return shippedMigrations().filter((m) => last === null || m.folderMillis > last).length;
}
