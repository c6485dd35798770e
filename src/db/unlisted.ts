import { and, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './connect.js';

/**
 * What a complete listing implies for the rows it no longer has. Source
 * tables keep them, marked `deleted_at` (cleared again by the upsert when the
 * row comes back); derived tables (analytics) hold figures, not entities, and
 * drop them.
 */

/** A source table whose rows can disappear at the source. */
export type SoftDeleteTable = PgTable & { id: PgColumn; deletedAt: PgColumn; syncedAt: PgColumn };

/** An id list as one `bigint[]` parameter, however long (Postgres takes at most 65,535 parameters). */
export const idArray = (ids: readonly number[]): SQL => sql`${`{${ids.join(',')}}`}::bigint[]`;

/** Marks every live row of `where` deleted; returns how many (they count as updates). */
export async function markGone(tx: Tx, table: SoftDeleteTable, where: SQL | undefined): Promise<number> {
  const gone = await tx
    .update(table)
    .set({ deletedAt: sql`now()`, syncedAt: sql`now()` } as never)
    .where(and(where, isNull(table.deletedAt)))
    .returning({ id: table.id });
  return gone.length;
}

/**
 * Marks the live rows of `slice` (a location's staff, some clients' visits,
 * the transactions of some dates) whose id the complete listing of that
 * slice did not have; returns how many.
 */
export function markUnlisted(tx: Tx, table: SoftDeleteTable, slice: SQL | undefined, listed: readonly number[]): Promise<number> {
  return markGone(tx, table, and(slice, sql`${table.id} <> all(${idArray(listed)})`));
}

/** Deletes the rows of `slice` of a derived table whose `key` the complete answer did not have; returns how many. */
export async function deleteUnlisted(
  tx: Tx,
  table: PgTable,
  slice: SQL | undefined,
  key: PgColumn,
  listed: readonly (string | number)[],
): Promise<number> {
  const gone = await tx
    .delete(table)
    .where(and(slice, listed.length > 0 ? notInArray(key, [...listed]) : undefined))
    .returning({ key });
  return gone.length;
}
