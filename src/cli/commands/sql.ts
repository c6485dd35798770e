import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import type { Warehouse } from '../../db/connect.js';
import { rolePowers } from '../../db/reader-role.js';
import { openReadOnlyWarehouse } from '../context.js';
import { leadingKeyword, splitStatements } from '../statements.js';
import { renderRows } from '../table.js';
import { UsageError } from '../usage-error.js';

/** The statements `sql` runs: queries. COPY, DO, CALL, SET and the rest are refused before connecting. */
export const QUERY_KEYWORDS = ['select', 'with', 'values', 'table', 'show', 'explain'] as const;

interface SqlFlags {
  json?: boolean;
  dataDir?: string;
  allowSuperuser?: boolean;
}

/** Refuses (exit 2) a text that is not exactly one query. */
export function checkQuery(query: string): void {
  const statements = splitStatements(query);
  if (statements.length !== 1) {
    throw new UsageError(
      `sql takes one statement; got ${statements.length === 0 ? 'none' : statements.length}: run each query with its own \`altegio-sync sql\``,
      '<query>',
    );
  }
  const keyword = leadingKeyword(statements[0]!);
  if (!(QUERY_KEYWORDS as readonly string[]).includes(keyword)) {
    throw new UsageError(`sql runs a query (${QUERY_KEYWORDS.join(', ')}); got ${keyword.toUpperCase()}, which it does not run`, '<query>');
  }
}

/** Refuses (exit 2) a role that could get around the read-only transaction, unless --allow-superuser. */
async function refusePowerfulRole(warehouse: Warehouse): Promise<void> {
  const { role, superuser, ownsSchema } = await rolePowers(warehouse);
  if (!superuser && !ownsSchema) return;
  const what = superuser ? 'is a superuser (or may become one)' : 'owns the schema altegio';
  throw new UsageError(
    `sql: the role ${role} of DATABASE_URL ${what}, and such a role can get around a read-only transaction; ` +
      'connect as the role `altegio-sync grant-reader` creates (DATABASE_URL=postgres://altegio_reader@…), or pass --allow-superuser',
    '--allow-superuser',
  );
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description(
      'run one read-only query against the warehouse and print the rows (handy for the embedded one); ' +
        'one statement, in a read-only transaction, never as a superuser or the schema owner without --allow-superuser',
    )
    .argument('<query>', 'the query, e.g. "select count(*) from altegio.clients"')
    .option('--json', 'print JSON instead of a table')
    .option('--data-dir <dir>', 'embedded warehouse directory (default ALTEGIO_DATA_DIR or .altegio-data)')
    .option('--allow-superuser', 'run the query even when the role of DATABASE_URL is a superuser or owns the schema altegio')
    .action(async (query: string, opts: SqlFlags) => {
      checkQuery(query);
      const env = loadConfig();
      const config = opts.dataDir ? { ...env, dataDir: opts.dataDir } : env;
      const warehouse = await openReadOnlyWarehouse(config);
      try {
        // The embedded warehouse has one user and no server to reach through it.
        if (warehouse.kind === 'postgres' && !opts.allowSuperuser) await refusePowerfulRole(warehouse);
        const rows = await warehouse.readOnlyStatement(query);
        process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : `${renderRows(rows)}\n`);
      } finally {
        await warehouse.close();
      }
    });
}
