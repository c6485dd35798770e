import { is, SQL } from 'drizzle-orm';
import { getTableConfig, getViewConfig, isPgView, PgTable, type PgColumn, type PgView } from 'drizzle-orm/pg-core';
import * as schema from '../db/schema/index.js';

/** A column as the documentation shows it. */
export interface ColumnInfo {
  name: string;
  /** SQL type, e.g. `numeric`, `timestamp with time zone`. */
  type: string;
  notNull: boolean;
}

/** A table or view of the warehouse, read from the Drizzle schema. */
export interface RelationInfo {
  kind: 'table' | 'view';
  schema: string;
  name: string;
  /** `schema.name`: the dictionary's key. */
  key: string;
  columns: ColumnInfo[];
  /** Primary-key columns (empty for views). */
  primaryKey: string[];
  indexes: { name: string; columns: string[]; unique: boolean }[];
  /** A view's SELECT. */
  definition?: string;
}

const columnInfo = (c: PgColumn): ColumnInfo => ({ name: c.name, type: c.getSQLType(), notNull: c.notNull });

function tableInfo(table: PgTable): RelationInfo {
  const config = getTableConfig(table);
  const composite = config.primaryKeys[0]?.columns.map((c) => c.name);
  const schemaName = config.schema ?? 'public';
  return {
    kind: 'table',
    schema: schemaName,
    name: config.name,
    key: `${schemaName}.${config.name}`,
    columns: config.columns.map(columnInfo),
    primaryKey: composite ?? config.columns.filter((c) => c.primary).map((c) => c.name),
    indexes: config.indexes.map((i) => ({
      name: i.config.name ?? '(unnamed)',
      columns: i.config.columns.map((c) => (is(c, SQL) ? '(expression)' : ((c as { name?: string }).name ?? '?'))),
      unique: i.config.unique,
    })),
  };
}

function viewInfo(view: PgView, definition: (view: PgView) => string): RelationInfo {
  const config = getViewConfig(view);
  const schemaName = config.schema ?? 'public';
  return {
    kind: 'view',
    schema: schemaName,
    name: config.name,
    key: `${schemaName}.${config.name}`,
    columns: Object.values(config.selectedFields).map((c) => columnInfo(c as PgColumn)),
    primaryKey: [],
    indexes: [],
    definition: definition(view),
  };
}

/** Every table and view the schema exports: what drizzle-kit turns into migrations. */
export function warehouseRelations(definition: (view: PgView) => string): RelationInfo[] {
  const out: RelationInfo[] = [];
  for (const value of Object.values(schema)) {
    if (is(value, PgTable)) out.push(tableInfo(value));
    else if (isPgView(value)) out.push(viewInfo(value, definition));
  }
  return out;
}
