import type { Command } from 'commander';
import { STREAMS } from '../../jobs/index.js';
import { runPassCommand, type PassFlags } from '../pass-command.js';
import { parseWindow, refuseFutureStart } from '../window.js';

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
    .option('--restart', 'read again the dates a completed backfill of the same streams already read (by default they are skipped)')
    .option('--record <dir>', 'write every API request and answer to <dir>, one JSON file each, with tokens, phones, e-mails and names redacted (for bug reports)')
    .option('--allow-mass-deletion', 'let the client deletion sweep mark more than ALTEGIO_SWEEP_MAX_DELETED_PERCENT of a location\'s clients deleted at once')
    .action(async (opts: PassFlags & { from: string; to: string }) => {
      const window = parseWindow(opts.from, opts.to);
      refuseFutureStart(window);
      await runPassCommand('backfill', opts, window);
    });
}
