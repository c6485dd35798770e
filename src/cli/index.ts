import { Command, CommanderError } from 'commander';
import { loadLogSettings } from '../config.js';
import { AltegioAuthError, ConfigError, errorMessage } from '../errors.js';
import { logFormatOf, writeLogLine, type LogFormat } from '../log.js';
import { packageVersion } from '../version.js';
import { registerBackfill } from './commands/backfill.js';
import { registerCancel } from './commands/cancel.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerGrantReader } from './commands/grant-reader.js';
import { registerMigrate } from './commands/migrate.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSql } from './commands/sql.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerWorker } from './commands/worker.js';
import { ENV_FILE_FLAG, loadEnvFile } from './env-file.js';
import { WarehouseUnreachableError } from './reach.js';
import { UsageError } from './usage-error.js';

export { installProcessHandlers } from './process-events.js';

/**
 * The exit statuses (README, "Exit status"): 0 done; 1 something did not
 * complete, or a service could not be reached; 2 bad configuration or usage;
 * 3 the API refused the credentials.
 */
export const EXIT = { ok: 0, incomplete: 1, usage: 2, credentials: 3 } as const;

export function buildProgram(format: LogFormat = logFormatOf()): Command {
  const program = new Command()
    .name('altegio-sync')
    .description('Keeps a Postgres warehouse in sync with the Altegio B2B API.')
    .version(packageVersion(), '-V, --version', 'print the version')
    // Read by `main` before commander runs (`loadEnvFile`); declared here so that commander accepts it and lists it.
    .option(`${ENV_FILE_FLAG} <path>`, 'read variables from this file instead of ./.env (variables already set win)')
    .showHelpAfterError('(add --help for usage)')
    // Under JSON logs, commander's complaints are JSON lines too (help asked for goes to stdout as text).
    .configureOutput(format === 'json' ? { writeErr: (text) => writeLogLine('error', text.trimEnd(), { exitCode: EXIT.usage }, 'json') } : {})
    .exitOverride();
  registerMigrate(program);
  registerSync(program);
  registerBackfill(program);
  registerWorker(program);
  registerStatus(program);
  registerCheck(program);
  registerSql(program);
  registerGrantReader(program);
  registerCancel(program);
  registerSimulate(program);
  registerDemo(program);
  return program;
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  let format = logFormatOf();
  try {
    // Before anything reads the environment: the file may set LOG_FORMAT and LOG_LEVEL too.
    loadEnvFile(argv.slice(2));
    format = logFormatOf();
    // Every command's output depends on these: a malformed one stops any command, `simulate` included.
    loadLogSettings();
    await buildProgram(format).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    return reportFailure(err, format);
  }
}

/** Says why the command stopped, as one line (one JSON object under JSON logs), and returns its exit status. */
function reportFailure(err: unknown, format: LogFormat): number {
  // Commander has said what was wrong already.
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof ConfigError) {
    // A flag's error is usage; a variable's, configuration.
    const flag = err.variable.startsWith('-');
    writeLogLine('error', flag ? err.message : `configuration: ${err.message}`, { [flag ? 'flag' : 'variable']: err.variable, exitCode: EXIT.usage }, format);
    return EXIT.usage;
  }
  if (err instanceof UsageError) {
    writeLogLine('error', err.message, { ...(err.flag ? { flag: err.flag } : {}), exitCode: EXIT.usage }, format);
    return EXIT.usage;
  }
  if (err instanceof AltegioAuthError) {
    writeLogLine('error', err.message, { variable: err.token, exitCode: EXIT.credentials }, format);
    return EXIT.credentials;
  }
  const debug = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
  const stack = debug && err instanceof Error ? err.stack : undefined;
  writeLogLine('error', describeFailure(err), { exitCode: EXIT.incomplete, ...(stack && format === 'json' ? { stack } : {}) }, format);
  if (stack && format !== 'json') process.stderr.write(`${stack}\n`);
  return EXIT.incomplete;
}

/**
 * The message, plus the root cause's (drivers wrap the interesting part).
 * A database error is said by its SQLSTATE and message (`errorMessage`):
 * its statement's parameters hold customer data, and stop the chain there.
 */
export function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const line = (e: Error) => (errorMessage(e).split('\n')[0] ?? '');
  // Said as a database error: what it wraps is the statement.
  const said = (e: Error) => errorMessage(e) !== e.message;
  let text = line(err);
  // A message of its own already says what its cause means.
  if (err instanceof WarehouseUnreachableError || said(err)) return text;
  for (let cause = err.cause; cause instanceof Error; cause = cause.cause) {
    text += `: ${line(cause)}`;
    if (said(cause)) break;
  }
  return text;
}
