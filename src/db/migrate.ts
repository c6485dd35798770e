import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Warehouse } from './connect.js';
import { applyComments } from './dictionary-comments.js';

/** The migrations folder shipped with the package (same depth from src/ and dist/). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Applies every pending migration, then the data dictionary as comments on
 * tables, views and columns (src/db/dictionary-comments.ts). Idempotent, and
 * safe when several processes start at once: they queue on an advisory lock.
 */
export async function migrateWarehouse(warehouse: Warehouse): Promise<{ applied: number }> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: 'drizzle' };
  const before = await countApplied(warehouse);
  if (warehouse.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(warehouse.db as never, config);
    await applyComments(warehouse);
  } else {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    // Wait (not try) for the lock: the second process must find the schema ready.
    // The data dictionary goes into Postgres comments under the same lock (a no-op when current).
    await warehouse.withLock(
      'altegio-sync:migrate',
      async () => {
        await migrate(warehouse.db as never, config);
        await applyComments(warehouse);
      },
      { wait: true },
    );
  }
  return { applied: (await countApplied(warehouse)) - before };
}

async function countApplied(warehouse: Warehouse): Promise<number> {
  const [exists] = await warehouse.query<{ ok: boolean }>(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!exists?.ok) return 0;
  const [row] = await warehouse.query<{ n: number | string }>(sql`select count(*) as n from drizzle.__drizzle_migrations`);
  return Number(row?.n ?? 0);
}
