/**
 * What the process itself says, outside any command's logger: Node's
 * warnings, and errors nothing caught. Under JSON logs each is one JSON
 * object on one line, like every other line on stderr.
 */
import { writeSync } from 'node:fs';
import { logFormatOf, writeLogLine, type LogFormat } from '../log.js';

/** Exit status after an error nothing caught: something did not complete. */
const EXIT_FATAL = 1;

/**
 * Installs the process's handlers, once, before a command runs: an uncaught
 * error or unhandled rejection is written as one `fatal` line (JSON, or
 * `altegio-sync: fatal: ...` with its stack) and exits 1; under JSON logs,
 * Node's warnings (MaxListenersExceededWarning, deprecations) become one
 * `warn` line each instead of Node's own two-line text.
 */
export function installProcessHandlers(format: LogFormat = logFormatOf()): void {
  process.on('uncaughtException', (err) => fatal('uncaught error', err, format));
  process.on('unhandledRejection', (reason) => fatal('unhandled rejection', reason, format));
  if (format !== 'json') return;
  // Node prints warnings from a listener of its own; without it, this one is the only voice.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const fields = {
      warning: { name: warning.name, ...((warning as { code?: string }).code ? { code: (warning as { code?: string }).code } : {}) },
      // With --trace-warnings, where it came from.
      ...(traceWarnings() && warning.stack ? { stack: warning.stack } : {}),
    };
    writeLogLine('warn', `${warning.name}: ${warning.message}`, fields, 'json');
  });
}

function fatal(what: string, err: unknown, format: LogFormat): void {
  const error = err instanceof Error ? err : new Error(String(err));
  const line =
    format === 'json'
      ? JSON.stringify({ level: 60, time: Date.now(), err: { type: error.name, message: error.message, stack: error.stack }, exitCode: EXIT_FATAL, msg: `fatal: ${what}: ${error.message}` })
      : `altegio-sync: fatal: ${what}: ${error.stack ?? error.message}`;
  // Written at once: the process exits on the next line.
  writeSync(2, `${line}\n`);
  process.exit(EXIT_FATAL);
}

/** `--trace-warnings`, on the command line or in NODE_OPTIONS. */
function traceWarnings(): boolean {
  return process.execArgv.includes('--trace-warnings') || /(^|\s)--trace-warnings\b/.test(process.env.NODE_OPTIONS ?? '');
}
