/**
 * The few named errors of the project. Each carries its cause; none carries a
 * token (request headers are never attached to an error).
 */
import { DrizzleQueryError } from 'drizzle-orm';

/** Raised at start when an environment variable is missing or malformed. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** The environment variable (or CLI option) to fix. */
    readonly variable: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Base of every error that comes from talking to the Altegio API. */
export class AltegioError extends Error {
  constructor(
    message: string,
    /** `METHOD /path` of the request, without the query string. */
    readonly endpoint: string,
    /** HTTP status, when there was an answer. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** 401: a token is wrong, expired or missing. `token` names the variable to fix. */
export class AltegioAuthError extends AltegioError {
  constructor(message: string, endpoint: string, readonly token: string, options?: { cause?: unknown }) {
    super(message, endpoint, 401, options);
  }
}

/** 403: the user has no right to this location or resource. */
export class AltegioForbiddenError extends AltegioError {}

/** 402: the location's licence has lapsed; nothing of it can be read until it is renewed. */
export class AltegioLicenceError extends AltegioError {}

/** 404: unknown location, chain or resource. */
export class AltegioNotFoundError extends AltegioError {}

/** 422 / 400: the API rejected our parameters. */
export class AltegioValidationError extends AltegioError {}

/**
 * 429: over the request budget. `retryAfterMs`: the wait the answer asked
 * for (Retry-After, or seconds in its message), never below one second;
 * undefined when it asked for none that can be used ("retry in 0 seconds").
 */
export class AltegioRateLimitError extends AltegioError {
  constructor(message: string, endpoint: string, readonly retryAfterMs: number | undefined) {
    super(message, endpoint, 429);
  }
}

/** 5xx, or any other unexpected status. */
export class AltegioServerError extends AltegioError {}

/** The body is not the JSON envelope we expect (truncated, HTML, wrong shape). */
export class AltegioMalformedResponseError extends AltegioError {}

/** No answer: connection reset, refused, DNS, or our own timeout. */
export class AltegioNetworkError extends AltegioError {}

/** A source record that cannot be mapped to a warehouse row; it goes to `rejected_records`. */
export class RejectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** Another run of the same stream and scope holds the lock. */
export class StreamBusyError extends Error {
  constructor(readonly stream: string, readonly scope: string) {
    super(`${stream} for ${scope} is already running in another process`);
    this.name = this.constructor.name;
  }
}

/** The errors a database driver throws, or wraps another in (Drizzle's query error holds the statement and its parameters). */
interface DriverError {
  code?: unknown;
  /** postgres.js names them `table_name`..., PGlite `table`... */
  table_name?: unknown;
  column_name?: unknown;
  constraint_name?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  severity?: unknown;
  message?: unknown;
  cause?: unknown;
  name?: unknown;
}

/** An error the database server sent (a SQLSTATE and a severity), as either driver throws it. */
function isServerError(e: DriverError): boolean {
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

/** The database error behind `err` (a Drizzle query error's cause), if any: the one with a SQLSTATE or a driver code. */
function driverError(err: unknown): DriverError | undefined {
  for (let e = err as DriverError | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause as DriverError | undefined, depth++) {
    if (typeof e.code === 'string') return e;
  }
  return undefined;
}

/** The SQLSTATE (`57014`) or driver code (`CONNECTION_CLOSED`, `ECONNREFUSED`) of a database error. */
export function databaseErrorCode(err: unknown): string | undefined {
  const code = driverError(err)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * What a database error says, without the statement's parameters (a failed
 * upsert's parameters are a page of clients: names, phones, e-mails): its
 * SQLSTATE, message and table.
 */
function describeDatabaseError(err: Error): string | undefined {
  const wrapped = err instanceof DrizzleQueryError;
  if (!wrapped && !isServerError(err as DriverError)) return undefined;
  const db = driverError(err);
  if (!db) return `database error: ${err.cause ? errorMessage(err.cause) : 'the statement failed'}`;
  const table = db.table_name ?? db.table;
  const column = db.column_name ?? db.column;
  const constraint = db.constraint_name ?? db.constraint;
  const where = [table && `table ${String(table)}`, column && `column ${String(column)}`, constraint && `constraint ${String(constraint)}`]
    .filter(Boolean)
    .join(', ');
  const text = String(db.message ?? 'no message').split('\n')[0]!;
  return `database error ${String(db.code)}: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}${where ? ` (${where})` : ''}`;
}

/** The message of any thrown value, for logs and sync_runs.error; a database error's without its parameters. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return describeDatabaseError(err) ?? err.message;
  return String(err);
}

/**
 * A database error as it may be shown, logged or stored (a run's outcome, a
 * failed job's reason in Redis): its SQLSTATE as `code`, so that it is still
 * told apart, and `errorMessage`'s text. It has no cause on purpose: the
 * error it stands for carries the statement and its parameters.
 */
export class DatabaseError extends Error {
  constructor(
    message: string,
    /** The SQLSTATE or driver code, when there was one. */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** `err` fit to be shown: a database error becomes its DatabaseError, any other error stays itself. */
export function shownError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const described = describeDatabaseError(err);
  return described === undefined ? err : new DatabaseError(described, databaseErrorCode(err));
}

/**
 * A run stopped at a page boundary, or while its next request waited for
 * the budget, because its worker is shutting down: the job goes back to the
 * queue and resumes from its last committed page.
 */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted: the worker is shutting down; the job goes back to the queue and resumes from its last committed page');
    this.name = this.constructor.name;
  }
}
