import { getViewConfig, isPgView, PgDialect, type PgView } from 'drizzle-orm/pg-core';
import * as biSchema from '../db/schema/bi.js';

/** Every BI view that src/db/schema/bi.ts declares (so a new view cannot be left out of the tests). */
export const BI_VIEWS: readonly PgView[] = (Object.values(biSchema) as unknown[]).filter(isPgView);

/** The SELECT a view is defined as, as migrations write it. */
export function viewDefinition(view: PgView): string {
  const { name, query } = getViewConfig(view);
  if (!query) throw new Error(`view ${name} has no query`);
  return new PgDialect().sqlToQuery(query).sql;
}
