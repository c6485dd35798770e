import type { Command } from 'commander';
import { STREAMS } from '../../jobs/index.js';
import { runPassCommand, type PassFlags } from '../pass-command.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('one incremental pass over every enabled stream, in this process (no Redis needed)')
    .option('--streams <names>', `comma-separated streams (default all: ${STREAMS.map((s) => s.name).join(', ')})`)
    .option('--locations <ids>', 'comma-separated location ids (default ALTEGIO_LOCATION_IDS)')
    .option('--enqueue', 'add the pass to the BullMQ queue (REDIS_URL) for `altegio-sync worker` processes instead of running it here')
    .option('--wait', 'with --enqueue: show progress until the jobs have finished; exit non-zero if one failed')
    .option('--record <dir>', 'write every API request and answer to <dir>, one JSON file each, with tokens, phones, e-mails and names redacted (for bug reports)')
    .option('--allow-mass-deletion', 'let the client deletion sweep mark more than ALTEGIO_SWEEP_MAX_DELETED_PERCENT of a location\'s clients deleted at once')
    .action(async (opts: PassFlags) => {
      await runPassCommand('sync', opts);
    });
}
