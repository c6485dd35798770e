import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DEFAULT_MARGIN_MS, sleep, type BudgetOptions, type RequestBudget } from '../altegio/budget.js';
import { InterruptedError } from '../errors.js';

/**
 * Grants one request if both sliding windows and the pause allow it, else
 * answers how many ms to wait. The same rule as LocalBudget, on a sorted set
 * of grant times, atomic in Redis. Times come from Redis' own clock, so
 * workers on machines whose clocks disagree still share one window.
 *
 * Redis that lost its data (a flush, a restart without persistence) has
 * forgotten the grants of the last minute, which the API still counts. A
 * process that had used the budget before (it knows the budget's epoch) is
 * told so (-1), puts its own grants of the last minute back (RESEED), and
 * asks again. The first to notice holds every process back for one
 * per-second window, in which every process that is sending asks, notices
 * and puts its share back too: the windows are then as full as they were,
 * rather than empty for all at once.
 *
 * KEYS[1] grants (zset: member = grant id, score = ms), KEYS[2] pause (ms until), KEYS[3] epoch
 * ARGV: perSecond, perMinute, marginMs, grant id, the epoch this process knows ('' for none), a new epoch
 * Returns { ms to wait (0: granted, -1: the budget was lost), the epoch, Redis' time }.
 */
const ACQUIRE = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local perSecond, perMinute, margin = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[6]
  redis.call('SET', KEYS[3], epoch)
end
if ARGV[5] ~= '' and ARGV[5] ~= epoch then
  local hold = now + 1000 + margin
  if hold > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], hold, 'PX', 2000 + margin) end
  return { -1, epoch, now }
end
local untilMs = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000 - margin)
local n = redis.call('ZCARD', KEYS[1])
if n >= perSecond then
  local oldest = redis.call('ZRANGE', KEYS[1], n - perSecond, n - perSecond, 'WITHSCORES')
  untilMs = math.max(untilMs, tonumber(oldest[2]) + 1000 + margin)
end
if n >= perMinute then
  local oldest = redis.call('ZRANGE', KEYS[1], n - perMinute, n - perMinute, 'WITHSCORES')
  untilMs = math.max(untilMs, tonumber(oldest[2]) + 60000 + margin)
end
if untilMs > now then return { untilMs - now, epoch, now } end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], 61000 + margin)
return { 0, epoch, now }
`;

/** KEYS[1] grants; ARGV: margin, then pairs of grant time (ms) and grant id. Puts a process's own recent grants back. */
const RESEED = `
for i = 2, #ARGV, 2 do redis.call('ZADD', KEYS[1], tonumber(ARGV[i]), ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], 61000 + tonumber(ARGV[1]))
return 1
`;

/** KEYS[1] pause; ARGV[1] ms. Only ever moves the pause later. */
const PAUSE = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return untilMs
`;

type BudgetRedis = Redis & {
  altegioBudgetAcquire(
    grants: string,
    pause: string,
    epoch: string,
    perSecond: number,
    perMinute: number,
    margin: number,
    id: string,
    knownEpoch: string,
    newEpoch: string,
  ): Promise<[number, string, number]>;
  altegioBudgetReseed(grants: string, margin: number, ...timesAndIds: Array<string | number>): Promise<number>;
  altegioBudgetPause(pause: string, ms: number): Promise<number>;
};

export interface RedisBudgetOptions extends Omit<BudgetOptions, 'now'> {
  /** Key prefix, e.g. `altegio:budget`: every process that shares it shares the budget. */
  key: string;
  /** Called with each wait, for metrics. */
  onWait?: (ms: number) => void;
  /** Called when Redis cannot be asked (the request then waits and asks again). */
  onError?: (err: Error) => void;
}

/** Raised to requests still waiting for a slot when the budget is closed (shutdown): their run is interrupted. */
export class BudgetClosedError extends InterruptedError {}

/**
 * The API budget shared by every process that uses the same Redis and key:
 * N workers on M machines together never exceed either window, and together
 * use most of it. A 429 anywhere pauses them all.
 */
export class RedisBudget implements RequestBudget {
  readonly #redis: BudgetRedis;
  readonly #options: RedisBudgetOptions;
  readonly #grants: string;
  readonly #pause: string;
  readonly #epochKey: string;
  /** The budget's epoch as this process first saw it; another one, or none, means Redis lost the windows. */
  #epoch = '';
  /** This process's grants of the last minute (Redis time, ms) and their ids, to put back after a loss. */
  #recent: Array<[number, string]> = [];
  readonly #closing = new AbortController();
  readonly #process = randomUUID().slice(0, 8);
  #sequence = 0;
  /** Local copy of our own pauses, so they hold before Redis has them. */
  #pausedUntil = 0;

  constructor(redis: Redis, options: RedisBudgetOptions) {
    this.#options = options;
    this.#grants = `${options.key}:grants`;
    this.#pause = `${options.key}:pause`;
    this.#epochKey = `${options.key}:epoch`;
    const r = redis as BudgetRedis;
    if (typeof r.altegioBudgetAcquire !== 'function') {
      redis.defineCommand('altegioBudgetAcquire', { numberOfKeys: 3, lua: ACQUIRE });
      redis.defineCommand('altegioBudgetPause', { numberOfKeys: 1, lua: PAUSE });
      redis.defineCommand('altegioBudgetReseed', { numberOfKeys: 1, lua: RESEED });
    }
    this.#redis = r;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    // A signal of this call's own: a sleep on the shared one would add a listener to it per waiting request.
    const signals = AbortSignal.any(signal ? [signal, this.#closing.signal] : [this.#closing.signal]);
    for (;;) {
      if (this.#closing.signal.aborted) throw new BudgetClosedError();
      signal?.throwIfAborted();
      const local = this.#pausedUntil - Date.now();
      let wait: number;
      if (local > 0) wait = local;
      else {
        try {
          wait = Number(await this.#ask());
        } catch (err) {
          this.#options.onError?.(err as Error);
          wait = 1000;
        }
      }
      if (wait <= 0) return;
      this.#options.onWait?.(wait);
      // A little jitter, so processes that wait for the same slot do not all ask at the same instant.
      await sleep(wait + Math.floor(Math.random() * 5), signals).catch(() => undefined);
    }
  }

  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
    this.#redis.altegioBudgetPause(this.#pause, Math.ceil(ms)).catch((err: Error) => this.#options.onError?.(err));
  }

  /** Rejects every waiting and future `acquire`. Does not close the Redis connection (the owner does). */
  async close(): Promise<void> {
    this.#closing.abort();
  }

  async #ask(): Promise<number> {
    const o = this.#options;
    const id = `${this.#process}:${++this.#sequence}`;
    const margin = o.marginMs ?? DEFAULT_MARGIN_MS;
    const [wait, epoch, now] = await this.#redis.altegioBudgetAcquire(
      this.#grants, this.#pause, this.#epochKey, o.perSecond, o.perMinute, margin, id, this.#epoch, randomUUID(),
    );
    const at = Number(now);
    this.#recent = this.#recent.filter(([t]) => t > at - 60_000 - margin);
    if (Number(wait) === -1) {
      this.#options.onError?.(new Error('Redis lost the shared request budget: putting back this process\'s grants of the last minute'));
      if (this.#recent.length > 0) await this.#redis.altegioBudgetReseed(this.#grants, margin, ...this.#recent.flat());
      this.#epoch = epoch;
      return 1;
    }
    this.#epoch = epoch;
    if (Number(wait) === 0) this.#recent.push([at, id]);
    return Number(wait);
  }
}
