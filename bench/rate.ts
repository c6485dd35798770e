/**
 * Quota use of a request timeline against a budget of two sliding windows
 * (per second and per minute, both at once, as the API counts them).
 *
 * The busy period runs from the first accepted request to the last. Quota
 * use is the rate over the busy period ÷ the binding bound: perMinute / 60
 * per second once the period is a minute or longer and that is below
 * perSecond (the 200/min of the real budget binds, not the 5/s), else the
 * most either window allows in the period.
 *
 * Two stricter views tell where a shortfall sits:
 * - whole minutes: requests in the busy period's complete minutes ÷ what the
 *   per-minute window allows in them (the steady state; the remainder is the
 *   last, partial minute);
 * - the most a client could send in the busy period from empty windows, each
 *   request at the earliest instant both windows allow (a burst at the
 *   per-second rate until the minute's budget is spent, and so on), also with
 *   the engine's margin, i.e. the windows it actually keeps.
 * And the time the client rather than the budget set the pace says who lost it.
 */
export interface Budget {
  perSecond: number;
  perMinute: number;
}

export interface QuotaUse {
  requests: number;
  /** Last arrival − first arrival, ms. */
  busyMs: number;
  /** Requests per second over the busy period. */
  achievedPerSecond: number;
  /** The binding bound, per second. */
  boundPerSecond: number;
  binding: 'per minute' | 'per second';
  /** achievedPerSecond ÷ boundPerSecond: the figure. */
  ratio: number;
  /** Complete minutes in the busy period, and requests ÷ perMinute × minutes over them. */
  wholeMinutes: number;
  wholeMinutesRatio: number | null;
  /** The most requests the budget allows in the busy period, from empty windows, and requests ÷ that. */
  maxRequests: number;
  strictRatio: number;
  /** The same with each window widened by `marginMs`, as the engine keeps them. */
  maxWithMargin: number;
  marginMs: number;
  /**
   * Time the client set the pace: the sum over requests of the delay past the
   * earliest instant its own windows (the API's widened by the margin)
   * allowed, given the requests before it. The rest of the busy period the
   * budget held it back.
   */
  clientPacedMs: number;
  /** The longest single pause of the client with the budget free, ms. */
  longestIdleMs: number;
  /** Client-paced time by the endpoint of the request that came late, ms. */
  pacedByEndpoint: Record<string, number>;
  /** Accepted requests in each second of the busy period. */
  perSecond: number[];
}

/**
 * The most requests a client can send within `durationMs` (both ends
 * included), starting from empty windows; `marginMs` widens both windows as
 * the engine's budget does (ALTEGIO_RATE_LIMIT_MARGIN_MS).
 */
export function maxRequestsWithin(durationMs: number, budget: Budget, marginMs = 0): number {
  const sent: number[] = [];
  for (;;) {
    const k = sent.length;
    let at = 0;
    if (k >= budget.perSecond) at = Math.max(at, sent[k - budget.perSecond]! + 1000 + marginMs);
    if (k >= budget.perMinute) at = Math.max(at, sent[k - budget.perMinute]! + 60_000 + marginMs);
    if (at > durationMs) return k;
    sent.push(at);
  }
}

/** Quota use of `arrivals` (ascending ms) against `budget`; `endpoints[i]` names arrival i. */
export function quotaUse(arrivals: number[], budget: Budget, marginMs: number, endpoints?: string[]): QuotaUse {
  const n = arrivals.length;
  const first = arrivals[0] ?? 0;
  const busyMs = n > 1 ? arrivals[n - 1]! - first : 0;
  const achieved = busyMs > 0 ? (n - 1) / (busyMs / 1000) : 0;
  const perMinuteBinds = busyMs >= 60_000 && budget.perMinute / 60 < budget.perSecond;
  const bound = perMinuteBinds ? budget.perMinute / 60 : Math.min(budget.perSecond, busyMs > 0 ? budget.perMinute / (busyMs / 1000) : budget.perSecond);
  const wholeMinutes = Math.floor(busyMs / 60_000);
  const inWholeMinutes = arrivals.filter((t) => t < first + wholeMinutes * 60_000).length;
  const max = maxRequestsWithin(busyMs, budget);
  return {
    requests: n,
    busyMs,
    achievedPerSecond: achieved,
    boundPerSecond: bound,
    binding: perMinuteBinds ? 'per minute' : 'per second',
    ratio: bound > 0 ? achieved / bound : 0,
    wholeMinutes,
    wholeMinutesRatio: wholeMinutes > 0 ? inWholeMinutes / (wholeMinutes * budget.perMinute) : null,
    maxRequests: max,
    strictRatio: max > 0 ? n / max : 0,
    maxWithMargin: maxRequestsWithin(busyMs, budget, marginMs),
    marginMs,
    ...pacing(arrivals, budget, marginMs, endpoints),
    perSecond: histogram(arrivals),
  };
}

function pacing(arrivals: number[], budget: Budget, marginMs: number, endpoints?: string[]) {
  let paced = 0;
  let longest = 0;
  const byEndpoint: Record<string, number> = {};
  for (let i = 1; i < arrivals.length; i++) {
    // The engine's own windows (with its margin): time it waited for them is the budget's, not the engine's.
    let earliest = arrivals[i - 1]!;
    if (i >= budget.perSecond) earliest = Math.max(earliest, arrivals[i - budget.perSecond]! + 1000 + marginMs);
    if (i >= budget.perMinute) earliest = Math.max(earliest, arrivals[i - budget.perMinute]! + 60_000 + marginMs);
    const slack = Math.max(0, arrivals[i]! - earliest);
    paced += slack;
    longest = Math.max(longest, slack);
    const e = endpoints?.[i];
    if (e && slack > 0) byEndpoint[e] = (byEndpoint[e] ?? 0) + slack;
  }
  return { clientPacedMs: paced, longestIdleMs: longest, pacedByEndpoint: byEndpoint };
}

function histogram(arrivals: number[]): number[] {
  const out: number[] = [];
  for (const at of arrivals) {
    const k = Math.floor((at - arrivals[0]!) / 1000);
    while (out.length <= k) out.push(0);
    out[k]! += 1;
  }
  return out;
}
