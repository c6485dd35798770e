import { getTableColumns, getTableName, is, sql, SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
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

/** Rows per statement: a page is one statement; bigger batches are cut to bound the statement's size. */
const ROWS_PER_STATEMENT = 2_000;
/** The query builder's path: Postgres takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

/**
 * Inserts `rows`, updating existing ones (same `key`) only where a column
 * really differs (`IS DISTINCT FROM`), so a re-read rewrites nothing.
 * `synced_at` is not compared; it moves only when the row is written.
 * Duplicate keys within the batch keep the last row.
 *
 * This is the hot path of every page, so the rows go to the server as one
 * JSON parameter, each row an array in column order
 * (`jsonb_array_elements`), each value cast from its text with the
 * column's own input function, the same conversion a bound parameter gets.
 * Building the equivalent multi-row VALUES with the query builder took about
 * as long as running the statement, and rows as JSON objects cost the server
 * a third more to parse than arrays (`npm run bench`, figure "load step").
 * It works unchanged on PGlite. A batch that
 * leaves a column with a default unset in some rows but not others goes
 * through the query builder, which writes DEFAULT per row.
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
  const plan = planColumns(columns, unique);
  let written = 0;
  let inserted = 0;
  const perStatement = plan ? ROWS_PER_STATEMENT : Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(columns).length));
  for (let i = 0; i < unique.length; i += perStatement) {
    const batch = unique.slice(i, i + perStatement);
    const result = plan ? await upsertAsJson(tx, table, columns, key, plan, batch) : await upsertWithBuilder(tx, table, columns, key, batch);
    written += result.length;
    inserted += result.filter((r) => r.inserted === true || r.inserted === 't').length;
  }
  return { inserted, updated: written - inserted, unchanged: unique.length - written };
}

/**
 * The columns to insert: a column with a default that no row gives is left
 * out (it takes its default, as DEFAULT would). Null sends the batch to the
 * query builder: rows disagree about a defaulted column, or a column has a
 * default computed in JS.
 */
function planColumns(columns: Record<string, PgColumn>, rows: Record<string, unknown>[]): Array<[string, PgColumn]> | null {
  const plan: Array<[string, PgColumn]> = [];
  for (const [prop, col] of Object.entries(columns)) {
    // Values computed in JS per row are the query builder's business.
    if (col.defaultFn !== undefined || col.onUpdateFn !== undefined) return null;
    const given = rows.filter((r) => r[prop] !== undefined).length;
    if (col.hasDefault && given === 0) continue;
    if (col.hasDefault && given !== rows.length) return null;
    plan.push([prop, col]);
  }
  return plan;
}

/** Assignments and the change guard of `ON CONFLICT … DO UPDATE`, shared by both paths. */
function conflictParts(table: PgTable, columns: Record<string, PgColumn>, key: readonly string[]) {
  const compared = Object.entries(columns).filter(([prop, col]) => !key.includes(prop) && col.name !== 'synced_at');
  const excluded = (col: PgColumn) => sql.raw(`excluded.${quote(col.name)}`);
  const current = (col: PgColumn) => sql.raw(`${quote(getTableName(table))}.${quote(col.name)}`);
  const changed = sql`(${sql.join(compared.map(([, c]) => current(c)), sql`, `)}) is distinct from (${sql.join(
    compared.map(([, c]) => excluded(c)),
    sql`, `,
  )})`;
  return { compared, excluded, changed };
}

type Returned = Array<{ inserted: unknown }>;

async function upsertAsJson(
  tx: Tx,
  table: PgTable,
  columns: Record<string, PgColumn>,
  key: readonly string[],
  plan: Array<[string, PgColumn]>,
  rows: Record<string, unknown>[],
): Promise<Returned> {
  const { compared, excluded, changed } = conflictParts(table, columns, key);
  const config = getTableConfig(table);
  const target = sql.raw(`${config.schema ? `${quote(config.schema)}.` : ''}${quote(config.name)}`);
  const names = sql.raw(plan.map(([, c]) => quote(c.name)).join(', '));
  const encoders = jsonColumns(plan);
  const payload = JSON.stringify(rows.map((row) => jsonRow(row, encoders)));
  // Each row a JSON array in plan order: no keys to parse, and each value read back by position.
  const values = sql.raw(encoders.map((e, i) => (e.json ? `(v->${i})::${e.column.getSQLType()}` : `(v->>${i})::${castType(e.column)}`)).join(', '));
  const assignments = compared.map(([, c]) => sql`${sql.raw(quote(c.name))} = ${excluded(c)}`);
  if ('syncedAt' in columns) assignments.push(sql`${sql.raw(quote(columns.syncedAt!.name))} = now()`);
  const conflictKey = sql.raw(key.map((k) => quote(columns[k]!.name)).join(', '));
  // `::text` first: a parameter typed jsonb would be JSON-encoded a second time by the driver.
  const statement = sql`insert into ${target} (${names})
    select ${values} from jsonb_array_elements((${payload}::text)::jsonb) as rows(v)
    on conflict (${conflictKey}) do update set ${sql.join(assignments, sql`, `)}
    where ${changed}
    returning (xmax = 0) as inserted`;
  const result = (await tx.execute(statement)) as unknown;
  return (Array.isArray(result) ? result : ((result as { rows?: Returned }).rows ?? [])) as Returned;
}

/** How a planned column goes into the JSON payload: worked out once per batch, not per value. */
interface JsonColumn {
  prop: string;
  name: string;
  column: PgColumn;
  /** json/jsonb: the value goes as a JSON value, not as text. */
  json: boolean;
}

function jsonColumns(plan: Array<[string, PgColumn]>): JsonColumn[] {
  return plan.map(([prop, column]) => {
    const type = column.getSQLType();
    return { prop, name: column.name, column, json: type === 'jsonb' || type === 'json' };
  });
}

/** One row as a JSON array in plan order, each value as the driver would have been given it. */
function jsonRow(row: Record<string, unknown>, columns: readonly JsonColumn[]): unknown[] {
  const out = new Array<unknown>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const { prop, name, column, json } = columns[i]!;
    const value = row[prop];
    if (value === undefined || value === null) {
      out[i] = null;
      continue;
    }
    if (typeof value === 'object' && is(value, SQL)) throw new Error(`upsertRows: ${name} is an SQL expression; pass values`);
    // json/jsonb stay JSON values; the rest take the driver's form (ISO text for instants, '{…}' for arrays).
    if (json) {
      out[i] = value;
      continue;
    }
    const driver = column.mapToDriverValue(value);
    // Numbers as the text a bound parameter would carry: jsonb would otherwise normalise 1e-7 to 0.0000001.
    out[i] = typeof driver === 'number' || typeof driver === 'bigint' ? String(driver) : driver;
  }
  return out;
}

/** The type a value read back as text is cast to: the column's, a serial as its integer. */
function castType(column: PgColumn): string {
  const type = column.getSQLType();
  return type === 'bigserial' ? 'bigint' : type === 'serial' ? 'integer' : type === 'smallserial' ? 'smallint' : type;
}

async function upsertWithBuilder(
  tx: Tx,
  table: PgTable,
  columns: Record<string, PgColumn>,
  key: readonly string[],
  rows: Record<string, unknown>[],
): Promise<Returned> {
  const { compared, excluded, changed } = conflictParts(table, columns, key);
  const set: Record<string, SQL> = {};
  for (const [prop, col] of compared) set[prop] = excluded(col);
  if ('syncedAt' in columns) set.syncedAt = sql`now()`;
  return tx
    .insert(table)
    .values(rows as never)
    .onConflictDoUpdate({ target: key.map((k) => columns[k]!), set: set as never, setWhere: changed })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
}

function dedupe<R extends Record<string, unknown>>(rows: R[], key: ReadonlyArray<string>): R[] {
  const byKey = new Map<string, R>();
  for (const row of rows) byKey.set(key.map((k) => String(row[k])).join('\u0001'), row);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
