import type { Warehouse } from './connect.js';
import { applyComments } from './dictionary-comments.js';
import { adoptLegacyRecord, countRecorded, MIGRATION_RECORD, MIGRATIONS_FOLDER } from './migration-record.js';

export { MIGRATIONS_FOLDER } from './migration-record.js';

/**
 * Applies every pending migration, then the data dictionary as comments on
 * tables, views and columns (src/db/dictionary-comments.ts). The record of
 * applied migrations is `altegio.schema_migrations` (see
 * src/db/migration-record.ts; one kept by an earlier version in
 * `drizzle.__drizzle_migrations` is carried over first). Idempotent, and safe
 * when several processes start at once: they queue on an advisory lock.
 * Returns how many migrations it applied.
 */
export async function migrateWarehouse(warehouse: Warehouse): Promise<{ applied: number }> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: MIGRATION_RECORD.schema, migrationsTable: MIGRATION_RECORD.table };
  const migrate =
    warehouse.kind === 'pglite'
      ? (await import('drizzle-orm/pglite/migrator')).migrate
      : (await import('drizzle-orm/postgres-js/migrator')).migrate;
  const run = async () => {
    await adoptLegacyRecord(warehouse);
    const before = await countRecorded(warehouse);
    await migrate(warehouse.db as never, config);
    // The data dictionary goes into Postgres comments under the same lock (a no-op when current).
    await applyComments(warehouse);
    return { applied: (await countRecorded(warehouse)) - before };
  };
  // One process owns an embedded warehouse.
  if (warehouse.kind === 'pglite') return run();
  // Wait (not try) for the lock: the second process must find the schema ready.
  const locked = await warehouse.withLock('altegio-sync:migrate', run, { wait: true });
  if (!locked.acquired) throw new Error('the migration lock was not granted');
  return locked.value;
}
