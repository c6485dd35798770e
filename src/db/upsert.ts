import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './connect.js';

/** What one batched upsert did. */
export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export const zeroCounts = (): WriteCounts => ({ inserted: 0, updated: 0, unchanged: 0 });

export function addCounts(a: WriteCounts, b: WriteCounts): WriteCounts {
  return { inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged };
}

/** Postgres takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

/**
 * Inserts `rows`, updating existing ones (same `key`) only where a column
 * really differs (`IS DISTINCT FROM`), so a re-read rewrites nothing.
 * `synced_at` is not compared; it moves only when the row is written.
 * Duplicate keys within the batch keep the last row.
 */
export async function upsertRows<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: T['$inferInsert'][],
  key: ReadonlyArray<keyof T['$inferInsert'] & string>,
): Promise<WriteCounts> {
  if (rows.length === 0) return zeroCounts();
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const unique = dedupe(rows as Record<string, unknown>[], key);
  const keys: readonly string[] = key;
  const compared = Object.entries(columns).filter(([prop, col]) => !keys.includes(prop) && col.name !== 'synced_at');
  const excluded = (col: PgColumn) => sql.raw(`excluded.${quote(col.name)}`);
  const current = (col: PgColumn) => sql.raw(`${quote(getTableName(table))}.${quote(col.name)}`);
  const set: Record<string, SQL> = {};
  for (const [prop, col] of compared) set[prop] = excluded(col);
  if ('syncedAt' in columns) set.syncedAt = sql`now()`;
  const changed = sql`(${sql.join(compared.map(([, c]) => current(c)), sql`, `)}) is distinct from (${sql.join(
    compared.map(([, c]) => excluded(c)),
    sql`, `,
  )})`;
  const perBatch = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(columns).length));
  let written = 0;
  let inserted = 0;
  for (let i = 0; i < unique.length; i += perBatch) {
    const batch = unique.slice(i, i + perBatch);
    const result = await tx
      .insert(table)
      .values(batch as never)
      .onConflictDoUpdate({ target: key.map((k) => columns[k]!), set: set as never, setWhere: changed })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    written += result.length;
    inserted += result.filter((r) => r.inserted).length;
  }
  return { inserted, updated: written - inserted, unchanged: unique.length - written };
}

function dedupe<R extends Record<string, unknown>>(rows: R[], key: ReadonlyArray<string>): R[] {
  const byKey = new Map<string, R>();
  for (const row of rows) byKey.set(key.map((k) => String(row[k])).join('\u0001'), row);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
