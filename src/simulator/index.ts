/**
 * A local HTTP server that behaves like api.alteg.io (Altegio B2B API v1): the demo,
 * the tests and the benchmarks run against it. Deterministic for a seed and anchor.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROUTES } from './api/index.js';
import { validateDrift } from './http/drift.js';
import { API_PREFIX, SimServer } from './http/server.js';
import type { RequestStats } from './http/stats.js';
import { createMutations, type Mutations } from './mutations.js';
import {
  resolveFaults,
  resolveOptions,
  resolveRateLimit,
  type FaultRates,
  type RateLimit,
  type ResolvedOptions,
  type SimulatorOptions,
} from './options.js';
import { computeTruth, type GroundTruth } from './truth/index.js';
import { generateWorld } from './world/generate.js';
import type { World } from './world/world.js';

export { SIMULATOR_DEFAULTS, FAULT_KINDS } from './options.js';
export type { FaultKind, FaultRates, RateLimit, ResolvedOptions, SimulatorOptions } from './options.js';
export { ACCOUNT_DEFAULTS, GIFT_CARD_PARAMS, type AccountOptions, type GiftCardParam, type ResolvedAccount } from './account.js';
export { parseDriftRules, type DriftRule } from './http/drift.js';
export { SERVER_TIMEZONE } from './time.js';
export type { EndpointStats, RequestStats } from './http/stats.js';
export type { ClientPatch, Mutations, RecordPatch } from './mutations.js';
export type * from './truth/index.js';
export type { World } from './world/world.js';
export type * from './world/types.js';
export { toMilli, moneyText, decimalText, amountText, type Milli, type Money } from './money.js';

/** Every endpoint the simulator answers, as `<METHOD> <template>` (the keys of `stats().byEndpoint`). */
export const ENDPOINTS: readonly string[] = ROUTES.map((r) => `${r.method} ${r.template}`);

export interface Simulator {
  /** Base URL including /api/v1, e.g. http://127.0.0.1:8787/api/v1. */
  url: string;
  port: number;
  /** The resolved options (faults and rateLimit follow setFaults / setRateLimit). */
  options: ResolvedOptions;
  /** Stops listening and closes every open socket. */
  close(): Promise<void>;
  stats(): RequestStats;
  resetStats(): void;
  /** What a correct warehouse holds after a full sync of the current world. */
  truth(): GroundTruth;
  mutate: Mutations;
  setFaults(faults: number | Partial<FaultRates>): void;
  setRateLimit(limit: RateLimit | false): void;
  /** The internal state: read-only by convention (change it through `mutate`). */
  world: World;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSimulator(options?: SimulatorOptions): Promise<Simulator> {
  const resolved = resolveOptions(options);
  resolved.drift = validateDrift(resolved.drift, ENDPOINTS);
  const world = generateWorld(resolved);
  const sim = new SimServer(world, resolved, ROUTES);
  const server = createServer({ keepAliveTimeout: 5000 }, sim.handle);
  const port = await listen(server, resolved.port, resolved.host);
  const hostInUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let rotations = 0;
  const rotate = (): string => {
    rotations++;
    world.userToken = `${resolved.userToken}-r${rotations}`;
    return world.userToken;
  };
  let closed: Promise<void> | null = null;
  return {
    url: `http://${hostInUrl}:${port}${API_PREFIX}`,
    port,
    options: resolved,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        sim.cancelTimers();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
    stats: () => sim.stats.snapshot(),
    resetStats: () => sim.stats.reset(),
    truth: () => computeTruth(world),
    mutate: createMutations(world, rotate),
    setFaults: (f) => sim.setFaults(resolveFaults(f)),
    setRateLimit: (r) => sim.setRateLimit(resolveRateLimit(r)),
    world,
  };
}
