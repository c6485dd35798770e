import { getTableColumns, getTableName, is, sql, SQL } from 'drizzle-orm';
import { getTableConfig, PgDialect, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
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
 * Separates the rows of the payload: chr(30). JSON.stringify writes every
 * control character inside a string as an escape (`\u001e`), so it never
 * occurs in a row's JSON text.
 */
const ROW_SEPARATOR = '\x1e';

const dialect = new PgDialect();

/** Where a stream's rows go when writing them is a plain upsert: the table and its key. */
export interface UpsertTarget {
  table: PgTable;
  key: readonly string[];
}

/**
 * Rows made ready to upsert, without the database: the runner prepares a
 * page as it maps it, while the pages before it commit, and then writes the
 * pages of a group together (`writePrepared`).
 */
export interface PreparedUpsert {
  table: PgTable;
  key: readonly string[];
  /** Distinct keys (the last row of each kept). */
  count: number;
  /** The JSON path: each row's key and its JSON text, an array in `plan` order. */
  json?: { plan: Array<[string, PgColumn]>; signature: string; keys: string[]; texts: string[] };
  /** The query builder's path (see planColumns). */
  rows?: Record<string, unknown>[];
}

/**
 * Inserts `rows`, updating existing ones (same `key`) only where a column
 * really differs (`IS DISTINCT FROM`), so a re-read rewrites nothing.
 * `synced_at` is not compared; it moves only when the row is written.
 * Duplicate keys within the batch keep the last row.
 */
export function upsertRows<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: T['$inferInsert'][],
  key: ReadonlyArray<keyof T['$inferInsert'] & string>,
): Promise<WriteCounts> {
  return writePrepared(tx, [prepareUpsert(table, rows, key)]);
}

/** The plain upsert of a stream's rows into `table` on `key`: `upsert: upsertInto(clients, ['locationId', 'id'])`. */
export function upsertInto<T extends PgTable>(table: T, key: ReadonlyArray<keyof T['$inferInsert'] & string>): UpsertTarget {
  return { table, key };
}

/**
 * Makes `rows` ready for `writePrepared`: all the work of an upsert that
 * needs no database.
 *
 * This is the hot path of every page, so the rows go to the server as one
 * text parameter: each row a JSON array in column order, the rows separated
 * by ROW_SEPARATOR. The server splits the text (`string_to_table`), parses
 * each row as jsonb and casts each value from its text with the column's
 * own input function, the same conversion a bound parameter gets. Building
 * the equivalent multi-row VALUES with the query builder took about as long
 * as running the statement; rows as JSON objects cost the server a third
 * more to parse than arrays; and parsing all the rows as one JSON array
 * cost it a quarter more than row by row (`npm run bench`, figure "load
 * step"). It works unchanged on PGlite. A batch that leaves a column with a
 * default unset in some rows but not others goes through the query builder,
 * which writes DEFAULT per row.
 */
export function prepareUpsert<T extends PgTable>(
  table: T,
  rows: T['$inferInsert'][],
  key: ReadonlyArray<keyof T['$inferInsert'] & string>,
): PreparedUpsert {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const unique = dedupe({ rows: rows as Record<string, unknown>[], keys: rows.map((row) => keyOf(row as Record<string, unknown>, key)) });
  const plan = planColumns(columns, unique.rows);
  if (!plan) return { table, key, count: unique.rows.length, rows: unique.rows };
  const encoders = jsonColumns(plan);
  const texts = unique.rows.map((row) => JSON.stringify(jsonRow(row, encoders)));
  return { table, key, count: texts.length, json: { plan, signature: plan.map(([prop]) => prop).join(), keys: unique.keys, texts } };
}

/**
 * Writes prepared batches, in order. Consecutive batches of the same table
 * and columns go in one statement (up to ROWS_PER_STATEMENT rows); a key
 * that comes again keeps its last row, as separate statements would leave it.
 */
export async function writePrepared(tx: Tx, batches: readonly PreparedUpsert[]): Promise<WriteCounts> {
  let counts = zeroCounts();
  for (let i = 0; i < batches.length; ) {
    let j = i + 1;
    while (j < batches.length && mergeable(batches[i]!, batches[j]!)) j++;
    counts = addCounts(counts, await writeBatch(tx, j - i === 1 ? batches[i]! : merge(batches.slice(i, j))));
    i = j;
  }
  return counts;
}

function mergeable(a: PreparedUpsert, b: PreparedUpsert): boolean {
  return a.table === b.table && a.key.join() === b.key.join() && a.json !== undefined && a.json.signature === b.json?.signature;
}

function merge(batches: readonly PreparedUpsert[]): PreparedUpsert {
  const unique = dedupe({ rows: batches.flatMap((b) => b.json!.texts), keys: batches.flatMap((b) => b.json!.keys) });
  const first = batches[0]!;
  return { ...first, count: unique.rows.length, json: { ...first.json!, keys: unique.keys, texts: unique.rows } };
}

async function writeBatch(tx: Tx, batch: PreparedUpsert): Promise<WriteCounts> {
  const columns = getTableColumns(batch.table) as Record<string, PgColumn>;
  const { json, rows = [] } = batch;
  let written = 0;
  let inserted = 0;
  const perStatement = json ? ROWS_PER_STATEMENT : Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(columns).length));
  for (let i = 0; i < batch.count; i += perStatement) {
    const result = json
      ? await upsertAsJson(tx, batch.table, columns, batch.key, json.plan, json.texts.slice(i, i + perStatement))
      : await upsertWithBuilder(tx, batch.table, columns, batch.key, rows.slice(i, i + perStatement));
    written += result.written;
    inserted += result.inserted;
  }
  return { inserted, updated: written - inserted, unchanged: batch.count - written };
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

