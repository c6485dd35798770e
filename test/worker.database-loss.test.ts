import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { duplicateKeys, truthDiff } from './chaos/exact.js';
import { createTestDatabase } from './helpers/postgres.js';
import { dropPrefix } from './helpers/redis.js';
import { blockWrites, terminateSessions, waitUntilBlocked, type WriteBlocker } from './helpers/terminate.js';
import { sqlClient, startCli, startWorkerProcess, stopChild, testEnv, type Child } from './worker.harness.js';

let sim: Simulator | undefined;
let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let sql: ReturnType<typeof sqlClient> | undefined;
let env: Record<string, string> | undefined;
let blocker: WriteBlocker | undefined;
const children: Child[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopChild(c)));
  await blocker?.release();
  await sql?.end();
  if (env) await dropPrefix(env.REDIS_URL!, env.ALTEGIO_QUEUE_PREFIX!);
  await sim?.close();
  await db?.drop();
  sim = db = sql = env = blocker = undefined;
});

describe('a worker whose database sessions are ended mid-job (pg_terminate_backend)', () => {
  it('stays up, waits it out at the page being written, and completes the job: one run, exact', async () => {
    sim = await startSimulator({ locations: 1, clients: 200, days: 3, rateLimit: false });
    db = await createTestDatabase();
    sql = sqlClient(db.url);
    env = testEnv(sim, db.url, { ALTEGIO_PAGE_SIZE: '50' });
    const worker = await startWorkerProcess(env, ['--no-schedules']);
    children.push(worker);
    blocker = await blockWrites(db.url, ['altegio.clients']);
    const waiter = startCli(['sync', '--enqueue', '--wait', '--streams', 'clients'], env);
    children.push(waiter);

    const waiting = await waitUntilBlocked(sql, db.name, blocker, waiter.exited);
    // Every session of the test database but the lock's own and this one: the worker's, all of them.
    const ended = await terminateSessions(sql, db.name, [blocker.pid]);
    expect(ended).toEqual(expect.arrayContaining(waiting));
    await blocker.release();

    expect(await waiter.exited, waiter.lines.slice(-5).join('\n')).toBe(0);
    expect(worker.proc.exitCode).toBeNull();
    await worker.waitFor(/the warehouse is away; retrying to commit a page/);
    // Waited out inside the job: no failed attempt, no second run.
    const runs = await sql<{ status: string }[]>`select status from altegio.sync_runs where stream = 'clients'`;
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);
    const query = (text: string) => sql!.unsafe(text) as Promise<Array<Record<string, unknown>>>;
    expect([...(await truthDiff(query, sim, ['clients'])), ...(await duplicateKeys(query))]).toEqual([]);
    expect(worker.records().filter((r) => Number(r.level) >= 50).map((r) => r.msg)).toEqual([]);
  });
});
