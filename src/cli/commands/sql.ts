import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import { loggerFor, openMigratedWarehouse } from '../context.js';
import { renderRows } from '../table.js';

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run one read-only SQL query against the warehouse and print the rows (handy for the embedded one)')
    .argument('<query>', 'the query, e.g. "select count(*) from altegio.clients"')
    .option('--json', 'print JSON instead of a table')
    .option('--data-dir <dir>', 'embedded warehouse directory (default ALTEGIO_DATA_DIR or .altegio-data)')
    .action(async (query: string, opts: { json?: boolean; dataDir?: string }) => {
      const env = loadConfig();
      const config = opts.dataDir ? { ...env, dataDir: opts.dataDir } : env;
      const warehouse = await openMigratedWarehouse(config, loggerFor(config));
      try {
        const rows = await warehouse.db.transaction(async (tx) => {
          await tx.execute(sql`set transaction read only`);
          const result = await tx.execute(sql.raw(query));
          return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
        });
        process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : `${renderRows(rows)}\n`);
      } finally {
        await warehouse.close();
      }
    });
}
