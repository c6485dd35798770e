import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { dropPrefix } from './helpers/redis.js';
import { sqlClient, startCli, startWorkerProcess, stopChild, testEnv, type Child } from './worker.harness.js';

describe('a job that cannot succeed', () => {
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const children: Child[] = [];
  let env: Record<string, string>;

  beforeEach(async () => {
    sim = await startSimulator({ locations: 1, clients: 20, days: 2, rateLimit: false });
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopChild(c)));
    await dropPrefix(env.REDIS_URL!, env.ALTEGIO_QUEUE_PREFIX!);
    await sim.close();
    await db.drop();
  });

  it('fails at once on a 404, saying what to fix, in sync_runs and in --wait, which exits non-zero; the other location syncs', async () => {
    env = testEnv(sim, db.url, { ALTEGIO_LOCATION_IDS: '1,99', ALTEGIO_JOB_ATTEMPTS: '5' });
    const worker = await startWorkerProcess(env, ['--no-schedules']);
    children.push(worker);
    const sync = startCli(['sync', '--enqueue', '--wait', '--streams', 'clients'], env);
    children.push(sync);
    expect(await sync.exited).toBe(1);
    const fix = 'check that location 99 exists (ALTEGIO_LOCATION_IDS)';
    expect(sync.lines.join('\n')).toContain(`sync clients location:99 failed: GET /company/99: not found (404)`);
    expect(sync.lines.join('\n')).toContain(fix);

    // Not retried: one attempt of five.
    const final = worker.records().filter((r) => String(r.msg).startsWith('job failed for good'));
    expect(final.map((r) => [r.name, r.attempts])).toEqual([['sync clients location:99', 1]]);

    const sql = sqlClient(db.url);
    try {
      const runs = await sql<{ stream: string; scope: string; status: string; error: string | null }[]>`
        select stream, scope, status, error from altegio.sync_runs order by scope, stream`;
      expect(runs.map((r) => [r.stream, r.scope, r.status])).toEqual([
        ['clients', 'location:1', 'succeeded'],
        ['locations', 'location:1', 'succeeded'],
        ['clients', 'location:99', 'failed'],
        ['locations', 'location:99', 'failed'],
      ]);
      expect(runs[2]!.error).toContain(fix);
    } finally {
      await sql.end();
    }
  });

  it('completes the jobs of streams the account cannot use as unavailable: --wait exits 0, unless the user named one', async () => {
    await sim.close();
    sim = await startSimulator({ locations: 1, clients: 20, days: 2, rateLimit: false, account: { noLoyalty: [1] } });
    env = testEnv(sim, db.url, { ALTEGIO_LOCATION_IDS: '1', ALTEGIO_RATE_LIMIT_PER_SECOND: '1000', ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000', ALTEGIO_RATE_LIMIT_MARGIN_MS: '0' });
    const worker = await startWorkerProcess(env, ['--no-schedules']);
    children.push(worker);
    const all = startCli(['sync', '--enqueue', '--wait'], env);
    children.push(all);
    expect(await all.exited).toBe(0);
    const text = all.lines.join('\n');
    expect(text).toMatch(/job\(s\) completed, 0 failed, 4 unavailable to this account/);
    expect(text).toContain('sync loyalty_programs location:1 unavailable: GET /company/1/loyalty/programs/search: not found (404)');

    const named = startCli(['sync', '--enqueue', '--wait', '--streams', 'loyalty_programs'], env);
    children.push(named);
    expect(await named.exited).toBe(1);
    const sql = sqlClient(db.url);
    try {
      const runs = await sql<{ status: string }[]>`select status from altegio.sync_runs where stream = 'loyalty_programs' order by started_at`;
      expect(runs.map((r) => r.status)).toEqual(['unavailable', 'unavailable']);
    } finally {
      await sql.end();
    }
  });
});
