/** Options of the simulator, their defaults and how they resolve. */
import { ACCOUNT_DEFAULTS, resolveAccount, type AccountOptions, type ResolvedAccount } from './account.js';
import type { DriftRule } from './http/drift.js';

export type { AccountOptions, ResolvedAccount, GiftCardParam } from './account.js';
export type { DriftRule } from './http/drift.js';

/** Probability (0..1) of each injected fault kind, decided per accepted request. */
export interface FaultRates {
  /** A 500, 502 or 503 answer with an HTML body (a gateway in front of the API). */
  serverError: number;
  /** The socket is reset without any answer. */
  connectionReset: number;
  /** The answer is correct but arrives after `slowMs`. */
  slow: number;
  /** Status 200 whose JSON body is cut in half. */
  truncatedJson: number;
}

export type FaultKind = keyof FaultRates;
export const FAULT_KINDS: readonly FaultKind[] = ['serverError', 'connectionReset', 'slow', 'truncatedJson'];

/** The official Altegio budget: both bounds hold at once, per client IP. */
export interface RateLimit {
  /** Accepted requests in any sliding 1,000 ms. Official value (the default): 5. */
  perSecond: number;
  /** Accepted requests in any sliding 60,000 ms. Official value (the default): 200. */
  perMinute: number;
}

export interface SimulatorOptions {
  /** TCP port. Default 0: a random free port (read it back from `Simulator.port`). */
  port?: number;
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Seed of the world and of the fault sequence. Default 1. */
  seed?: number;
  /**
   * Number of locations, all in one chain. Default 3, minimum 1. Ids are 1, 2, 3, ...;
   * zones cycle through New York, Tokyo, London, Auckland, Los Angeles, Berlin.
   */
  locations?: number;
  /** Clients per location. Default 200. */
  clients?: number;
  /** Days of history per location; records run from anchor - days to anchor + 7 days. Default 30. */
  days?: number;
  /** Appointments per location per local day. Default max(5, round(clients / 10)). */
  recordsPerDay?: number;
  /** The world's "now" for generation. Default: the current time. Same seed + anchor = same world. */
  anchor?: Date;
  /** Fault rates; a number is a total split evenly across the four kinds. Default 0. */
  faults?: number | Partial<FaultRates>;
  /** Request budget per client IP; false disables it. Default { perSecond: 5, perMinute: 200 }. */
  rateLimit?: RateLimit | false;
  /** Partner token (the `Bearer` part). Default 'sim-partner-token'. */
  partnerToken?: string;
  /** Initial user token (the `User` part). Default 'sim-user-token'. */
  userToken?: string;
  /** Login accepted by POST /auth. Default 'demo@example.com'. */
  login?: string;
  /** Password accepted by POST /auth. Default 'demo-password'. */
  password?: string;
  /** Delay of a "slow" fault, in ms. Default 1500. */
  slowMs?: number;
  /** Receives one line per answered request. Default: none. */
  log?: (line: string) => void;
  /** Per-location modules, rights and licences of the API user (see AccountOptions for each default). */
  account?: AccountOptions;
  /**
   * Fields renamed or dropped in the answers of an endpoint, e.g.
   * `{ endpoint: 'GET /records/{loc}', field: 'last_change_date', rename: 'changed_at' }`.
   * The endpoint must be one of the routes. Default `[]`.
   */
  drift?: DriftRule[];
}

/** Defaults, exported so that `altegio-sync simulate --help` can show them. */
export const SIMULATOR_DEFAULTS = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  seed: 1,
  locations: 3,
  clients: 200,
  days: 30,
  /** Computed: max(5, round(clients / 10)). */
  recordsPerDay: 'max(5, round(clients / 10))',
  faults: 0,
  rateLimit: Object.freeze({ perSecond: 5, perMinute: 200 }),
  partnerToken: 'sim-partner-token',
  userToken: 'sim-user-token',
  login: 'demo@example.com',
  password: 'demo-password',
  slowMs: 1500,
  chainId: 1001,
  account: ACCOUNT_DEFAULTS,
  drift: '[]',
} as const);

