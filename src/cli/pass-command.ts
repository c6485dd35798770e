import { LocalBudget } from '../altegio/budget.js';
import { loadConfig, withOverrides, type Config } from '../config.js';
import { AltegioAuthError, ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import type { WaitResult } from '../queue/wait.js';
import { runPass, type PassResult } from '../sync/pass.js';
import type { RunSummary } from '../sync/runner.js';
import type { DateWindow, Mode } from '../sync/types.js';
import { futureEndWarning } from './window.js';
import { createClient, loggerFor, logRun, openMigratedWarehouse, pagePrinter, recorderFor } from './context.js';
import { interruptibleBudget, watchSignals, type Interruption } from './interrupt.js';
import { pickLocations, pickStreams, type PickedStreams } from './options.js';
import { apiUnreachable } from './reach.js';

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
  /** `backfill --restart`: read again what a completed backfill read. */
  restart?: boolean;
}

/** What `sync` and `backfill` were asked, checked. */
interface PassPlan extends PickedStreams {
  mode: Mode;
  flags: PassFlags;
  window?: DateWindow;
  config: Readonly<Config>;
  log: Logger;
  locationIds: number[];
}

/** Said once a pass stops at a signal. */
export const RESUME_HINT = 'interrupted: run the same command again to resume where it stopped';

/**
 * What `sync` and `backfill` do: one pass in this process, or the same work
 * as BullMQ jobs with `--enqueue` (and `--wait` for their outcome). Sets the
 * exit status: 1 when a stream did not complete (or a signal stopped the
 * pass), 3 when the API refused the credentials.
 */
export async function runPassCommand(mode: Mode, flags: PassFlags, window?: DateWindow): Promise<void> {
  const loaded = loadConfig();
  const config = flags.allowMassDeletion ? withOverrides(loaded, { sync: { ...loaded.sync, sweepMaxDeletedPercent: 100 } }) : loaded;
  const log = loggerFor(config);
  const picked = pickStreams(flags.streams, config);
  if (flags.wait && !flags.enqueue) throw new ConfigError(`--wait needs --enqueue (a ${mode} in this process always waits)`, '--wait');
  const locationIds = pickLocations(config.locationIds, flags.locations);
  if (flags.enqueue && (flags.record || flags.allowMassDeletion)) {
    throw new ConfigError(`${flags.record ? '--record' : '--allow-mass-deletion'} works in this process only, not with --enqueue`, flags.record ? '--record' : '--allow-mass-deletion');
  }
  const plan: PassPlan = { mode, flags, window, config, log, locationIds, ...picked };
  const future = window && futureEndWarning(window);
  if (future) log.warn({ to: window.to }, future);
  if (flags.enqueue) await runEnqueued(plan);
  else await runHere(plan);
}

/** `--enqueue [--wait]`: a signal while waiting leaves the jobs queued and says how to cancel them. */
async function runEnqueued(plan: PassPlan): Promise<void> {
  const { config, log } = plan;
  if (plan.locationIds.length === 0) throw new ConfigError('ALTEGIO_LOCATION_IDS is required; for example ALTEGIO_LOCATION_IDS=720441', 'ALTEGIO_LOCATION_IDS');
  const stop = plan.flags.wait ? watchSignals((signal) => log.warn({ signal }, `${signal}: stopping the wait (again to exit at once)`)) : undefined;
  try {
    // BullMQ is loaded for --enqueue only: a pass in this process needs no Redis.
    const { submitPass } = await import('../queue/submit.js');
    const outcome = await submitPass(config, log, {
      mode: plan.mode,
      streams: plan.streams,
      locationIds: plan.locationIds,
      window: plan.window,
      named: plan.named,
      restart: plan.flags.restart,
      wait: Boolean(plan.flags.wait),
      signal: stop?.signal,
    });
    if (outcome.waited && !outcome.waited.interrupted) explainFailures(log, config, outcome.waited);
    process.exitCode = outcome.waited && refusedCredentials(outcome.waited) ? 3 : outcome.ok ? 0 : 1;
  } finally {
    stop?.dispose();
  }
}

/** Jobs that failed for good on a 401: the variable their reason names (`fix ALTEGIO_USER_TOKEN`), or undefined. */
function refusedCredentials(waited: WaitResult): string | undefined {
  for (const { reason } of waited.failed) {
    if (!reason.includes('the API refused our credentials')) continue;
    return /fix (ALTEGIO_[A-Z_]+(?:(?:\/| or | \(or )ALTEGIO_[A-Z_]+\)?)*)/.exec(reason)?.[1] ?? 'the ALTEGIO_* tokens';
  }
  return undefined;
}

/** After a wait: one line for refused credentials (naming the variable) or an API that did not answer. */
function explainFailures(log: Logger, config: Readonly<Config>, waited: WaitResult): void {
  const variable = refusedCredentials(waited);
  const count = waited.failed.filter((f) => f.reason.includes('the API refused our credentials')).length;
  if (variable) log.error({ variable, jobs: count }, `the API refused our credentials (${count} job(s) failed for good with 401): fix ${variable}`);
  const unreachable = apiUnreachable(config, waited.failed.map((f) => f.reason));
  if (unreachable) log.error(unreachable);
}

/** The pass in this process: the first signal stops it where it can resume, the second exits at once. */
async function runHere(plan: PassPlan): Promise<void> {
  const { config, log, mode } = plan;
  const stop = watchSignals((signal) => log.warn({ signal }, `${signal}: stopping after the page being committed (again to exit at once)`));
  try {
    const budget = interruptibleBudget(new LocalBudget(config.rateLimit), stop);
    const client = createClient(config, log, budget, recorderFor(config, log, plan.flags.record));
    const warehouse = await openMigratedWarehouse(config, log);
    try {
      const printer = pagePrinter(log, mode === 'backfill' ? config.rateLimit.perMinute : undefined);
      // Thrown after a page committed: the runner records the run `interrupted` at once, its cursor at that page.
      const onPage: typeof printer = (event) => (printer(event), stop.check());
      const result: PassResult = stop.received
        ? { runs: [], ok: false }
        : await runPass(
            { warehouse, client, config, log, onPage },
            {
              streams: plan.streams,
              locationIds: plan.locationIds,
              chainId: config.chainId,
              mode,
              window: plan.window,
              named: plan.named,
              restart: plan.flags.restart,
              shouldStop: () => stop.received !== undefined,
            },
          );
      reportPass(log, config, result, stop);
    } finally {
      await warehouse.close();
    }
  } finally {
    stop.dispose();
  }
}

/** One line per run, then what the pass came to; sets the exit status. */
function reportPass(log: Logger, config: Readonly<Config>, result: PassResult, stop: Interruption): void {
  // After a signal, the runs that had not sent a request yet are one line, not one each.
  const notStarted = (run: RunSummary) => run.status === 'interrupted' && run.requests === 0 && run.pages === 0;
  const idle = result.runs.filter(notStarted);
  for (const run of result.runs) if (!notStarted(run)) logRun(log, run);
  if (idle.length > 0) log.warn({ runs: idle.length, streams: [...new Set(idle.map((r) => r.stream))] }, `${idle.length} stream run(s) not started: interrupted before their first request`);
  const unreachable = apiUnreachable(config, result.runs.map((r) => r.error));
  if (unreachable) log.error(unreachable);
  if (stop.received) {
    log.warn({ signal: stop.received }, RESUME_HINT);
    process.exitCode = 1;
  } else if (result.runs.some((r) => r.error instanceof AltegioAuthError)) {
    process.exitCode = 3;
  } else if (!result.ok) {
    process.exitCode = 1;
  }
}
