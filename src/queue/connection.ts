import { Redis } from 'ioredis';
import { redactUrl } from '../db/connect.js';
import type { Logger } from '../log.js';

/** The one BullMQ queue every stream job goes through. */
export const QUEUE_NAME = 'sync';

/** The same line at most this often while Redis is away: ioredis reports every reconnect attempt. */
const REPEAT_MS = 10_000;

/** Errors of a connection that cannot reach Redis, as ioredis and BullMQ report them. */
const CONNECTION_ERROR = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|Connection is closed|connect ETIMEDOUT/;

/** True when `err` says Redis could not be reached (rather than that it refused a command). */
export function isRedisConnectionError(err: unknown): boolean {
  return err instanceof Error && CONNECTION_ERROR.test(`${err.message} ${(err as { code?: unknown }).code ?? ''}`);
}

/**
 * What a process says about its Redis connections: each problem as one log
 * line naming REDIS_URL (without its password) and what to do, the same
 * line at most every 10 s whichever connection reports it, and one line
 * when Redis answers again.
 */
export class RedisReporter {
  readonly #url: string;
  readonly #log?: Logger;
  readonly #said = new Map<string, number>();
  /** The last error any connection reported, for messages. */
  lastError?: string;

  constructor(url: string, log?: Logger) {
    this.#url = redactUrl(url);
    this.#log = log;
  }

  /** `REDIS_URL=redis://host:6379`, for messages. */
  get where(): string {
    return `REDIS_URL=${this.#url}`;
  }

  error = (err: Error): void => {
    this.lastError = err.message;
    const now = Date.now();
    if (now - (this.#said.get(err.message) ?? 0) < REPEAT_MS) return;
    this.#said.set(err.message, now);
    const what = isRedisConnectionError(err) ? 'cannot reach Redis' : 'Redis answered with an error';
    this.#log?.warn({ redis: this.#url, err: err.message }, `${what} at ${this.where} (${err.message}); retrying: start Redis or fix REDIS_URL`);
  };

  ready = (): void => {
    if (this.#said.size === 0) return;
    this.#said.clear();
    this.#log?.info({ redis: this.#url }, `Redis at ${this.where} answers again`);
  };

  /** Reports `redis`'s errors and recovery here. An ioredis connection without an 'error' listener prints every failed reconnect as a stack. */
  watch(redis: Redis): Redis {
    redis.on('error', this.error);
    redis.on('ready', this.ready);
    return redis;
  }
}

/**
 * A Redis connection for a long-running process (the worker): commands wait
 * through a reconnect instead of failing, as BullMQ's workers require. Its
 * errors and recovery go to `reporter`.
 */
export function openRedis(url: string, reporter: RedisReporter): Redis {
  return reporter.watch(new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: 'altegio-sync' }));
}

/**
 * A Redis connection for a command that should fail fast (`--enqueue`,
 * `cancel`): answers within a few seconds or throws naming REDIS_URL. Once
 * connected, its errors go to `options.reporter` (by default, nowhere).
 */
export async function connectRedisOrFail(url: string, options: { reporter?: RedisReporter; timeoutMs?: number } = {}): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const redis = new Redis(url, {
    maxRetriesPerRequest: 3,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => (times > 3 ? null : 200 * times),
    lazyConnect: true,
    connectionName: 'altegio-sync-cli',
  });
  // ioredis reports the cause (ECONNREFUSED, ENOTFOUND, WRONGPASS) as an event; connect() only says "closed".
  let reason = '';
  const remember = (err: Error) => (reason = err.message);
  redis.on('error', remember);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at REDIS_URL=${redactUrl(url)} (${reason || (err as Error).message}); start Redis or fix REDIS_URL`);
  }
  redis.off('error', remember);
  return (options.reporter ?? new RedisReporter(url)).watch(redis);
}
