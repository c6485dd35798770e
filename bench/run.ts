/**
 * `npm run bench [-- --quick] [--scale 25] [--only load,memory,quota,requests,noop,chaos] [--node-options=--max-old-space-size=96]`
 *
 * Runs the figures against the simulator (in a process of its own), Postgres
 * (BENCH_DATABASE_URL; a database per figure, dropped afterwards) and Redis
 * (BENCH_REDIS_URL; a key prefix per run, whose keys alone it deletes), each
 * by default the tests' TEST_* one, else the local server; prints a table and
 * writes bench/results.json (bench/results.local.json with --quick). The
 * engine runs as the compiled build, as the image runs it.
 *
 * --scale multiplies the API's budget (5/s, 200/min) for figure 1, default 25.
 * Engine processes get the NODE_OPTIONS of the Docker image (its heap
 * limit); --node-options replaces them, e.g. --node-options=' ' for none.
 * Last, the chaos suite runs and its table is printed (not in results.json).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { addDays, eachDate, localDate } from '../src/util/dates.js';
import { compiledCli } from './build.js';
import { chaosFigure } from './chaos.js';
import { loadFigure, type LoadFigure } from './load.js';
import { describeMachine } from './machine.js';
import { backfillRun, shapeFor, type BackfillRun } from './memory.js';
import { imageNodeOptions, ROOT, startSimHost, useNodeOptions } from './processes.js';
import { noopSync, quotaRun, REDIS_URL, type NoopSync, type QuotaRun } from './quota.js';
import { printReport, type Results, type World } from './report.js';
import { requestsFigure, type RequestsFigure } from './requests.js';

const FIGURES = ['load', 'memory', 'quota', 'requests', 'noop', 'chaos'] as const;
type Figure = (typeof FIGURES)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scale: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    'node-options': { type: 'string' },
  },
});
const quick = values.quick!;
const only = new Set<Figure>((values.only ? values.only.split(',') : FIGURES).map((f) => f.trim() as Figure));
for (const f of only) if (!FIGURES.includes(f)) throw new Error(`unknown figure ${f}; figures: ${FIGURES.join(', ')}`);

/** Sizes of a full run and of --quick. */
const SIZES = quick
  ? { quotaClients: 1000, quotaRecords: 4000, quotaDays: 30, loadClients: 50_000, memoryRows: [50_000, 200_000], scale: 25, defaults: { clients: 100, days: 30 } }
  : { quotaClients: 5000, quotaRecords: 20_000, quotaDays: 90, loadClients: 200_000, memoryRows: [250_000, 1_000_000], scale: 25, defaults: { clients: 200, days: 90 } };
const scale = values.scale ? Number(values.scale) : SIZES.scale;
/** The API's budget, scaled up to save time; both windows keep their proportion. */
const budget = { perSecond: 5 * scale, perMinute: 200 * scale };

