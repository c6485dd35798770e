/**
 * The official budget, per client IP: at most `perSecond` requests in any 1,000 ms
 * and `perMinute` in any 60,000 ms, both at once (sliding windows, not buckets).
 * Refused requests are not counted: a client that keeps retrying too early is
 * refused but does not push its own window further out.
 */
import type { RateLimit } from '../options.js';

export interface Refusal {
  /** How long until a request would be accepted, in ms. */
  retryMs: number;
}

class Window {
  /** Accepted timestamps of the last minute, oldest first; `head` skips expired ones. */
  stamps: number[] = [];
  head = 0;

  prune(now: number): void {
    while (this.head < this.stamps.length && (this.stamps[this.head] ?? 0) <= now - 60_000) this.head++;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.stamps.length - this.head;
  }

  /** Accepted requests in (now - 1000, now] and the oldest of them. */
  lastSecond(now: number): { count: number; oldest: number } {
    let count = 0;
    let oldest = now;
    for (let i = this.stamps.length - 1; i >= this.head; i--) {
      const t = this.stamps[i] ?? 0;
      if (t <= now - 1000) break;
      count++;
      oldest = t;
    }
    return { count, oldest };
  }
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limit: RateLimit) {}

  /** Accepts (and counts) the request, or says how long to wait. */
  tryAcquire(ip: string, now: number): Refusal | null {
    let w = this.windows.get(ip);
    if (!w) {
      w = new Window();
      this.windows.set(ip, w);
    }
    w.prune(now);
    let retryMs = 0;
    const second = w.lastSecond(now);
    if (second.count >= this.limit.perSecond) retryMs = Math.max(retryMs, second.oldest + 1000 - now);
    if (w.size >= this.limit.perMinute) retryMs = Math.max(retryMs, (w.stamps[w.head] ?? now) + 60_000 - now);
    if (retryMs > 0) return { retryMs };
    w.stamps.push(now);
    return null;
  }
}
