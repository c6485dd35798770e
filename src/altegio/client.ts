import pRetry from 'p-retry';
import {
  AltegioAuthError,
  AltegioError,
  AltegioForbiddenError,
  AltegioLicenceError,
  AltegioMalformedResponseError,
  AltegioNetworkError,
  AltegioNotFoundError,
  AltegioRateLimitError,
  AltegioServerError,
  AltegioValidationError,
} from '../errors.js';
import type { Secret } from '../util/secret.js';
import type { RequestBudget } from './budget.js';
import { isRetryable } from './retry-policy.js';

/** Query parameters; an array value repeats its key (`include[]=a&include[]=b`). */
export type Query = Record<string, string | number | boolean | null | undefined | ReadonlyArray<string | number>>;

export interface RequestOptions {
  /**
   * The endpoint may answer a bare body without the `{success, data, meta}`
   * envelope (the analytics charts, the per-client loyalty cards, card types):
   * such a body is then the data. Default false: a bare body is malformed.
   */
  bareBody?: boolean;
}

/** One HTTP exchange as it happened, for `--record` (tokens are never in it: headers are not included). */
export interface Exchange {
  method: 'GET' | 'POST';
  path: string;
  query: Query;
  requestBody: unknown;
  /** HTTP status; null when nothing was answered. */
  status: number | null;
  /** The answer's text as received. */
  text: string;
  at: Date;
}

/** A successful envelope: `meta` is `{}` when the API sent `[]`. */
export interface Envelope {
  data: unknown;
  meta: Record<string, unknown>;
}

/** Counters of one run (a `sync_runs` row). */
export interface RequestCounters {
  requests: number;
  retries: number;
  throttled: number;
}

export interface ClientOptions {
  /** API base without trailing slash. */
  baseUrl: string;
  partnerToken: Secret;
  userToken?: Secret;
  /** With `password`, used to obtain (and renew after a 401) the user token. */
  login?: string;
  password?: Secret;
  /** Default `application/vnd.api.v2+json`. */
  accept: string;
  /** Per request, default 30,000 ms. */
  timeoutMs: number;
  /** Retries of a failed request; 429s do not count. */
  maxRetries: number;
  budget: RequestBudget;
  /** Called after every HTTP exchange, for logs, metrics and health; `error` says why nothing was answered (status null). */
  onResponse?: (info: { endpoint: string; status: number | null; ms: number; error?: string }) => void;
  /** Called before a retry, for logs. */
  onRetry?: (info: { endpoint: string; error: Error; attempt: number }) => void;
  /** Called with every exchange, answered or not (`--record`). */
  onExchange?: (exchange: Exchange) => void;
  /** `Accept-Language`: chart labels and titles come translated; default `en`. */
  language?: string;
  /** The transport, default the global `fetch` (tests serve recorded answers through their own). */
  fetch?: typeof fetch;
  /** Backoff base, default 500 ms (tests lower it). */
  minRetryDelayMs?: number;
}

/** Endpoints that take only the partner bearer. */
const PARTNER_ONLY = [/^\/auth$/, /^\/loyalty\/certificates$/];
/**
 * Partner-only endpoints that get the user token too when we hold one (never
 * a login for it): the gift-card lookup, which the reference documents with
 * the partner bearer alone and the YCLIENTS blueprint with both tokens.
 */
const USER_TOKEN_WELCOME = [/^\/loyalty\/certificates$/];
/** Give up on a request after this many 429s in a row. */
const MAX_THROTTLED = 30;

/**
 * The one HTTP client: headers, auth, timeout, request budget, retries and the
 * envelope. Extractors only say what to ask for.
 */
export class AltegioClient {
  readonly counters: RequestCounters = { requests: 0, retries: 0, throttled: 0 };
  #userToken: string | undefined;
  #login: Promise<string> | undefined;
  /** True once a request with the user token was answered 2xx (see `userTokenWorks`). */
  #authenticated = false;

  constructor(readonly options: ClientOptions, private readonly parent?: AltegioClient) {
    this.#userToken = options.userToken?.reveal();
  }

  /** A client that shares budget and auth but counts into fresh counters. */
  scoped(): AltegioClient {
    return new AltegioClient(this.options, this.parent ?? this);
  }

  get(path: string, query: Query = {}, options: RequestOptions = {}): Promise<Envelope> {
    return this.request('GET', path, query, undefined, options);
  }

  post(path: string, body: unknown, query: Query = {}): Promise<Envelope> {
    return this.request('POST', path, query, body);
  }

