import { loadConfig, withOverrides } from '../config.js';
import { AltegioAuthError, ConfigError } from '../errors.js';
import { selectStreams } from '../jobs/index.js';
import { submitPass } from '../queue/submit.js';
import { runPass } from '../sync/pass.js';
import type { RunSummary } from '../sync/runner.js';
import type { DateWindow, Mode } from '../sync/types.js';
import type { Logger } from '../log.js';
import { createClient, describeRun, loggerFor, openMigratedWarehouse, pagePrinter, recorderFor } from './context.js';
import { parseNameList, pickLocations } from './options.js';

/** The flags `sync` and `backfill` share. */
export interface PassFlags {
  streams?: string;
  locations?: string;
  enqueue?: boolean;
  wait?: boolean;
  /** Write every API exchange, redacted, to this directory. */
  record?: string;
  /** Let the deletion sweep mark any share of a location's clients deleted. */
  allowMassDeletion?: boolean;
}

/**
 * What `sync` and `backfill` do: one pass in this process, or the same work
 * as BullMQ jobs with `--enqueue` (and `--wait` for their outcome). Sets a
 * non-zero exit status when any stream did not complete.
 */
export async function runPassCommand(mode: Mode, flags: PassFlags, window?: DateWindow): Promise<void> {
  const loaded = loadConfig();
  const config = flags.allowMassDeletion ? withOverrides(loaded, { sync: { ...loaded.sync, sweepMaxDeletedPercent: 100 } }) : loaded;
  const log = loggerFor(config);
  const named = flags.streams ? parseNameList(flags.streams) : [];
  const streams = selectStreams(named);
  if (flags.wait && !flags.enqueue) throw new ConfigError(`--wait needs --enqueue (a ${mode} in this process always waits)`, '--wait');
  const locationIds = pickLocations(config.locationIds, flags.locations);
  if (flags.enqueue && (flags.record || flags.allowMassDeletion)) {
    throw new ConfigError(`${flags.record ? '--record' : '--allow-mass-deletion'} works in this process only, not with --enqueue`, flags.record ? '--record' : '--allow-mass-deletion');
  }
  if (flags.enqueue) {
    if (locationIds.length === 0) throw new ConfigError('ALTEGIO_LOCATION_IDS is required; for example ALTEGIO_LOCATION_IDS=720441', 'ALTEGIO_LOCATION_IDS');
    const ok = await submitPass(config, log, { mode, streams, locationIds, window, named, wait: Boolean(flags.wait) });
    if (!ok) process.exitCode = 1;
    return;
  }
  const client = createClient(config, log, undefined, recorderFor(config, log, flags.record));
  const warehouse = await openMigratedWarehouse(config, log);
  try {
    const result = await runPass(
      { warehouse, client, config, log, onPage: pagePrinter(log, mode === 'backfill' ? config.rateLimit.perMinute : undefined) },
      { streams, locationIds, chainId: config.chainId, mode, window, named },
    );
    for (const run of result.runs) logLevelOf(log, run.status)(describeRun(run));
    if (result.runs.some((r) => r.error instanceof AltegioAuthError)) process.exitCode = 3;
    else if (!result.ok) process.exitCode = 1;
  } finally {
    await warehouse.close();
  }
}

/** Succeeded runs are news, unavailable ones a warning, failed ones an error. */
function logLevelOf(log: Logger, status: RunSummary['status']): (message: string) => void {
  if (status === 'succeeded' || status === 'skipped') return log.info.bind(log);
  return status === 'unavailable' ? log.warn.bind(log) : log.error.bind(log);
}
