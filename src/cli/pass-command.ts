import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { selectStreams } from '../jobs/index.js';
import { submitPass } from '../queue/submit.js';
import { runPass } from '../sync/pass.js';
import type { DateWindow, Mode } from '../sync/types.js';
import { createClient, describeRun, loggerFor, openMigratedWarehouse, pagePrinter } from './context.js';
import { parseNameList, pickLocations } from './options.js';

/** The flags `sync` and `backfill` share. */
export interface PassFlags {
  streams?: string;
  locations?: string;
  enqueue?: boolean;
  wait?: boolean;
}

/**
 * What `sync` and `backfill` do: one pass in this process, or the same work
 * as BullMQ jobs with `--enqueue` (and `--wait` for their outcome). Sets a
 * non-zero exit status when any stream did not complete.
 */
export async function runPassCommand(mode: Mode, flags: PassFlags, window?: DateWindow): Promise<void> {
  const config = loadConfig();
  const log = loggerFor(config);
  const streams = selectStreams(flags.streams ? parseNameList(flags.streams) : []);
  if (flags.wait && !flags.enqueue) throw new ConfigError(`--wait needs --enqueue (a ${mode} in this process always waits)`, '--wait');
  const locationIds = pickLocations(config.locationIds, flags.locations);
  if (flags.enqueue) {
    if (locationIds.length === 0) throw new ConfigError('ALTEGIO_LOCATION_IDS is required; for example ALTEGIO_LOCATION_IDS=720441', 'ALTEGIO_LOCATION_IDS');
    const ok = await submitPass(config, log, { mode, streams, locationIds, window, wait: Boolean(flags.wait) });
    if (!ok) process.exitCode = 1;
    return;
  }
  const client = createClient(config, log);
  const warehouse = await openMigratedWarehouse(config, log);
  try {
    const result = await runPass(
      { warehouse, client, config, log, onPage: pagePrinter(log, mode === 'backfill' ? config.rateLimit.perMinute : undefined) },
      { streams, locationIds, chainId: config.chainId, mode, window },
    );
    for (const run of result.runs) (run.status === 'succeeded' ? log.info.bind(log) : log.error.bind(log))(describeRun(run));
    if (!result.ok) process.exitCode = 1;
  } finally {
    await warehouse.close();
  }
}
