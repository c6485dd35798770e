import {
  AltegioAuthError,
  AltegioForbiddenError,
  AltegioLicenceError,
  AltegioMalformedResponseError,
  AltegioNetworkError,
  AltegioNotFoundError,
  AltegioRateLimitError,
  AltegioServerError,
  AltegioValidationError,
} from '../errors.js';

/**
 * Which failures are worth another try. One table, one reason per row; the
 * HTTP client and the job runner both read it.
 */
const HTTP_ERRORS: ReadonlyArray<[new (...args: never[]) => Error, boolean, string]> = [
  [AltegioRateLimitError, true, '429: wait Retry-After (or the seconds in the message, at least 1 s); does not use up a retry'],
  [AltegioServerError, true, '5xx: the API or a proxy in front of it hiccupped'],
  [AltegioNetworkError, true, 'reset, refused or timed out: nothing was answered'],
  [AltegioMalformedResponseError, true, 'truncated or HTML body: ask again rather than read it as an empty page'],
  [AltegioAuthError, false, '401: a token is wrong; re-logging in (when possible) happens once inside the client'],
  [AltegioForbiddenError, false, '403: the user lacks a right; retrying cannot grant it'],
  [AltegioLicenceError, false, '402: the location\'s licence has lapsed; only renewing it helps'],
  [AltegioNotFoundError, false, '404: wrong location or chain id in the configuration'],
  [AltegioValidationError, false, '422: our parameters are wrong; retrying sends the same ones'],
];

/** Postgres SQLSTATEs that are transient. Anything else from Postgres is a bug or a schema problem. */
const SQLSTATES: ReadonlyArray<[RegExp, string]> = [
  [/^40001$/, 'serialization_failure: run the transaction again'],
  [/^40P01$/, 'deadlock_detected: one side was chosen to fail; again usually passes'],
  [/^08/, 'connection exception: the server went away or refused us'],
  [/^57P0[123]$/, 'admin/crash shutdown, cannot connect now: the server is restarting'],
  [/^53300$/, 'too_many_connections: wait for a slot'],
  [/^55P03$/, 'lock_not_available'],
];

/** True when another attempt may succeed. */
export function isRetryable(err: unknown): boolean {
  for (const [type, retry] of HTTP_ERRORS) if (err instanceof type) return retry;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (SQLSTATES.some(([pattern]) => pattern.test(code))) return true;
    if (['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  }
  return false;
}
