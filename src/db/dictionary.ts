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

/** The area files' entries, by file, in the order docs/warehouse.md lists them. */
export const DICTIONARY_AREAS: Readonly<Record<string, Dictionary>> = {
  'dictionary-core.ts': CORE,
  'dictionary-records.ts': RECORDS,
  'dictionary-finance.ts': FINANCE,
  'dictionary-loyalty.ts': LOYALTY,
  'dictionary-analytics.ts': ANALYTICS,
  'dictionary-sync.ts': SYNC,
  'dictionary-bi.ts': BI,
};

/** Every table and view of the warehouse, in the order docs/warehouse.md lists them. */
export const DICTIONARY: Dictionary = Object.assign({}, ...Object.values(DICTIONARY_AREAS)) as Dictionary;

/**
 * Relations described in more than one area file. Merged, the later entry
 * would replace the earlier one without a word, and the two descriptions of
 * its columns would drift apart; `npm run docs:check` fails on each.
 */
export function describedTwice(areas: Readonly<Record<string, Dictionary>> = DICTIONARY_AREAS): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const [file, entries] of Object.entries(areas)) {
    for (const key of Object.keys(entries)) {
      const first = seen.get(key);
      if (first) problems.push(`${key}: described in both src/db/${first} and src/db/${file}; keep one`);
      else seen.set(key, file);
    }
  }
  return problems;
}
