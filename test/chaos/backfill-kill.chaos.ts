import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { LEASE_MS } from '../../src/sync/lease.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { sqlClient, startCli, stopChild, testEnv, type Child } from '../worker.harness.js';
import { watchCursors } from './cursors.js';
import { afterRequests, backfillArgs, CHAOS_WORLD, FAST_API, notes, outcomeOf, scenario, sleep, type Row } from './world.js';

/** Where each killed run dies: after this share of a fresh backfill's requests, counted from the first run. */
const KILLS = [0.2, 0.45, 0.7];

let sim: Simulator;
/** Requests of a fresh backfill of the whole history. */
let fresh: number;
const dbs: Array<Awaited<ReturnType<typeof createTestDatabase>>> = [];
const children: Child[] = [];

/** A backfill of the whole history in a child process. */
function backfill(db: { url: string }): Child {
  const child = startCli(backfillArgs(sim), testEnv(sim, db.url, FAST_API));
  children.push(child);
  return child;
}

async function freshDatabase() {
  const db = await createTestDatabase();
  dbs.push(db);
  return db;
}

beforeAll(async () => {
  sim = await startSimulator({ ...CHAOS_WORLD, rateLimit: false });
  const reference = backfill(await freshDatabase());
  expect(outcomeOf(reference, await reference.exited).failures).toEqual([]);
  fresh = sim.stats().total;
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopChild(c)));
  for (const db of dbs.splice(0)) await db.drop();
});
afterAll(async () => {
  await sim?.close();
});

/**
 * Kills a backfill three times at different moments (each run started as
 * soon as the one before died), waits `pauseMs`, runs it once more to the
 * end, and checks the warehouse and every cursor seen on the way.
 */
async function killThreeTimesThenFinish(row: Row, pauseMs: number): Promise<{ busy: string[]; diffs: string[] }> {
  sim.resetStats();
  const db = await freshDatabase();
  const sql = sqlClient(db.url);
  const cursors = watchCursors((text) => sql.unsafe(text));
  try {
    for (const share of KILLS) {
      const child = backfill(db);
      await afterRequests(sim, Math.round(fresh * share), 0);
      child.proc.kill('SIGKILL');
      await child.exited;
    }
    await sleep(pauseMs);
    const beforeLast = sim.stats().total;
    const last = backfill(db);
    const run = outcomeOf(last, await last.exited);
    const lastRequests = sim.stats().total - beforeLast;
    const regressions = await cursors.stop();
    row.requests = sim.stats().total;
    row.faults = `${KILLS.length} × kill -9`;
    row.notes = notes(
      `last run ${lastRequests} requests = ${Math.round((100 * lastRequests) / fresh)} % of a fresh backfill (${fresh})`,
      run.busy.length > 0 && `it skipped ${run.busy.length} runs as held by another process (${run.busy.join(', ')})`,
      `${regressions.length} cursor regressions in ${cursors.observations()} reads${regressions.length ? ` (${regressions.slice(0, 2).join(', ')})` : ''}`,
      run.note,
    );
    const diffs = await row.check((text) => sql.unsafe(text), sim);
    expect(run.failures).toEqual([]);
    expect(run.code).toBe(run.expectedCode);
    expect(regressions).toEqual([]);
    expect(cursors.observations()).toBeGreaterThan(20);
    expect(lastRequests).toBeLessThan(fresh * (1 - KILLS.at(-1)! + 0.2));
    return { busy: run.busy, diffs };
  } finally {
    await cursors.stop();
    await sql.end();
  }
}

describe('a backfill process killed with SIGKILL three times', () => {
  it('run again at once, resumes every stream the dead process held and ends exact', () =>
    scenario('1a. kill -9 of a backfill, 3 times, resumed at once', async (row) => {
      const { busy, diffs } = await killThreeTimesThenFinish(row, 0);
      expect(busy).toEqual([]);
      expect(diffs).toEqual([]);
    }));

  it('run again once the dead process\'s leases ran out, ends exact, never moves a cursor back, and skips what was finished', () =>
    scenario(`1b. kill -9 of a backfill, 3 times, resumed after ${LEASE_MS / 1000} s`, async (row) => {
      const { diffs } = await killThreeTimesThenFinish(row, LEASE_MS + 1000);
      expect(diffs).toEqual([]);
    }));
});
