import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { migrateWarehouse } from '../../db/migrate.js';
import { loggerFor } from '../context.js';
import { openReachableWarehouse } from '../reach.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the warehouse migrations to DATABASE_URL (or the embedded warehouse); safe to re-run')
    .action(async () => {
      const config = loadConfig();
      const log = loggerFor(config);
      const warehouse = await openReachableWarehouse(config);
      try {
        const { applied } = await migrateWarehouse(warehouse);
        log.info(applied > 0 ? `applied ${applied} migration(s) to ${warehouse.where}` : `${warehouse.where} is up to date`);
      } finally {
        await warehouse.close();
      }
    });
}
