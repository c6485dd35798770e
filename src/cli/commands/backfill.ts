import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { selectStreams, STREAMS } from '../../jobs/index.js';
import { submitPass } from '../../queue/submit.js';
import { runPass } from '../../sync/pass.js';
import type { DateWindow } from '../../sync/types.js';
import { parseApiDate } from '../../util/dates.js';
import { createClient, describeRun, loggerFor, openMigratedWarehouse, pagePrinter } from '../context.js';
import { parseNameList, pickLocations } from '../options.js';

/** `--from`/`--to` as a window; fails naming the flag. */
export function parseWindow(from?: string, to?: string): DateWindow {
  const read = (value: string | undefined, flag: string) => {
    let date: string | null = null;
    try {
      date = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseApiDate(value) : null;
    } catch {
      date = null;
    }
    if (!date) throw new ConfigError(`${flag} expects a date YYYY-MM-DD, e.g. ${flag} 2026-01-01 (got ${value ?? 'nothing'})`, flag);
    return date;
  };
  const window = { from: read(from, '--from'), to: read(to, '--to') };
  if (window.from > window.to) throw new ConfigError(`--from ${window.from} is after --to ${window.to}`, '--from');
  return window;
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description(
      're-read a date range (each location\'s local dates) for the date-windowed streams, refresh the others and bring ' +
        'clients up to date; resumable, and never moves an incremental cursor backwards',
    )
    .requiredOption('--from <date>', 'first local date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last local date, YYYY-MM-DD (included)')
    .option('--streams <names>', `comma-separated streams (default all: ${STREAMS.map((s) => s.name).join(', ')})`)
    .option('--locations <ids>', 'comma-separated location ids (default ALTEGIO_LOCATION_IDS)')
    .option(
      '--enqueue',
      'add the backfill to the BullMQ queue (REDIS_URL) as jobs of ALTEGIO_BACKFILL_CHUNK_DAYS days per stream and location, for `altegio-sync worker` processes',
    )
    .option('--wait', 'with --enqueue: show progress until the jobs have finished; exit non-zero if one failed')
    .action(async (opts: { from: string; to: string; streams?: string; locations?: string; enqueue?: boolean; wait?: boolean }) => {
      const config = loadConfig();
      const log = loggerFor(config);
      const window = parseWindow(opts.from, opts.to);
      const streams = selectStreams(opts.streams ? parseNameList(opts.streams) : []);
      if (opts.wait && !opts.enqueue) throw new ConfigError('--wait needs --enqueue (a backfill in this process always waits)', '--wait');
      if (opts.enqueue) {
        const locationIds = pickLocations(config.locationIds, opts.locations);
        if (locationIds.length === 0) throw new ConfigError('ALTEGIO_LOCATION_IDS is required; for example ALTEGIO_LOCATION_IDS=720441', 'ALTEGIO_LOCATION_IDS');
        const ok = await submitPass(config, log, { mode: 'backfill', streams, locationIds, window, wait: Boolean(opts.wait) });
        if (!ok) process.exitCode = 1;
        return;
      }
      const client = createClient(config, log);
      const locationIds = pickLocations(config.locationIds, opts.locations);
      const warehouse = await openMigratedWarehouse(config, log);
      try {
        const result = await runPass(
          { warehouse, client, config, log, onPage: pagePrinter(log, config.rateLimit.perMinute) },
          { streams, locationIds, chainId: config.chainId, mode: 'backfill', window },
        );
        for (const run of result.runs) (run.status === 'succeeded' ? log.info.bind(log) : log.error.bind(log))(describeRun(run));
        if (!result.ok) process.exitCode = 1;
      } finally {
        await warehouse.close();
      }
    });
}