const started = Date.now();
const log = (line: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

async function redisVersion(): Promise<string | null> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

/** The whole generated history: the simulator's records run from anchor − days to anchor + 7 days (location 1 is in New York). */
function historyOf(anchor: Date, days: number): { from: string; to: string } {
  const today = localDate(anchor, 'America/New_York');
  return { from: addDays(today, -days), to: addDays(today, 7) };
}

/** Figures 1 and 2: the location through 1 and 3 workers at the scaled budget, one job per stream. */
async function quotaFigures(cli: string): Promise<{ runs: QuotaRun[]; requests?: RequestsFigure; world: World }> {
  const anchor = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const recordsPerDay = Math.round(SIZES.quotaRecords / (SIZES.quotaDays + 7));
  const sim = await startSimHost({ locations: 1, clients: SIZES.quotaClients, days: SIZES.quotaDays, recordsPerDay, anchor: anchor.toISOString() as never });
  try {
    const [truth] = await sim.truth();
    const window = historyOf(anchor, SIZES.quotaDays);
    // One job per stream and scope: with shorter chunks every per-client stream re-reads every client per chunk (figure 2b).
    const chunkDays = eachDate(window.from, window.to).length;
    const world: World = { clients: truth!.clients, records: truth!.records, days: SIZES.quotaDays, window, chunkDays };
    const runs: QuotaRun[] = [];
    let requests: RequestsFigure | undefined;
    for (const workers of only.has('quota') ? [1, 3] : [1]) {
      const { run, db } = await quotaRun(sim, { workers, budget, window, log, cli, chunkDays });
      await db.drop();
      runs.push(run);
      if (workers === 1) requests = requestsFigure(run.stats, await sim.minimum({ window, locationIds: sim.locationIds, chainId: sim.chainId }));
    }
    return { runs: only.has('quota') ? runs : [], requests, world };
  } finally {
    await sim.close();
  }
}

/**
 * Figures 2b and 4 on a smaller location: a backfill through a worker with
 * the engine's default backfill jobs (14 days), against the unlimited
 * simulator; then `sync` twice, the second being the no-op.
 */
async function defaultsFigures(cli: string): Promise<{ requests?: RequestsFigure; noop?: NoopSync; world: World }> {
  const anchor = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const { clients, days } = SIZES.defaults;
  const sim = await startSimHost({ locations: 1, clients, days, recordsPerDay: Math.round((clients * 4) / (days + 7)), rateLimit: false, anchor: anchor.toISOString() as never });
  try {
    const [truth] = await sim.truth();
    const window = historyOf(anchor, days);
    const world: World = { clients: truth!.clients, records: truth!.records, days, window, chunkDays: 14 };
    const unlimited = { perSecond: 100_000, perMinute: 10_000_000 };
    const { run, db } = await quotaRun(sim, { workers: 1, budget: unlimited, simLimit: false, window, log, cli });
    try {
      const requests = requestsFigure(run.stats, await sim.minimum({ window, locationIds: sim.locationIds, chainId: sim.chainId }));
      const noop = only.has('noop') ? await noopSync(sim, db.url, log, cli) : undefined;
      return { requests: only.has('requests') ? requests : undefined, noop, world };
    } finally {
      await db.drop();
    }
  } finally {
    await sim.close();
  }
}

const machine = await describeMachine(await redisVersion());
log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, postgres ${machine.postgres}, load ${machine.loadAverage}`);
const cli = compiledCli(log);
// Engine processes run with the image's NODE_OPTIONS (its heap limit), unless --node-options says otherwise.
const nodeOptions = values['node-options'] ?? imageNodeOptions() ?? null;
useNodeOptions(nodeOptions ?? undefined);
log(`engine processes: NODE_OPTIONS=${nodeOptions ?? '(none)'}`);
let load: LoadFigure | undefined;
const memory: BackfillRun[] = [];
if (only.has('load')) load = await loadFigure(SIZES.loadClients, log);
if (only.has('memory')) {
  for (const rows of SIZES.memoryRows) memory.push(await backfillRun(shapeFor(rows), log, cli));
}
const quota = only.has('quota') || only.has('requests') ? await quotaFigures(cli) : undefined;
const defaults = only.has('requests') || only.has('noop') ? await defaultsFigures(cli) : undefined;

const results: Results = {
  command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
  nodeOptions,
  startedAt: new Date(started).toISOString(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  quick,
  machine,
  budget: { api: { perSecond: 5, perMinute: 200 }, scale, scaled: budget },
  world: quota?.world,
  quota: quota?.runs,
  requests: quota?.requests,
  defaults: defaults && { world: defaults.world, requests: defaults.requests },
  noop: defaults?.noop,
  load,
  memory,
};
const out = values.out ?? join(ROOT, 'bench', quick ? 'results.local.json' : 'results.json');
// `--only chaos` leaves the figures of the last run as they are.
if ([...only].some((figure) => figure !== 'chaos')) {
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  printReport(results);
  process.stdout.write(`\nwritten to ${out} in ${results.durationSeconds} s\n`);
}
if (only.has('chaos')) {
  const chaos = chaosFigure(quick, log);
  process.stdout.write(`\nChaos suite${quick ? ' (CHAOS=quick)' : ''}${chaos.ok ? '' : ' (some scenarios failed)'}:\n\n${chaos.table}\n`);
}
