import { sql } from 'drizzle-orm';
import type { Warehouse } from './connect.js';
import { DICTIONARY, type Dictionary } from './dictionary.js';

/** Schemas whose tables, views and columns get the dictionary as Postgres comments. */
const SCHEMAS = ['altegio', 'altegio_bi'];

interface Existing {
  schema: string;
  relation: string;
  column_name: string | null;
  /** `pg_class.relkind`: 'r' table, 'v' view, 'm' materialized view, 'p' partitioned table. */
  kind: string;
  comment: string | null;
}

/** Plain text for a BI tool's tooltip: the dictionary's Markdown without backticks. */
const plain = (text: string): string => text.replaceAll('`', '');

/** The comment of a relation: what a row is, then where the rows come from. */
export function relationComment(about: string, source: string): string {
  return plain(`${about} Source: ${source}`);
}

/** The comment of a column: its meaning, source and units. */
export function columnComment(doc: { meaning: string; source?: string; units?: string }): string {
  const parts = [doc.meaning];
  if (doc.source) parts.push(`Source: ${doc.source}.`);
  if (doc.units) parts.push(`Units: ${doc.units}.`);
  return plain(parts.join(' '));
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * Writes the dictionary into `COMMENT ON TABLE / VIEW / COLUMN`, so Metabase,
 * Superset, Power BI and psql's `\d+` show each column's meaning. Only
 * comments that differ are written (a second run writes nothing), and only on
 * relations and columns that exist, in one transaction. Returns the number of
 * comments written.
 */
export async function applyComments(warehouse: Warehouse, dictionary: Dictionary = DICTIONARY): Promise<number> {
  const schemas = sql.raw(SCHEMAS.map(literal).join(', '));
  const rows = await warehouse.query<Existing>(sql`
    select n.nspname as schema, c.relname as relation, null::text as column_name, c.relkind::text as kind,
           obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in (${schemas}) and c.relkind in ('r', 'v', 'm', 'p')
    union all
    select n.nspname, c.relname, a.attname::text, c.relkind::text, col_description(c.oid, a.attnum)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname in (${schemas}) and c.relkind in ('r', 'v', 'm', 'p')`);
  const existing = new Map(rows.map((r) => [`${r.schema}.${r.relation}${r.column_name === null ? '' : `.${r.column_name}`}`, r]));
  const statements: string[] = [];
  for (const [key, doc] of Object.entries(dictionary)) {
    const relation = existing.get(key);
    if (!relation) continue;
    const [schema, name] = key.split('.') as [string, string];
    const target = `${ident(schema)}.${ident(name)}`;
    const what = relation.kind === 'v' ? 'view' : relation.kind === 'm' ? 'materialized view' : 'table';
    const comment = relationComment(doc.about, doc.source);
    if (relation.comment !== comment) statements.push(`comment on ${what} ${target} is ${literal(comment)}`);
    for (const [column, columnDoc] of Object.entries(doc.columns)) {
      const current = existing.get(`${key}.${column}`);
      const text = columnComment(columnDoc);
      if (current && current.comment !== text) statements.push(`comment on column ${target}.${ident(column)} is ${literal(text)}`);
    }
  }
  if (statements.length === 0) return 0;
  await warehouse.db.transaction(async (tx) => {
    for (const statement of statements) await tx.execute(sql.raw(statement));
  });
  return statements.length;
}
