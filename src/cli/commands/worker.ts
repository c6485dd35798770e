import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { STREAMS } from '../../jobs/index.js';
import type { startWorker as StartWorker } from '../../worker/index.js';
import { loggerFor } from '../context.js';
import { pickStreams } from '../options.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'long-running: registers the Job Schedulers (one per stream and location, idempotently), processes jobs ' +
        'until SIGTERM/SIGINT, and serves /healthz, /metrics and the Bull Board (METRICS_PORT)',
    )
    .option('--streams <names>', `schedule only these streams (default all: ${STREAMS.map((s) => s.name).join(', ')})`)
    .option('--no-schedules', 'register no Job Schedulers: only process jobs that `--enqueue` adds')
    .action(async (opts: { streams?: string; schedules: boolean }) => {
      const config = loadConfig();
      const log = loggerFor(config);
      const streams = opts.streams === undefined ? undefined : pickStreams(opts.streams, config).streams;
      // Listening before "worker ready" is said: a signal right after it must stop the worker, not kill it.
      let stopWith: ((reason: string) => void) | undefined;
      const first = (signal: NodeJS.Signals) => {
        if (stopWith) return stopWith(signal);
        log.warn({ signal }, `${signal} while starting: exiting at once`);
        process.exit(1);
      };
      process.once('SIGTERM', first);
      process.once('SIGINT', first);
      // Loaded here: the worker's HTTP server, dashboard and queue are for this command only, and every other command starts faster without them.
      const { startWorker }: { startWorker: typeof StartWorker } = await import('../../worker/index.js');
      const worker = await startWorker(config, log, { streams, schedules: opts.schedules }).catch((err: unknown) => {
        process.off('SIGTERM', first);
        process.off('SIGINT', first);
        throw err;
      });
      const reason = await new Promise<string>((resolve) => (stopWith = resolve));
      // A second signal while waiting for running jobs means "now".
      const force = () => {
        log.warn('second signal: exiting without waiting; running jobs run again once their lock expires');
        process.exit(1);
      };
      process.once('SIGTERM', force);
      process.once('SIGINT', force);
      const clean = await worker.stop(reason);
      if (!clean) process.exitCode = 1;
      // Anything still holding the event loop open (a half-closed socket) must not keep a stopped worker alive.
      setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
    });
}
