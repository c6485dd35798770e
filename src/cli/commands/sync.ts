import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { selectStreams, STREAMS } from '../../jobs/index.js';
import { runPass } from '../../sync/pass.js';
import { createClient, describeRun, loggerFor, openMigratedWarehouse, pagePrinter } from '../context.js';
import { parseNameList, pickLocations } from '../options.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('one incremental pass over every enabled stream, in this process (no Redis needed)')
    .option('--streams <names>', `comma-separated streams (default all: ${STREAMS.map((s) => s.name).join(', ')})`)
    .option('--locations <ids>', 'comma-separated location ids (default ALTEGIO_LOCATION_IDS)')
    .action(async (opts: { streams?: string; locations?: string }) => {
      const config = loadConfig();
      const log = loggerFor(config);
      const streams = selectStreams(opts.streams ? parseNameList(opts.streams) : []);
      const client = createClient(config, log);
      const locationIds = pickLocations(config.locationIds, opts.locations);
      const warehouse = await openMigratedWarehouse(config, log);
      try {
        const result = await runPass(
          { warehouse, client, config, log, onPage: pagePrinter(log) },
          { streams, locationIds, chainId: config.chainId },
        );
        for (const run of result.runs) (run.status === 'succeeded' ? log.info.bind(log) : log.error.bind(log))(describeRun(run));
        if (!result.ok) process.exitCode = 1;
      } finally {
        await warehouse.close();
      }
    });
}
