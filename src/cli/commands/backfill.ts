import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { STREAMS } from '../../jobs/index.js';
import { runPassCommand, type PassFlags } from '../pass-command.js';
import type { DateWindow } from '../../sync/types.js';
import { parseApiDate } from '../../util/dates.js';

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
    .option('--record <dir>', 'write every API request and answer to <dir>, one JSON file each, with tokens, phones, e-mails and names redacted (for bug reports)')
    .option('--allow-mass-deletion', 'let the client deletion sweep mark more than ALTEGIO_SWEEP_MAX_DELETED_PERCENT of a location\'s clients deleted at once')
    .action(async (opts: PassFlags & { from: string; to: string }) => {
      await runPassCommand('backfill', opts, parseWindow(opts.from, opts.to));
    });
}
