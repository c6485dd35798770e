/**
 * Whether the API answers, as the worker's `/healthz` reports it: a request
 * answered (2xx, or a 4xx, which is an answer) clears it; a request with no
 * answer or a 5xx starts, or continues, a failing spell. A spell longer than
 * `degradedAfterMs` makes the worker report itself degraded: it cannot sync,
 * though restarting it would not help.
 */
export class ApiHealth {
  #failingSince: number | null = null;
  #last = '';

  constructor(
    private readonly degradedAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Pass as (part of) the client's `onResponse`. */
  readonly observe = ({ status, endpoint }: { status: number | null; endpoint: string }): void => {
    if (status !== null && status < 500) {
      this.#failingSince = null;
      return;
    }
    this.#failingSince ??= this.now();
    this.#last = `${endpoint}: ${status === null ? 'no answer' : `HTTP ${status}`}`;
  };

  /** Seconds the API has been failing, 0 while it answers. */
  failingSeconds(): number {
    return this.#failingSince === null ? 0 : Math.round((this.now() - this.#failingSince) / 1000);
  }

  /** `ok`, or what is wrong; `degraded` once the spell is longer than the threshold. */
  report(): { degraded: boolean; check: string } {
    const seconds = this.failingSeconds();
    if (this.#failingSince === null) return { degraded: false, check: 'ok' };
    const degraded = this.now() - this.#failingSince > this.degradedAfterMs;
    return { degraded, check: `failing for ${seconds} s (last: ${this.#last})` };
  }
}