  /**
   * Whether the user token is good, for an endpoint that answered 401 where
   * the API means "no right" (the analytics charts do): true when a request
   * with it has been answered already, else after one cheap read of
   * `probePath` that needs the user token.
   */
  async userTokenWorks(probePath: string): Promise<boolean> {
    const root = this.parent ?? this;
    if (root.#authenticated) return true;
    try {
      await this.get(probePath, { page: 1, count: 1 });
      return true;
    } catch (err) {
      if (err instanceof AltegioAuthError) return false;
      // Answered, but not 401 (a 403, say): the token itself was accepted.
      if (err instanceof AltegioError && err.status !== undefined && err.status < 500) return true;
      throw err;
    }
  }

  async request(method: 'GET' | 'POST', path: string, query: Query, body?: unknown, options: RequestOptions = {}): Promise<Envelope> {
    const endpoint = `${method} ${path}`;
    let throttled = 0;
    let reauthenticated = false;
    return pRetry(
      async () => {
        try {
          return await this.#once(method, path, query, body, options);
        } catch (err) {
          if (err instanceof AltegioAuthError && !reauthenticated && this.#canLogin() && !isPartnerOnly(path)) {
            reauthenticated = true;
            await this.#relogin();
            return this.#once(method, path, query, body, options);
          }
          throw err;
        }
      },
      {
        retries: this.options.maxRetries,
        minTimeout: this.options.minRetryDelayMs ?? 500,
        maxTimeout: 30_000,
        factor: 2,
        randomize: true,
        onFailedAttempt: ({ error, attemptNumber }) => {
          if (error instanceof AltegioRateLimitError) {
            throttled += 1;
            this.#count('throttled');
            // Without a usable wait, back off further with every 429 in a row: the API's own limit may be below ours.
            this.options.budget.pause(error.retryAfterMs ?? throttledBackoffMs(throttled));
          }
          if (isRetryable(error)) {
            this.#count('retries');
            this.options.onRetry?.({ endpoint, error, attempt: attemptNumber });
          }
        },
        shouldConsumeRetry: ({ error }) => !(error instanceof AltegioRateLimitError),
        shouldRetry: ({ error }) => isRetryable(error) && throttled < MAX_THROTTLED,
      },
    );
  }

  async #once(method: 'GET' | 'POST', path: string, query: Query, body: unknown, options: RequestOptions = {}): Promise<Envelope> {
    const endpoint = `${method} ${path}`;
    const headers: Record<string, string> = {
      Accept: this.options.accept,
      'Accept-Language': this.options.language ?? 'en',
      'Content-Type': 'application/json',
      Authorization: await this.#authorization(path),
    };
    await this.options.budget.acquire();
    this.#count('requests');
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await (this.options.fetch ?? fetch)(buildUrl(this.options.baseUrl, path, query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `timed out after ${this.options.timeoutMs} ms` : describeNetworkError(err);
      this.options.onResponse?.({ endpoint, status: null, ms: Date.now() - started, error: reason });
      this.options.onExchange?.({ method, path, query, requestBody: body, status: null, text: '', at: new Date(started) });
      throw new AltegioNetworkError(`${endpoint}: ${reason}`, endpoint, undefined, { cause: err });
    }
    this.options.onResponse?.({ endpoint, status: response.status, ms: Date.now() - started });
    this.options.onExchange?.({ method, path, query, requestBody: body, status: response.status, text, at: new Date(started) });
    const envelope = this.#readEnvelope(endpoint, response, text, options);
    if (!isPartnerOnly(path)) (this.parent ?? this).#authenticated = true;
    return envelope;
  }

  #readEnvelope(endpoint: string, response: Response, text: string, options: RequestOptions): Envelope {
    const status = response.status;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      if (status === 429) throw rateLimited(endpoint, response, '');
      if (status >= 500) throw new AltegioServerError(`${endpoint}: HTTP ${status} with a non-JSON body`, endpoint, status);
      throw new AltegioMalformedResponseError(
        `${endpoint}: HTTP ${status} with a body that is not JSON (${text.length} bytes, truncated?)`,
        endpoint,
        status,
        { cause: err },
      );
    }
    // Some answers (memberships) arrive wrapped in an extra array: [ {success, data, meta} ].
    if (Array.isArray(parsed) && parsed.length === 1 && isEnvelope(parsed[0])) parsed = parsed[0];
    const message = this.#redact(apiMessage(parsed));
    if (status === 429) throw rateLimited(endpoint, response, message);
    if (status === 401) throw this.#authError(endpoint, message);
    if (status === 402) {
      throw new AltegioLicenceError(`${endpoint}: the location's Altegio licence has lapsed (402): ${message}`, endpoint, status);
    }
    if (status === 403) throw new AltegioForbiddenError(`${endpoint}: forbidden (403): ${message}`, endpoint, status);
    if (status === 404) throw new AltegioNotFoundError(`${endpoint}: not found (404): ${message}`, endpoint, status);
    if (status === 400 || status === 406 || status === 422) {
      throw new AltegioValidationError(`${endpoint}: rejected (${status}): ${message}`, endpoint, status);
    }
    if (status >= 300) throw new AltegioServerError(`${endpoint}: HTTP ${status}: ${message}`, endpoint, status);
    // Some endpoints answer their data bare, with no envelope around it.
    if (options.bareBody && !isEnvelope(parsed)) return { data: parsed, meta: {} };
    if (!isEnvelope(parsed)) throw new AltegioMalformedResponseError(`${endpoint}: answer is not an Altegio envelope`, endpoint, status);
    if (parsed.success === false) throw new AltegioValidationError(`${endpoint}: success=false: ${message}`, endpoint, status);
    const meta = parsed.meta;
    return { data: parsed.data, meta: meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {} };
  }

  #authError(endpoint: string, message: string): AltegioAuthError {
    const path = endpoint.slice(endpoint.indexOf(' ') + 1);
    let token: string;
    if (path === '/auth') token = 'ALTEGIO_LOGIN/ALTEGIO_PASSWORD (or ALTEGIO_PARTNER_TOKEN)';
    else if (/partner/i.test(message) || (isPartnerOnly(path) && !this.#sendsUserToken(path))) token = 'ALTEGIO_PARTNER_TOKEN';
    else if (/user/i.test(message)) token = this.#canLogin() ? 'ALTEGIO_LOGIN/ALTEGIO_PASSWORD' : 'ALTEGIO_USER_TOKEN';
    else token = 'ALTEGIO_USER_TOKEN or ALTEGIO_PARTNER_TOKEN';
    return new AltegioAuthError(
      `${endpoint}: the API refused our credentials (401: ${message}); fix ${token}`,
      endpoint,
      token,
    );
  }

  async #authorization(path: string): Promise<string> {
    const partner = `Bearer ${this.options.partnerToken.reveal()}`;
    const root = this.parent ?? this;
    if (isPartnerOnly(path)) return this.#sendsUserToken(path) ? `${partner}, User ${root.#userToken}` : partner;
    if (root.#userToken === undefined && root.#canLogin()) await root.#relogin();
    return root.#userToken ? `${partner}, User ${root.#userToken}` : partner;
  }

  /** Whether a request to this partner-only path carries the user token along. */
  #sendsUserToken(path: string): boolean {
    return USER_TOKEN_WELCOME.some((pattern) => pattern.test(path)) && Boolean((this.parent ?? this).#userToken);
  }

  #canLogin(): boolean {
    return Boolean(this.options.login && this.options.password);
  }

  /** One login at a time, shared by every caller of this client. */
  async #relogin(): Promise<void> {
    const root = this.parent ?? this;
    root.#login ??= (async () => {
      const { data } = await this.#once('POST', '/auth', {}, { login: this.options.login, password: this.options.password?.reveal() });
      const token = (data as { user_token?: unknown } | null)?.user_token;
      if (typeof token !== 'string' || !token) {
        throw new AltegioMalformedResponseError('POST /auth: no user_token in the answer', 'POST /auth', 201);
      }
      return token;
    })().finally(() => {
      root.#login = undefined;
    });
    root.#userToken = await root.#login;
  }

  #count(key: keyof RequestCounters): void {
    this.counters[key] += 1;
    if (this.parent) this.parent.counters[key] += 1;
  }

  /** Removes every secret we know from a text that came from the API. */
  #redact(text: string): string {
    const secrets = [this.options.partnerToken.reveal(), (this.parent ?? this).#userToken, this.options.password?.reveal()];
    let out = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    for (const secret of secrets) if (secret && secret.length >= 4) out = out.replaceAll(secret, '[redacted]');
    return out;
  }
}

