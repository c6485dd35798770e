/**
 * Failures to reach a service, said as what to fix: the variable that
 * names the service, and what to check. Passwords never appear.
 */
import { sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import { openWarehouse, redactUrl, type OpenedWarehouse, type OpenOptions } from '../db/connect.js';
import { AltegioNetworkError, ConfigError, databaseErrorCode } from '../errors.js';
import { isConnectionError } from '../sync/db-retry.js';

/** The warehouse (DATABASE_URL) did not answer: exit 1, as for any service that is down (nothing in the configuration need change). */
export class WarehouseUnreachableError extends Error {
  constructor(where: string, code: string, options?: { cause?: unknown; setting?: string }) {
    super(`cannot reach the warehouse at ${where} (${code}): check ${options?.setting ?? 'DATABASE_URL'} and that Postgres is running`, options);
    this.name = this.constructor.name;
  }
}

/** SQLSTATEs of a Postgres that answered and refused what DATABASE_URL says: bad configuration (exit 2). */
const REFUSED: Record<string, string> = {
  '28P01': 'it refused the password',
  '28000': 'it refused the role',
  '3D000': 'the database does not exist',
};

/**
 * `err` as what to fix when it says the warehouse cannot be reached or
 * refused the connection; undefined otherwise. `setting`: what names the
 * warehouse, default DATABASE_URL.
 */
export function warehouseReachError(where: string, err: unknown, setting = 'DATABASE_URL'): Error | undefined {
  const code = databaseErrorCode(err);
  if (!code) return undefined;
  // The same errors a run waits out (a lost or refused connection, a server starting or shutting down).
  if (isConnectionError(err)) return new WarehouseUnreachableError(where, code, { cause: err, setting });
  const refused = REFUSED[code];
  if (refused) {
    const detail = driverMessage(err).split('\n')[0];
    return new ConfigError(`the warehouse at ${where} refused the connection: ${refused} (${code}: ${detail}); fix ${setting}`, setting);
  }
  return undefined;
}

export interface ReachOptions {
  /** What names the warehouse in messages, default `DATABASE_URL` (`demo`: `--database-url`). */
  setting?: string;
}

/** The message of the error in `err`'s causes that carries the driver's code (Drizzle wraps it in "Failed query: ..."). */
function driverMessage(err: unknown): string {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return String(e.message);
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Opens the warehouse the config names and, for Postgres, asks it once, so
 * that a server that cannot be reached, or refuses DATABASE_URL's role,
 * password or database, is said as such (naming DATABASE_URL) rather than as
 * the failure of whatever statement came first.
 */
export async function openReachableWarehouse(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: OpenOptions & ReachOptions = {},
): Promise<OpenedWarehouse> {
  const where = config.databaseUrl ? redactUrl(config.databaseUrl) : config.dataDir;
  let warehouse: OpenedWarehouse;
  try {
    warehouse = await openWarehouse(config, options);
  } catch (err) {
    throw warehouseReachError(where, err, options.setting) ?? err;
  }
  if (warehouse.kind !== 'postgres') return warehouse;
  try {
    await warehouse.query(sql`select 1`);
  } catch (err) {
    await warehouse.close().catch(() => undefined);
    throw warehouseReachError(warehouse.where, err, options.setting) ?? err;
  }
  return warehouse;
}

/** Network errors that mean the API's host did not answer at all (rather than answered badly). */
const NO_ANSWER = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|CERT_[A-Z_]+|UNABLE_TO_VERIFY_LEAF_SIGNATURE|timed out after \d+ ms)\b/;

/**
 * When any of `failures` (errors, or job failure reasons) is the API not
 * answering, the line that says so: where, why, and what to check. Else undefined.
 */
export function apiUnreachable(config: Pick<Config, 'altegio'>, failures: ReadonlyArray<unknown>): string | undefined {
  for (const failure of failures) {
    // A request's error (`GET /clients/1: ECONNREFUSED`), or a job's failure reason that is one.
    const text = failure instanceof Error ? failure.message : typeof failure === 'string' ? failure : '';
    if (!(failure instanceof AltegioNetworkError) && !/^(GET|POST) \S+: /.test(text)) continue;
    const why = NO_ANSWER.exec(text)?.[1];
    if (!why) continue;
    const timeout = why.startsWith('timed out') ? ', or raise ALTEGIO_TIMEOUT_MS if the API is only slow' : '';
    return `cannot reach the API at ALTEGIO_BASE_URL=${redactUrl(config.altegio.baseUrl)} (${why}): check ALTEGIO_BASE_URL and the network${timeout}`;
  }
  return undefined;
}