/** Options with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  seed: number;
  locations: number;
  clients: number;
  days: number;
  recordsPerDay: number;
  anchor: Date;
  faults: FaultRates;
  rateLimit: RateLimit | false;
  partnerToken: string;
  userToken: string;
  login: string;
  password: string;
  slowMs: number;
  log: ((line: string) => void) | undefined;
  account: ResolvedAccount;
  /** Checked against the routes when the simulator starts. */
  drift: DriftRule[];
}

function nonNegativeInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`simulator option ${name} must be a non-negative integer, got ${value}`);
  return value;
}

export function resolveFaults(f: number | Partial<FaultRates> | undefined): FaultRates {
  if (f === undefined) return { serverError: 0, connectionReset: 0, slow: 0, truncatedJson: 0 };
  const rates: FaultRates =
    typeof f === 'number'
      ? { serverError: f / 4, connectionReset: f / 4, slow: f / 4, truncatedJson: f / 4 }
      : { serverError: 0, connectionReset: 0, slow: 0, truncatedJson: 0, ...f };
  let total = 0;
  for (const kind of FAULT_KINDS) {
    const r = rates[kind];
    if (!(r >= 0 && r <= 1)) throw new Error(`fault rate ${kind} must be within 0..1, got ${r}`);
    total += r;
  }
  if (total > 1 + 1e-9) throw new Error(`fault rates add up to ${total}, more than 1`);
  return rates;
}

export function resolveRateLimit(r: RateLimit | false | undefined): RateLimit | false {
  if (r === false) return false;
  const limit = r ?? SIMULATOR_DEFAULTS.rateLimit;
  if (!(limit.perSecond >= 1 && limit.perMinute >= 1)) throw new Error('rate limits must be at least 1 request');
  return { perSecond: limit.perSecond, perMinute: limit.perMinute };
}

export function resolveOptions(o: SimulatorOptions = {}): ResolvedOptions {
  const clients = nonNegativeInt('clients', o.clients ?? SIMULATOR_DEFAULTS.clients);
  const locations = Math.max(1, nonNegativeInt('locations', o.locations ?? SIMULATOR_DEFAULTS.locations));
  const anchorMs = (o.anchor ?? new Date()).getTime();
  if (!Number.isFinite(anchorMs)) throw new Error('simulator option anchor is not a valid date');
  return {
    port: nonNegativeInt('port', o.port ?? SIMULATOR_DEFAULTS.port),
    host: o.host ?? SIMULATOR_DEFAULTS.host,
    seed: Math.trunc(o.seed ?? SIMULATOR_DEFAULTS.seed),
    locations,
    clients,
    days: nonNegativeInt('days', o.days ?? SIMULATOR_DEFAULTS.days),
    recordsPerDay: nonNegativeInt('recordsPerDay', o.recordsPerDay ?? Math.max(5, Math.round(clients / 10))),
    // Whole seconds: the API prints seconds, and inclusive filters must hit exact values.
    anchor: new Date(Math.floor(anchorMs / 1000) * 1000),
    faults: resolveFaults(o.faults ?? SIMULATOR_DEFAULTS.faults),
    rateLimit: resolveRateLimit(o.rateLimit),
    partnerToken: o.partnerToken ?? SIMULATOR_DEFAULTS.partnerToken,
    userToken: o.userToken ?? SIMULATOR_DEFAULTS.userToken,
    login: o.login ?? SIMULATOR_DEFAULTS.login,
    password: o.password ?? SIMULATOR_DEFAULTS.password,
    slowMs: nonNegativeInt('slowMs', o.slowMs ?? SIMULATOR_DEFAULTS.slowMs),
    log: o.log,
    account: resolveAccount(o.account, locations),
    drift: [...(o.drift ?? [])],
  };
}
