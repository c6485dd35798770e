import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** `json`: one JSON object a line, for machines; `pretty`: readable lines, for people. */
export type LogFormat = 'json' | 'pretty';

/**
 * The format of this process's logs: `LOG_FORMAT` when it is `json` or
 * `pretty`, else pretty when stderr is a terminal and JSON when it is not
 * (a malformed `LOG_FORMAT` is refused by the config, naming it).
 */
export function logFormatOf(env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stderr.isTTY)): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return isTTY ? 'pretty' : 'json';
}

export interface LoggerOptions {
  /** Readable lines (true) or JSON (false); default from `format`. */
  pretty?: boolean;
  /** Default `logFormatOf()`. */
  format?: LogFormat;
}

/**
 * JSON logs on stderr for machines; readable lines when stderr is a terminal
 * (or LOG_FORMAT=pretty). Tokens never reach a log: config holds them as
 * Secret, which prints as [redacted], and the HTTP client logs no headers.
 */
export function createLogger(level: string = 'info', options: LoggerOptions = {}): Logger {
  const wantPretty = options.pretty ?? (options.format ?? logFormatOf()) === 'pretty';
  const base = {
    level,
    base: undefined,
    redact: { paths: ['*.authorization', '*.Authorization', '*.password', '*.token', 'headers'], censor: '[redacted]' },
  };
  if (wantPretty) {
    return pino(base, pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }));
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}

/** A logger that prints nothing (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });

const LEVELS = { info: 30, warn: 40, error: 50, fatal: 60 } as const;

/**
 * One line on stderr outside any logger (the CLI's last word, Node's
 * warnings, a crash): under JSON logs one object, as pino writes them, with
 * `fields`; else `altegio-sync: <message>`. Through `process.stderr.write`,
 * so that it is never lost in a logger's buffer.
 */
export function writeLogLine(level: keyof typeof LEVELS, message: string, fields: Record<string, unknown> = {}, format = logFormatOf()): void {
  if (format === 'json') {
    process.stderr.write(`${JSON.stringify({ level: LEVELS[level], time: Date.now(), ...fields, msg: message })}\n`);
  } else {
    process.stderr.write(`altegio-sync: ${message}\n`);
  }
}
