import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { selectStreams, STREAMS } from '../../jobs/index.js';
import { submitPass } from '../../queue/submit.js';
import { runPass } from '../../sync/pass.js';
import { createClient, describeRun, loggerFor, openMigratedWarehouse, pagePrinter } from '../context.js';
import { parseNameList, pickLocations } from '../options.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('one incremental pass over every enabled stream, in this process (no Redis needed)')
    .option('--streams <names>', `comma-separated streams (default all: ${STREAMS.map((s) => s.name).join(', ')})`)
    .option('--locations <ids>', 'comma-separated location ids (default ALTEGIO_LOCATION_IDS)')
    .option('--enqueue', 'add the pass to the BullMQ queue (REDIS_URL) for `altegio-sync worker` processes instead of running it here')
    .option('--wait', 'with --enqueue: show progress until the jobs have finished; exit non-zero if one failed')
    .action(async (opts: { streams?: string; locations?: string; enqueue?: boolean; wait?: boolean }) => {
      const config = loadConfig();
      const log = loggerFor(config);
      const streams = selectStreams(opts.streams ? parseNameList(opts.streams) : []);
      if (opts.wait && !opts.enqueue) throw new ConfigError('--wait needs --enqueue (a pass in this process always waits)', '--wait');
      if (opts.enqueue) {
        const locationIds = pickLocations(config.locationIds, opts.locations);
        if (locationIds.length === 0) throw new ConfigError('ALTEGIO_LOCATION_IDS is required; for example ALTEGIO_LOCATION_IDS=720441', 'ALTEGIO_LOCATION_IDS');
        const ok = await submitPass(config, log, { mode: 'sync', streams, locationIds, wait: Boolean(opts.wait) });
        if (!ok) process.exitCode = 1;
        return;
      }
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