/** Rows one statement wrote (inserted or changed), and of those how many it inserted. */
interface Written {
  written: number;
  inserted: number;
}

/**
 * The JSON path's statement for a table, its columns and key, built once:
 * the text before and after its one parameter (the payload).
 */
const jsonStatements = new Map<string, [string, string]>();

async function upsertAsJson(
  tx: Tx,
  table: PgTable,
  columns: Record<string, PgColumn>,
  key: readonly string[],
  plan: Array<[string, PgColumn]>,
  texts: readonly string[],
): Promise<Written> {
  const config = getTableConfig(table);
  const id = `${config.schema ?? ''}.${config.name}|${plan.map(([prop]) => prop).join()}|${key.join()}`;
  let parts = jsonStatements.get(id);
  if (parts === undefined) {
    const text = jsonStatement(table, columns, key, plan);
    const at = text.indexOf(PAYLOAD);
    parts = [text.slice(0, at), text.slice(at + PAYLOAD.length)];
    jsonStatements.set(id, parts);
  }
  const statement = sql`${sql.raw(parts[0])}${texts.join(ROW_SEPARATOR)}${sql.raw(parts[1])}`;
  const result = (await tx.execute(statement)) as unknown;
  const [row] = (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Array<{ written: unknown; inserted: unknown }>;
  return { written: Number(row?.written ?? 0), inserted: Number(row?.inserted ?? 0) };
}

/** Where the payload goes in the statement's text. */
const PAYLOAD = '$1';

/**
 * `$1` is the payload. Only the two counts come back, not a row per row
 * written.
 */
function jsonStatement(table: PgTable, columns: Record<string, PgColumn>, key: readonly string[], plan: Array<[string, PgColumn]>): string {
  const { compared, excluded, changed } = conflictParts(table, columns, key);
  const config = getTableConfig(table);
  const target = sql.raw(`${config.schema ? `${quote(config.schema)}.` : ''}${quote(config.name)}`);
  const names = sql.raw(plan.map(([, c]) => quote(c.name)).join(', '));
  // Each row a JSON array in plan order: no keys to parse, and each value read back by position.
  const values = sql.raw(
    jsonColumns(plan)
      .map((e, i) => (e.json ? `(v->${i})::${e.column.getSQLType()}` : `(v->>${i})::${castType(e.column)}`))
      .join(', '),
  );
  const assignments = compared.map(([, c]) => sql`${sql.raw(quote(c.name))} = ${excluded(c)}`);
  if ('syncedAt' in columns) assignments.push(sql`${sql.raw(quote(columns.syncedAt!.name))} = now()`);
  const conflictKey = sql.raw(key.map((k) => quote(columns[k]!.name)).join(', '));
  // `offset 0` keeps a row's jsonb one value, parsed once rather than once per column.
  const statement = sql`with written as (
    insert into ${target} (${names})
    select ${values} from string_to_table($1::text, chr(30)) as rows(t), lateral (select t::jsonb offset 0) as parsed(v)
    on conflict (${conflictKey}) do update set ${sql.join(assignments, sql`, `)}
    where ${changed}
    returning (xmax = 0) as inserted)
    select count(*)::int as written, (count(*) filter (where inserted))::int as inserted from written`;
  return dialect.sqlToQuery(statement).sql;
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
    if (typeof value === 'object' && isExpression(value)) throw new Error(`upsertRows: ${name} is an SQL expression; pass values`);
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

/** An SQL expression, not a value; the common values (dates, arrays, plain objects) are ruled out first, cheaply. */
function isExpression(value: object): boolean {
  if (value instanceof Date || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto !== Object.prototype && proto !== null && is(value, SQL);
}

async function upsertWithBuilder(
  tx: Tx,
  table: PgTable,
  columns: Record<string, PgColumn>,
  key: readonly string[],
  rows: Record<string, unknown>[],
): Promise<Written> {
  const { compared, excluded, changed } = conflictParts(table, columns, key);
  const set: Record<string, SQL> = {};
  for (const [prop, col] of compared) set[prop] = excluded(col);
  if ('syncedAt' in columns) set.syncedAt = sql`now()`;
  const result = await tx
    .insert(table)
    .values(rows as never)
    .onConflictDoUpdate({ target: key.map((k) => columns[k]!), set: set as never, setWhere: changed })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return { written: result.length, inserted: result.filter((r) => r.inserted === true || (r.inserted as unknown) === 't').length };
}

function keyOf(row: Record<string, unknown>, key: ReadonlyArray<string>): string {
  return key.length === 1 ? String(row[key[0]!]) : key.map((k) => String(row[k])).join('\u0001');
}

/** The last row of each key, in the order of those last rows. */
function dedupe<R>(batch: { rows: R[]; keys: string[] }): { rows: R[]; keys: string[] } {
  const last = new Map<string, number>();
  batch.keys.forEach((k, i) => last.set(k, i));
  if (last.size === batch.keys.length) return batch;
  const rows: R[] = [];
  const keys: string[] = [];
  batch.keys.forEach((k, i) => {
    if (last.get(k) !== i) return;
    rows.push(batch.rows[i]!);
    keys.push(k);
  });
  return { rows, keys };
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
