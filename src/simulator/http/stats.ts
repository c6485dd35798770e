/** Request accounting: per endpoint template and status, throttling, faults and peak rates. */
import { FAULT_KINDS, type FaultKind } from '../options.js';

export interface EndpointStats {
  requests: number;
  /** Count per HTTP status; 0 stands for a connection reset without an answer. */
  status: Record<number, number>;
}

export interface RequestStats {
  /** Every request, including refused (429) ones. */
  total: number;
  /** Keyed by method and path template, e.g. `GET /clients/{loc}`; unknown paths under `GET (unknown)`. */
  byEndpoint: Record<string, EndpointStats>;
  /** Requests refused with 429. */
  throttled: number;
  /** Injected faults by kind. */
  faults: Record<FaultKind, number>;
  /** Most accepted (non-429) requests seen in any sliding 1,000 ms window, all IPs together. */
  peakPerSecond: number;
  /** Most accepted requests seen in any sliding 60,000 ms window. */
  peakPerMinute: number;
  /** Epoch ms of the first and the last request, or null before any. */
  firstAt: number | null;
  lastAt: number | null;
}

function emptyFaults(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

export class StatsCollector {
  private stats: RequestStats = StatsCollector.empty();
  private accepted: number[] = [];
  private headMinute = 0;
  private headSecond = 0;

  private static empty(): RequestStats {
    return { total: 0, byEndpoint: {}, throttled: 0, faults: emptyFaults(), peakPerSecond: 0, peakPerMinute: 0, firstAt: null, lastAt: null };
  }

  /** Counts an arriving request (before it is accepted or refused). */
  arrive(now: number): void {
    this.stats.total++;
    this.stats.firstAt ??= now;
    this.stats.lastAt = now;
  }

  /** Updates the sliding-window peaks with an accepted request. */
  accept(now: number): void {
    this.accepted.push(now);
    while ((this.accepted[this.headMinute] ?? now) <= now - 60_000) this.headMinute++;
    while ((this.accepted[this.headSecond] ?? now) <= now - 1000) this.headSecond++;
    if (this.headMinute > 4096) {
      this.accepted = this.accepted.slice(this.headMinute);
      this.headSecond -= this.headMinute;
      this.headMinute = 0;
    }
    const len = this.accepted.length;
    this.stats.peakPerSecond = Math.max(this.stats.peakPerSecond, len - this.headSecond);
    this.stats.peakPerMinute = Math.max(this.stats.peakPerMinute, len - this.headMinute);
  }

  throttle(): void {
    this.stats.throttled++;
  }

  fault(kind: FaultKind): void {
    this.stats.faults[kind]++;
  }

  /** Records the status an endpoint answered (0 for a reset). */
  answer(endpoint: string, status: number): void {
    const e = (this.stats.byEndpoint[endpoint] ??= { requests: 0, status: {} });
    e.requests++;
    e.status[status] = (e.status[status] ?? 0) + 1;
  }

  snapshot(): RequestStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = StatsCollector.empty();
    this.accepted = [];
    this.headMinute = 0;
    this.headSecond = 0;
  }
}
