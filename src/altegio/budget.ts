/**
 * The API's request budget: at most `perSecond` requests in any second and
 * `perMinute` in any minute, both at once, per egress IP. A sliding log of
 * grant times holds both windows exactly; `marginMs` widens each window a
 * little, because the server counts arrival times and ours are send times.
 */
/**
 * Default widening of each window. A request reaches the API a little after
 * its grant, and by a varying amount (the process's event loop, a garbage
 * collection, the CPU shared with other workers): a 100 ms margin still let
 * a 429 through with three workers on two cores (`npm run bench`). At the
 * API's budget the per-minute window binds, so the wider per-second window
 * costs nothing there.
 */
export const DEFAULT_MARGIN_MS = 250;

export interface RequestBudget {
  /** Resolves when one more request may be sent now. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Holds every caller back for `ms` (after a 429). */
  pause(ms: number): void;
  close?(): Promise<void>;
}

export interface BudgetOptions {
  /** Requests in any 1,000 ms window; the API allows 5. */
  perSecond: number;
  /** Requests in any 60,000 ms window; the API allows 200. */
  perMinute: number;
  /** Extra width of each window, default DEFAULT_MARGIN_MS (250 ms). */
  marginMs?: number;
  /** Clock, for tests; default Date.now. */
  now?: () => number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The in-process budget: exact for one process; see the Redis budget for many. */
export class LocalBudget implements RequestBudget {
  readonly #perSecond: number;
  readonly #perMinute: number;
  readonly #margin: number;
  readonly #now: () => number;
  /** Grant times of the last `perMinute` requests, oldest first. */
  readonly #grants: number[] = [];
  #pausedUntil = 0;
  /** Callers are served one at a time, in order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: BudgetOptions) {
    this.#perSecond = options.perSecond;
    this.#perMinute = options.perMinute;
    this.#margin = options.marginMs ?? DEFAULT_MARGIN_MS;
    this.#now = options.now ?? Date.now;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot(signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
  }

  /** How long the next request must wait, in ms (0 = now). */
  delay(): number {
    const now = this.#now();
    let until = this.#pausedUntil;
    const n = this.#grants.length;
    if (n >= this.#perSecond) until = Math.max(until, this.#grants[n - this.#perSecond]! + 1000 + this.#margin);
    if (n >= this.#perMinute) until = Math.max(until, this.#grants[n - this.#perMinute]! + 60_000 + this.#margin);
    return Math.max(0, until - now);
  }

  async #waitForSlot(signal?: AbortSignal): Promise<void> {
    for (let wait = this.delay(); wait > 0; wait = this.delay()) await sleep(wait, signal);
    this.#grants.push(this.#now());
    if (this.#grants.length > Math.max(this.#perMinute, this.#perSecond)) this.#grants.shift();
  }
}

export { sleep };
