import type { Command } from 'commander';
import { STREAMS } from '../../jobs/index.js';
import { runPassCommand } from '../pass-command.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('one incremental pass over every enabled stream, in this process (no Redis needed)')
    .option('--streams <names>', `comma-separated streams (default all: ${STREAMS.map((s) => s.name).join(', ')})`)
    .option('--locations <ids>', 'comma-separated location ids (default ALTEGIO_LOCATION_IDS)')
    .option('--enqueue', 'add the pass to the BullMQ queue (REDIS_URL) for `altegio-sync worker` processes instead of running it here')
    .option('--wait', 'with --enqueue: show progress until the jobs have finished; exit non-zero if one failed')
    .action(async (opts: { streams?: string; locations?: string; enqueue?: boolean; wait?: boolean }) => {
      await runPassCommand('sync', opts);
    });
}
