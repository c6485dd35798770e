import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { grantReader } from '../../db/reader-role.js';
import { ConfigError } from '../../errors.js';
import { loggerFor, openMigratedWarehouse } from '../context.js';

export function registerGrantReader(program: Command): void {
  program
    .command('grant-reader')
    .description(
      'create or update a login role that can read the warehouse and its BI views and nothing else; ' +
        'the password comes from ALTEGIO_READER_PASSWORD (never from an argument); safe to re-run',
    )
    .option('--role <name>', 'role name', 'altegio_reader')
    .action(async (opts: { role: string }) => {
      const config = loadConfig();
      const password = process.env.ALTEGIO_READER_PASSWORD;
      if (!password) {
        throw new ConfigError('ALTEGIO_READER_PASSWORD is required; for example ALTEGIO_READER_PASSWORD=a-long-random-password', 'ALTEGIO_READER_PASSWORD');
      }
      if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required: the embedded warehouse has no roles', 'DATABASE_URL');
      const log = loggerFor(config);
      const warehouse = await openMigratedWarehouse(config, log);
      try {
        const { created, warnings } = await grantReader(warehouse, opts.role, password);
        log.info(`${created ? 'created' : 'updated'} role ${opts.role}: read-only access to the altegio and altegio_bi schemas`);
        for (const warning of warnings) log.warn(warning);
      } finally {
        await warehouse.close();
      }
    });
}
