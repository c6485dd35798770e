/** What the worker's `/healthz` says of the API. */
export interface ApiHealthReport {
  /**
   * `ok` while requests are answered; `failing` during a spell of failures
   * shorter than the threshold; `degraded` past it.
   */
  state: 'ok' | 'failing' | 'degraded';
  /** When the spell began, during one. */
  since?: Date;
  /** The spell's last failure (`GET /records/1: ECONNREFUSED`), during one. */
  lastError?: string;
}

/** One exchange as the client reports it (`ClientOptions.onResponse`). */
export interface ApiExchange {
  endpoint: string;
  /** HTTP status; null when nothing was answered (a network error, a timeout). */
  status: number | null;
  /** Why nothing was answered, when nothing was. */
  error?: string;
}

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

  /**
   * @param degradedAfterMs how long a spell lasts before it is `degraded`
   * @param now the clock, default `Date.now`
   */
  constructor(
    private readonly degradedAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Pass as (part of) the client's `onResponse`. */
  readonly observe = ({ status, endpoint, error }: ApiExchange): void => {
    if (status !== null && status < 500) {
      this.#failingSince = null;
      return;
    }
    this.#failingSince ??= this.now();
    // Endpoint paths and transport errors only: tokens travel in headers, never in these.
    this.#last = `${endpoint}: ${status === null ? (error ?? 'no answer') : `HTTP ${status}`}`;
  };

  /** Seconds the API has been failing, 0 while it answers. */
  failingSeconds(): number {
    return this.#failingSince === null ? 0 : Math.round((this.now() - this.#failingSince) / 1000);
  }

  /** `ok`, or the spell: since when, its last failure, and whether it has lasted past the threshold. */
  report(): ApiHealthReport {
    if (this.#failingSince === null) return { state: 'ok' };
    const degraded = this.now() - this.#failingSince > this.degradedAfterMs;
    return { state: degraded ? 'degraded' : 'failing', since: new Date(this.#failingSince), lastError: this.#last };
  }
}
