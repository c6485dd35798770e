import { sql } from 'drizzle-orm';
import { createClient } from '../../src/cli/context.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openPostgres, type Warehouse } from '../../src/db/connect.js';
import { selectStreams } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/log.js';
import { runPass, type PassResult } from '../../src/sync/pass.js';
import type { DateWindow } from '../../src/sync/types.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { createTestDatabase } from './postgres.js';

export interface Pipeline {
  sim: Simulator;
  config: Readonly<Config>;
  /** The variables the engine was configured with, for running the CLI against the same simulator and database. */
  env: Record<string, string>;
  warehouse: Warehouse;
  /** One incremental pass (all streams when none are given); `named` are the streams the user named (`--streams`). */
  sync(streams?: string[], env?: Record<string, string>, named?: string[]): Promise<PassResult>;
  /** A backfill of `window` (all streams when none are named); `restart` reads again what a completed backfill read. */
  backfill(window: DateWindow, streams?: string[], options?: { restart?: boolean }): Promise<PassResult>;
  /** Rows of a raw SQL query against the warehouse. */
  rows<T = Record<string, unknown>>(query: string): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * A simulator on a random port (unlimited rate unless asked), a fresh
 * database cloned from the migrated template, and the real sync engine
 * talking to the one over HTTP and writing to the other.
 */
export async function startPipeline(
  options: { sim?: SimulatorOptions; env?: Record<string, string>; /** How the engine reaches the database (a relay in front of it). */ databaseUrl?: (url: string) => string } = {},
): Promise<Pipeline> {
  const sim = await startSimulator({ rateLimit: false, ...options.sim });
  const db = await createTestDatabase();
  const engineUrl = options.databaseUrl ? options.databaseUrl(db.url) : db.url;
  const baseEnv = {
    ALTEGIO_BASE_URL: sim.url,
    ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
    ALTEGIO_USER_TOKEN: 'sim-user-token',
    ALTEGIO_LOCATION_IDS: sim.truth().locations.map((l) => l.id).join(','),
    ALTEGIO_CHAIN_ID: String(sim.truth().chainId),
    DATABASE_URL: engineUrl,
    ALTEGIO_RATE_LIMIT_PER_SECOND: '1000',
    ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000',
    ALTEGIO_RATE_LIMIT_MARGIN_MS: '0',
    ALTEGIO_TIMEOUT_MS: '5000',
    ...options.env,
  };
  const config = loadConfig(baseEnv);
  const warehouse = await openPostgres(engineUrl);
  const deps = (cfg: Readonly<Config>) => ({
    warehouse,
    config: cfg,
    log: silentLogger,
    client: createClient(cfg, silentLogger, undefined, { minRetryDelayMs: 5 }),
  });
  return {
    sim,
    config,
    env: baseEnv,
    warehouse,
    sync: (streams = [], env = {}, named = []) => {
      const cfg = Object.keys(env).length ? loadConfig({ ...baseEnv, ...env }) : config;
      return runPass(deps(cfg), { streams: selectStreams(streams), locationIds: cfg.locationIds, chainId: cfg.chainId, named });
    },
    backfill: (window, streams = [], options = {}) =>
      runPass(deps(config), { streams: selectStreams(streams), locationIds: config.locationIds, chainId: config.chainId, mode: 'backfill', window, ...options }),
    rows: (query) => warehouse.query(sql.raw(query)),
    async close() {
      await warehouse.close();
      await sim.close();
      await db.drop();
    },
  };
}
