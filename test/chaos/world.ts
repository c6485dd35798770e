/**
 * What every chaos scenario shares: the world it syncs, the streams and dates
 * of its backfill, and the row it adds to the results table, with the verdict
 * of comparing the warehouse with the simulator's truth.
 */
import { STREAMS } from '../../src/jobs/index.js';
import type { RequestStats, Simulator, SimulatorOptions } from '../../src/simulator/index.js';
import { addDays } from '../../src/util/dates.js';
import type { Child } from '../worker.harness.js';
import { recordRow, type ChaosRow } from './collect.js';
import { ALL_AREAS, duplicateKeys, truthDiff, type Area, type Query } from './exact.js';

/** 3 locations, 300 clients, three weeks of history (and a week ahead): a backfill of about 1,500 requests. */
export const CHAOS_WORLD = { locations: 3, clients: 100, days: 21 } as const satisfies SimulatorOptions;

/**
 * Every stream but the analytics ones: the truth has nothing to compare them
 * with, and they would be half of every backfill's requests.
 */
export const CHAOS_STREAMS: readonly string[] = STREAMS.map((s) => s.name).filter((name) => !name.includes('analytics'));

/** The whole history: memberships are sold up to 120 days before the anchor, records run to a week after it. */
export function historyWindow(sim: Simulator): { from: string; to: string } {
  const anchor = sim.truth().anchor.slice(0, 10);
  return { from: addDays(anchor, -125), to: addDays(anchor, 8) };
}

/** `backfill` of the whole history over `streams`, as the CLI takes it. */
export function backfillArgs(sim: Simulator, streams: readonly string[] = CHAOS_STREAMS): string[] {
  const { from, to } = historyWindow(sim);
  return ['backfill', '--from', from, '--to', to, '--streams', streams.join(',')];
}

/** The API settings of a process that syncs CHAOS_STREAMS fast, unless a scenario throttles it. */
export const FAST_API = { ALTEGIO_RATE_LIMIT_PER_SECOND: '1000', ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000', ALTEGIO_RATE_LIMIT_MARGIN_MS: '0' };

export const injectedFaults = (stats: RequestStats): number => Object.values(stats.faults).reduce((n, k) => n + k, 0);

/** Waits until `sim` has received `n` more requests than `from`. */
export async function afterRequests(sim: Simulator, n: number, from = sim.stats().total, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (sim.stats().total < from + n) {
    if (Date.now() > deadline) throw new Error(`the simulator got ${sim.stats().total - from} of ${n} requests within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The parts of a row's notes that say something, joined. */
export const notes = (...parts: Array<string | false | undefined>): string => parts.filter(Boolean).join('; ');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How a `sync`, `backfill` or `--enqueue --wait` process ended, from its JSON
 * log: the runs or jobs that failed (and anything logged as an error), and the
 * exit status it should have. Naming every stream in `--streams` makes a
 * stream the account cannot use at a location (loyalty at location 3) fail
 * the pass by design, so that status is 1 whenever one was `unavailable`.
 * `note` is empty when the status is the expected one.
 */
export function outcomeOf(child: Child, code: number): { code: number; expectedCode: number; failures: string[]; unavailable: number; busy: string[]; note: string } {
  const records = child.records();
  const summary = records.find((r) => typeof r.completed === 'number' && typeof r.lost === 'number');
  const failures = records
    .filter((r) => r !== summary && (r.status === 'failed' || (typeof r.level === 'number' && r.level >= 50)))
    .map((r) => String(r.msg).slice(0, 300));
  if (summary && Number(summary.lost) > 0) failures.push(String(summary.msg));
  const unavailable = summary ? Number(summary.unavailable) : records.filter((r) => r.status === 'unavailable').length;
  // Runs left to "another process" (a lease held): only right when another process runs the stream.
  const busy = records.filter((r) => r.status === 'skipped' && /already running in another process/.test(String(r.msg))).map((r) => `${String(r.stream)} ${String(r.scope)}`);
  const expectedCode = failures.length > 0 || unavailable > 0 ? 1 : 0;
  const note = code === expectedCode ? '' : `exit ${code}, expected ${expectedCode}`;
  return { code, expectedCode, failures, unavailable, busy, note };
}

/** A scenario's row while it runs: the body fills it in, `check` gives its verdict. */
export interface Row extends Omit<ChaosRow, 'seconds' | 'scenario'> {
  /**
   * Compares the warehouse with the truth (minus its rejected records) and
   * looks for keys held twice; sets `result` and `rejects`, and returns the
   * differences (empty when exact) for the scenario to assert on.
   */
  check(query: Query, sim: Simulator, areas?: readonly Area[]): Promise<string[]>;
}

/**
 * Runs a scenario and adds its row to the table whatever happens: a scenario
 * that throws before its verdict is recorded as `failed` with the error.
 */
export async function scenario(title: string, body: (row: Row) => Promise<void>): Promise<void> {
  const started = Date.now();
  const row: Row = {
    requests: 0,
    faults: '',
    rejects: 0,
    result: 'not reached',
    async check(query, sim, areas = ALL_AREAS) {
      const diffs = [...(await truthDiff(query, sim, areas)), ...(await duplicateKeys(query))];
      row.rejects = Number((await query('select count(*)::int as n from altegio.rejected_records'))[0]!.n);
      row.result = diffs.length === 0 ? 'exact' : `mismatch: ${diffs.join('; ')}`;
      return diffs;
    },
  };
  try {
    await body(row);
  } catch (err) {
    if (row.result === 'not reached' || row.result === 'exact') row.result = `failed: ${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200)}`;
    throw err;
  } finally {
    const { check: _check, ...cells } = row;
    recordRow({ scenario: title, ...cells, seconds: (Date.now() - started) / 1000 });
  }
}
