import { existsSync } from 'node:fs';
import { AltegioClient, type ClientOptions } from '../altegio/client.js';
import { LocalBudget, type RequestBudget } from '../altegio/budget.js';
import { Recorder } from '../altegio/recorder.js';
import { requireApi, type Config } from '../config.js';
import { pglitePath, type OpenedWarehouse, type Warehouse } from '../db/connect.js';
import { migrateWarehouse } from '../db/migrate.js';
import { pendingMigrations } from '../db/migration-record.js';
import { createLogger, logFormatOf, type Logger } from '../log.js';
import type { PageEvent, RunSummary } from '../sync/runner.js';
import { openReachableWarehouse, type ReachOptions } from './reach.js';
import { UsageError } from './usage-error.js';

/** Builds the API client from the config. */
export function createClient(
  config: Config,
  log: Logger,
  budget?: RequestBudget,
  overrides: Partial<ClientOptions> = {},
): AltegioClient {
  requireApi(config);
  const a = config.altegio;
  return new AltegioClient({
    baseUrl: a.baseUrl,
    partnerToken: a.partnerToken!,
    userToken: a.userToken,
    login: a.login,
    password: a.password,
    accept: a.accept,
    timeoutMs: a.timeoutMs,
    maxRetries: a.maxRetries,
    language: a.language,
    budget: budget ?? new LocalBudget(config.rateLimit),
    onRetry: ({ endpoint, error, attempt }) => log.warn({ endpoint, attempt }, `retrying: ${error.message}`),
    ...overrides,
  });
}

/** `--record DIR`: the client overrides that write every exchange to DIR (none without the flag). */
export function recorderFor(config: Config, log: Logger, dir: string | undefined): Partial<ClientOptions> {
  if (!dir) return {};
  const a = config.altegio;
  const recorder = new Recorder(dir, () => [a.partnerToken?.reveal(), a.userToken?.reveal(), a.password?.reveal()]);
  log.info(`recording every API exchange, redacted, in ${recorder.dir}`);
  return { onExchange: recorder.record };
}

/** Opens the warehouse named by the config and brings its schema up to date. */
export async function openMigratedWarehouse(config: Config, log: Logger, options: { max?: number } & ReachOptions = {}): Promise<Warehouse> {
  const warehouse = await openReachableWarehouse(config, options);
  try {
    const { applied } = await migrateWarehouse(warehouse);
    if (applied > 0) log.info(`applied ${applied} migration(s) to ${warehouse.where}`);
  } catch (err) {
    await warehouse.close();
    throw err;
  }
  return warehouse;
}

function notMigrated(where: string): UsageError {
  return new UsageError(`the warehouse at ${where} is not migrated (or is older than this version): run \`altegio-sync migrate\``);
}

/**
 * Opens the warehouse named by the config for a command that only reads
 * (`status`, `sql`): sessions start read-only, and nothing is migrated. One
 * that was never migrated, or lacks a migration of this version, is refused
 * (exit 2) with what to run; an embedded warehouse that does not exist is not
 * created.
 */
export async function openReadOnlyWarehouse(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<OpenedWarehouse> {
  if (!config.databaseUrl && !existsSync(pglitePath(config.dataDir))) throw notMigrated(pglitePath(config.dataDir));
  const warehouse = await openReachableWarehouse(config, { max: 2, readOnly: true });
  try {
    if ((await pendingMigrations(warehouse)) > 0) throw notMigrated(warehouse.where);
  } catch (err) {
    await warehouse.close();
    throw err;
  }
  return warehouse;
}

/** The logger of a command: LOG_LEVEL, and LOG_FORMAT (default: pretty on a terminal, JSON elsewhere). */
export function loggerFor(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  return createLogger(config.logLevel, { format: config.logFormat ?? logFormatOf() });
}

/**
 * Progress output: one line per committed page, with an estimate of the time
 * left in the run at the request budget when the stream knows how far it is.
 * Its facts are fields too: `stream`, `scope`, `label`, `rows` (of this
 * page), `requests`, and the run's totals so far.
 */
export function pagePrinter(log: Logger, perMinute?: number): (event: PageEvent) => void {
  return ({ stream, scope, label, rows, totals, requests, done }) => {
    let eta = '';
    let etaSeconds: number | undefined;
    if (perMinute && done !== undefined && done > 0 && done < 1) {
      const minutes = (requests * (1 - done)) / done / perMinute;
      etaSeconds = Math.ceil(minutes * 60);
      eta = `, ~${minutes < 1 ? `${etaSeconds} s` : `${minutes.toFixed(1)} min`} left at ${perMinute} requests/min`;
    }
    const fields = {
      stream,
      scope,
      ...(label ? { label } : {}),
      rows,
      requests,
      pages: totals.pages,
      inserted: totals.inserted,
      updated: totals.updated,
      unchanged: totals.unchanged,
      rejected: totals.rejected,
      ...(done !== undefined ? { done } : {}),
      ...(etaSeconds !== undefined ? { etaSeconds } : {}),
    };
    log.info(
      fields,
      `${stream} ${scope}${label ? ` ${label}` : ''}: ${rows} rows ` +
        `(so far ${totals.inserted} new, ${totals.updated} changed, ${totals.unchanged} unchanged, ${totals.rejected} rejected${eta})`,
    );
  };
}

/** One line per finished run. */
export function describeRun(run: RunSummary): string {
  const rows = `${run.inserted} new, ${run.updated} changed, ${run.unchanged} unchanged, ${run.rejected} rejected`;
  const head = `${run.stream} ${run.scope}: ${run.status} in ${(run.durationMs / 1000).toFixed(1)} s, ${run.requests} requests`;
  const extra = [run.retries ? `${run.retries} retries` : '', run.throttled ? `${run.throttled}×429` : ''].filter(Boolean).join(', ');
  return `${head}${extra ? ` (${extra})` : ''}, ${rows}${run.error ? ` — ${run.error.message}` : ''}`;
}

/**
 * The facts of `describeRun` as log fields: `stream`, `scope`, `status`,
 * `rows` (records the run committed: new, changed, unchanged and rejected),
 * `requests`, `inserted`, `updated`, `unchanged`, `rejected`, `durationMs`,
 * and `runId`, `pages`, `retries`, `throttled`, `error` when there are.
 */
export function runFields(run: RunSummary): Record<string, unknown> {
  return {
    stream: run.stream,
    scope: run.scope,
    status: run.status,
    rows: run.inserted + run.updated + run.unchanged + run.rejected,
    requests: run.requests,
    inserted: run.inserted,
    updated: run.updated,
    unchanged: run.unchanged,
    rejected: run.rejected,
    durationMs: run.durationMs,
    pages: run.pages,
    ...(run.runId ? { runId: run.runId } : {}),
    ...(run.retries ? { retries: run.retries } : {}),
    ...(run.throttled ? { throttled: run.throttled } : {}),
    ...(run.error ? { error: run.error.message } : {}),
  };
}

/** A finished run's line at its level: succeeded and skipped runs are news, unavailable ones a warning, failed ones an error. */
export function logRun(log: Logger, run: RunSummary): void {
  // An interrupted run is resumed by the next one: worth a warning, not an error.
  const level = run.status === 'succeeded' || run.status === 'skipped' ? 'info' : run.status === 'failed' ? 'error' : 'warn';
  log[level](runFields(run), describeRun(run));
}
