import { sleep } from '../altegio/budget.js';
import { databaseErrorCode } from '../errors.js';
import type { Warehouse } from '../db/connect.js';
import type { Logger } from '../log.js';

/**
 * What the warehouse answers when it is away rather than wrong: the
 * connection was lost or refused, or the server is shutting down or
 * starting. Anything else from the database is a bug or bad data.
 */
const CONNECTION = [
  /^08/, // connection exception
  /^57P0[123]$/, // admin shutdown, crash shutdown, cannot connect now
  /^(CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|CONNECT_TIMEOUT)$/, // postgres.js
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/, // the socket
];

export function isConnectionError(err: unknown): boolean {
  const code = databaseErrorCode(err);
  return code !== undefined && CONNECTION.some((pattern) => pattern.test(code));
}

/** The warehouse stayed away longer than the retry budget. */
export class WarehouseUnavailableError extends Error {
  constructor(where: string, seconds: number, options: { cause: unknown }) {
    super(
      `the warehouse (${where}) could not be reached for ${seconds} s (${databaseErrorCode(options.cause) ?? 'no answer'}); ` +
        'check DATABASE_URL and that the database is up; every page committed before is kept, and the next run resumes there',
      options,
    );
    this.name = this.constructor.name;
  }
}

export interface RetryOptions {
  /** For messages: where the warehouse is (no password). */
  where: string;
  /** How long to keep trying, default 120 s (`ALTEGIO_DB_RETRY_SECONDS`). */
  budgetMs: number;
  log: Logger;
  /** Aborts the waiting (shutdown). */
  signal?: AbortSignal;
}

/**
 * Runs `fn`, and again after a lost connection, with backoff (0.5 s doubling
 * to 10 s, jittered), until it succeeds or the budget is spent. Safe for what
 * the runner retries: a page's transaction (its rows and cursor commit
 * together or not at all), reads, and its own bookkeeping.
 */
export async function withDatabaseRetry<T>(what: string, fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      const waited = Date.now() - started;
      if (waited >= options.budgetMs || options.signal?.aborted) throw new WarehouseUnavailableError(options.where, Math.round(waited / 1000), { cause: err });
      const delay = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      options.log.warn({ attempt: attempt + 1, code: databaseErrorCode(err), delayMs: Math.round(delay) }, `the warehouse is away; retrying to ${what}`);
      await sleep(Math.min(delay, Math.max(0, options.budgetMs - waited)), options.signal).catch(() => undefined);
    }
  }
}

/** The warehouse with its raw reads (`query`) waiting out a lost connection: what streams read while they extract. */
export function withRetriedReads(warehouse: Warehouse, options: RetryOptions): Warehouse {
  return { ...warehouse, query: (statement) => withDatabaseRetry('read the warehouse', () => warehouse.query(statement), options) };
}
