import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/cli/context.js';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/connect.js';
import { selectStreams } from '../src/jobs/index.js';
import { silentLogger } from '../src/log.js';
import { runPass } from '../src/sync/pass.js';
import { startSimulator, type RequestStats, type Simulator } from '../src/simulator/index.js';
import { addDays } from '../src/util/dates.js';
import { createTestDatabase } from './helpers/postgres.js';
import { dropPrefix, REDIS_URL } from './helpers/redis.js';
import { sqlClient, startCli, startWorkerProcess, stopChild, testEnv, type Child } from './worker.harness.js';

/** Scaled up from the API's 5/s and 200/min so that the test is short; the simulator enforces the same. */
const BUDGET = { perSecond: 20, perMinute: 3000 };
const WORLD = { seed: 11, locations: 2, clients: 8, days: 7 };
/** Tables of bookkeeping, which differ by design (one run per window, and run ids). */
const BOOKKEEPING = new Set(['sync_state', 'sync_runs', 'sync_locks', 'rejected_records', 'schema_migrations']);

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

/** Most requests answered within any `ms` window. */
function busiest(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('backfill --enqueue --wait with two workers', () => {
  let limited: Simulator;
  let reference: Simulator;
  let viaWorkers: Db;
  let inProcess: Db;
  let stats: RequestStats;
  let exitCode: number;
  const workers: Child[] = [];
  let prefix = '';
  const answered: Array<{ at: number; line: string }> = [];

  beforeAll(async () => {
    const anchor = new Date();
    [limited, reference, viaWorkers, inProcess] = await Promise.all([
      startSimulator({ ...WORLD, anchor, rateLimit: BUDGET, log: (line) => answered.push({ at: Date.now(), line }) }),
      startSimulator({ ...WORLD, anchor, rateLimit: false }),
      createTestDatabase(),
      createTestDatabase(),
    ]);
    const today = anchor.toISOString().slice(0, 10);
    const window = { from: addDays(today, -4), to: addDays(today, 1) };

    // The same backfill in one process, against an identical world without a rate limit (first: the two share the CPU).
    const config = loadConfig({ ...testEnv(reference, inProcess.url), ALTEGIO_PAGE_SIZE: '20', ALTEGIO_RATE_LIMIT_PER_SECOND: '1000', ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000' });
    const warehouse = await openPostgres(inProcess.url);
    try {
      const client = createClient(config, silentLogger, undefined, { minRetryDelayMs: 5 });
      const result = await runPass(
        { warehouse, client, config, log: silentLogger },
        { streams: selectStreams(), locationIds: config.locationIds, chainId: config.chainId, mode: 'backfill', window },
      );
      expect(result.ok).toBe(true);
    } finally {
      await warehouse.close();
    }
    const env = testEnv(limited, viaWorkers.url, {
      ALTEGIO_RATE_LIMIT_PER_SECOND: String(BUDGET.perSecond),
      ALTEGIO_RATE_LIMIT_PER_MINUTE: String(BUDGET.perMinute),
      ALTEGIO_BACKFILL_CHUNK_DAYS: '4',
      ALTEGIO_PAGE_SIZE: '20',
      // One job at a time each: with three scopes in flight, both workers must take a share.
      ALTEGIO_WORKER_CONCURRENCY: '1',
    });
    prefix = env.ALTEGIO_QUEUE_PREFIX!;
    workers.push(...(await Promise.all([startWorkerProcess(env, ['--no-schedules']), startWorkerProcess(env, ['--no-schedules'])])));
    limited.resetStats();
    answered.length = 0;
    const backfill = startCli(['backfill', '--enqueue', '--wait', '--from', window.from, '--to', window.to], env);
    workers.push(backfill);

    exitCode = await backfill.exited;
    stats = limited.stats();
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopChild(w)));
    if (prefix) await dropPrefix(REDIS_URL, prefix);
    await Promise.all([limited?.close(), reference?.close(), viaWorkers?.drop(), inProcess?.drop()]);
  });

  it('finishes every job, shared by both workers, without a 429 and at most of the budget', () => {
    const output = workers[2]!.lines.join('\n');
    expect(exitCode, output.slice(-2000)).toBe(0);
    expect(output).toMatch(/job\(s\) completed, 0 failed/);
    for (const worker of workers.slice(0, 2)) {
      expect(worker.records().filter((r) => String(r.msg).startsWith('finished ')).length).toBeGreaterThan(0);
    }
    expect(stats.throttled).toBe(0);
    expect(stats.peakPerSecond).toBeLessThanOrEqual(BUDGET.perSecond);
    // While the work lasts, the two together use most of the budget: the busiest 5 s (start-up and the
    // last, lone jobs aside) run at 80 % or more of the per-second bound.
    const seconds = (stats.lastAt! - stats.firstAt!) / 1000;
    const sustained = busiest(answered.map((a) => a.at), 5000) / 5;
    console.info(
      `${stats.total} requests in ${seconds.toFixed(1)} s (${(stats.total / seconds).toFixed(1)}/s on average), ` +
        `${sustained.toFixed(1)}/s over the busiest 5 s, peak ${stats.peakPerSecond} in a second; budget ${BUDGET.perSecond}/s`,
    );
    expect(sustained).toBeGreaterThanOrEqual(0.8 * BUDGET.perSecond);
  });

  it('leaves the same warehouse as the same backfill in one process', async () => {
    const a = sqlClient(viaWorkers.url);
    const b = sqlClient(inProcess.url);
    try {
      const tables = await a<{ table_name: string }[]>`
        select table_name from information_schema.tables where table_schema = 'altegio' order by table_name`;
      let compared = 0;
      for (const { table_name: table } of tables) {
        if (BOOKKEEPING.has(table)) continue;
        const [left, right] = await Promise.all([contents(a, table), contents(b, table)]);
        expect(left, table).toEqual(right);
        compared += left.length;
      }
      expect(compared).toBeGreaterThan(500);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});

/** Every row of a table as sorted JSON, without the times of writing (`synced_at`; `deleted_at` as a flag). */
async function contents(sql: ReturnType<typeof sqlClient>, table: string): Promise<string[]> {
  const rows = await sql<{ row: Record<string, unknown> }[]>`select to_jsonb(t) as row from ${sql('altegio')}.${sql(table)} t`;
  return rows
    .map(({ row }) => {
      const { synced_at: _synced, ...rest } = row;
      if ('deleted_at' in rest) rest.deleted_at = rest.deleted_at !== null;
      return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([x], [y]) => x.localeCompare(y))));
    })
    .sort();
}
