/**
 * The data dictionary: what every table, view and column of the warehouse
 * means, for people who read it in SQL. docs/warehouse.md is generated from it
 * and the Drizzle schema (scripts/warehouse-docs.ts); `migrate` copies it into
 * Postgres comments, which BI tools show next to the columns. A column with no
 * entry here fails `npm run docs:check`.
 *
 * Entries live in one file per area (dictionary-core, -records, -finance,
 * -loyalty, -analytics, -sync, -bi), keyed by `schema.table` and SQL column name.
 */
import { ANALYTICS } from './dictionary-analytics.js';
import { BI } from './dictionary-bi.js';
import { CORE } from './dictionary-core.js';
import { FINANCE } from './dictionary-finance.js';
import { LOYALTY } from './dictionary-loyalty.js';
import { RECORDS } from './dictionary-records.js';
import { SYNC } from './dictionary-sync.js';
import type { Dictionary } from './dictionary-words.js';

export type { ColumnDoc, Dictionary, RelationDoc } from './dictionary-words.js';

/** Every table and view of the warehouse, in the order docs/warehouse.md lists them. */
export const DICTIONARY: Dictionary = { ...CORE, ...RECORDS, ...FINANCE, ...LOYALTY, ...ANALYTICS, ...SYNC, ...BI };
