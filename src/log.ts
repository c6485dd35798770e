import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * JSON logs on stderr for machines; readable lines when stderr is a terminal
 * (or LOG_FORMAT=pretty). Tokens never reach a log: config holds them as
 * Secret, which prints as [redacted], and the HTTP client logs no headers.
 */
export function createLogger(level: string = 'info', options: { pretty?: boolean } = {}): Logger {
  const wantPretty = options.pretty ?? (process.env.LOG_FORMAT === 'pretty' || (process.env.LOG_FORMAT !== 'json' && process.stderr.isTTY));
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
