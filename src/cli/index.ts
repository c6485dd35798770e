import { Command, CommanderError } from 'commander';
import { AltegioAuthError, ConfigError } from '../errors.js';
import { registerBackfill } from './commands/backfill.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerGrantReader } from './commands/grant-reader.js';
import { registerMigrate } from './commands/migrate.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSql } from './commands/sql.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerWorker } from './commands/worker.js';
import { UsageError } from './usage-error.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('altegio-sync')
    .description('Keeps a Postgres warehouse in sync with the Altegio B2B API.')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerMigrate(program);
  registerSync(program);
  registerBackfill(program);
  registerWorker(program);
  registerStatus(program);
  registerCheck(program);
  registerSql(program);
  registerGrantReader(program);
  registerSimulate(program);
  registerDemo(program);
  return program;
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ConfigError) {
      process.stderr.write(`altegio-sync: configuration: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`altegio-sync: ${err.message}\n`);
      return 2;
    }
    if (err instanceof AltegioAuthError) {
      process.stderr.write(`altegio-sync: ${err.message}\n`);
      return 3;
    }
    process.stderr.write(`altegio-sync: ${describe(err)}\n`);
    if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

/** The message, plus the root cause's (drivers wrap the interesting part). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  let text = err.message.split('\n')[0] ?? err.message;
  let cause = err.cause;
  while (cause instanceof Error) {
    text += `: ${cause.message}`;
    cause = cause.cause;
  }
  return text;
}