function isPartnerOnly(path: string): boolean {
  return PARTNER_ONLY.some((pattern) => pattern.test(path));
}

function isEnvelope(value: unknown): value is { success: unknown; data?: unknown; meta?: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'success' in value;
}

function apiMessage(body: unknown): string {
  const meta = (body as { meta?: { message?: unknown } } | null)?.meta;
  if (meta && typeof meta.message === 'string') return meta.message;
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : 'no message';
}

/**
 * The wait a 429 asks for: Retry-After (seconds or a date), else the seconds
 * its message names; at least 1 s, at most 2 min. Undefined when it names
 * none that can be used (none, or "retry in 0 seconds").
 */
export function retryAfterMs(header: string | null, message: string, now = Date.now()): number | undefined {
  let ms = NaN;
  if (header) {
    ms = /^\d+(\.\d+)?$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now;
  }
  if (!(ms > 0)) {
    const match = /(\d+(?:\.\d+)?)\s*sec/i.exec(message);
    if (match) ms = Number(match[1]) * 1000;
  }
  if (!(ms > 0)) return undefined;
  return Math.min(Math.max(ms, 1000), 120_000);
}

/** The wait after the `n`th 429 in a row without a usable Retry-After: 1 s doubling to 60 s, jittered to half. */
export function throttledBackoffMs(n: number, random = Math.random): number {
  const ceiling = Math.min(60_000, 1000 * 2 ** Math.max(0, n - 1));
  return Math.max(1000, Math.round(ceiling * (0.5 + random() / 2)));
}

function rateLimited(endpoint: string, response: Response, message: string): AltegioRateLimitError {
  const wait = retryAfterMs(response.headers.get('retry-after'), message);
  return new AltegioRateLimitError(`${endpoint}: rate limited (429), ${wait === undefined ? 'backing off' : `retrying in ${wait} ms`}`, endpoint, wait);
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? 'network error';
}

function buildUrl(base: string, path: string, query: Query): string {
  const url = new URL(base + path);
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
    else if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export { AltegioError };
