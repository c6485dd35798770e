/**
 * The few named errors of the project. Each carries its cause; none carries a
 * token (request headers are never attached to an error).
 */

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

/** 429: over the request budget. `retryAfterMs` is never below one second. */
export class AltegioRateLimitError extends AltegioError {
  constructor(message: string, endpoint: string, readonly retryAfterMs: number) {
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

/** The message of any thrown value, for logs and sync_runs.error. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
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
