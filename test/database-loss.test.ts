import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../src/util/dates.js';
import { duplicateKeys, truthDiff } from './chaos/exact.js';
import { historyWindow } from './chaos/world.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';
import { ADMIN_URL } from './helpers/postgres.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { blockWrites, terminateSessions, waitUntilBlocked, type WriteBlocker } from './helpers/terminate.js';
import { startCli, stopChild, type Child } from './worker.harness.js';

let p: Pipeline | undefined;
let proxy: TcpProxy | undefined;
let child: Child | undefined;
const blockers: WriteBlocker[] = [];
afterEach(async () => {
  await stopChild(child);
  await Promise.all(blockers.splice(0).map((b) => b.release()));
  await proxy?.up();
  await p?.close();
  await proxy?.close();
  p = proxy = child = undefined;
});

/** The engine reaches Postgres through a relay the test can take down, as a restart or a lost network would. */
async function pipelineBehindRelay(env: Record<string, string>): Promise<{ p: Pipeline; proxy: TcpProxy }> {
  const admin = new URL(ADMIN_URL);
  const relay = await startTcpProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
  const pipeline = await startPipeline({ sim: { clients: 400, days: 6, locations: 1 }, env, databaseUrl: (url) => relay.urlFor(url) });
  return { p: pipeline, proxy: relay };
}

/** The pipeline's pool gives its dead connections up once each: ask until it answers. */
async function settle(pipeline: Pipeline): Promise<void> {
  for (let i = 0; i < 10; i++) {
    if (await pipeline.rows('select 1').then(() => true, () => false)) return;
  }
}

describe('losing the warehouse mid-run', () => {
  it('waits it out page by page: the database away again and again, the backfill still completes exactly', async () => {
    // At 4 requests a second the backfill takes about ten seconds: long enough to lose the database many times.
    ({ p, proxy } = await pipelineBehindRelay({ ALTEGIO_PAGE_SIZE: '20', ALTEGIO_RATE_LIMIT_PER_SECOND: '4' }));
    let outages = 0;
    let stop = false;
    // Every connection ends and new ones are refused for 300 ms, every 1.5 s: up long enough for a page to commit on a busy machine.
    // Its own reference: a test that timed out has its relay taken away by afterEach while this loop still runs.
    const relay = proxy!;
    const restarting = (async () => {
      while (!stop) {
        await new Promise((resolve) => setTimeout(resolve, 1200));
        if (stop) break;
        await relay.down();
        outages += 1;
        await new Promise((resolve) => setTimeout(resolve, 300));
        await relay.up();
      }
    })();
    try {
      const anchor = localDate(new Date(p.sim.truth().anchor), 'UTC');
      const result = await p.backfill({ from: addDays(anchor, -6), to: addDays(anchor, 2) }, ['clients', 'records']);
      stop = true;
      await restarting;
      expect(result.runs.map((r) => [r.stream, r.status, r.error?.message])).toEqual([
        ['locations', 'succeeded', undefined],
        ['clients', 'succeeded', undefined],
        ['records', 'succeeded', undefined],
      ]);
      expect(outages).toBeGreaterThanOrEqual(4);
      await settle(p);
      const truth = p.sim.truth().locations[0]!;
      const clients = await p.rows<{ id: string }>('select id from altegio.clients order by id');
      expect(clients.map((c) => Number(c.id))).toEqual(truth.clients.ids);
      const [records] = await p.rows<{ n: string; distinct: string }>('select count(*) as n, count(distinct id) as distinct from altegio.records');
      expect(Number(records!.n)).toBe(Number(records!.distinct));
      expect(Number(records!.n)).toBeGreaterThan(100);
    } finally {
      stop = true;
      await restarting;
    }
    // Each outage costs the backfill a retry's backoff: on a busy machine it takes well over a minute.
  }, 240_000);

  it('gives up after ALTEGIO_DB_RETRY_SECONDS with a message naming DATABASE_URL, and keeps what committed', async () => {
    ({ p, proxy } = await pipelineBehindRelay({ ALTEGIO_PAGE_SIZE: '20' }));
    await p.sync(['locations']);
    await proxy.down();
    const failure = await p.sync(['clients'], { ALTEGIO_DB_RETRY_SECONDS: '2' }).then(
      (result) => result.runs.find((r) => r.stream === 'clients')?.error,
      (err: unknown) => err as Error,
    );
    expect(failure?.message).toMatch(/^the warehouse \(postgres:\/\/.*\) could not be reached for \d+ s \(ECONNREFUSED\); check DATABASE_URL and that the database is up/);
    await proxy.up();
    await settle(p);
    const [located] = await p.rows<{ n: string }>('select count(*) as n from altegio.locations');
    expect(Number(located!.n)).toBe(1);
  });
});

/**
 * Starts a run, and makes its first write to clients, then its first to
 * records, wait for a lock; each time, ends every session the sync has on its
 * database with pg_terminate_backend, then lets the lock go. Returns the run.
 */
async function terminateTwiceMidWrite<T>(pipeline: Pipeline, start: () => Promise<T>): Promise<T> {
  const url = pipeline.config.databaseUrl!;
  const database = new URL(url).pathname.slice(1);
  const held = [await blockWrites(url, ['altegio.clients']), await blockWrites(url, ['altegio.records'])];
  blockers.push(...held);
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    const run = start();
    for (const blocker of held) {
      const waiting = await waitUntilBlocked(admin, database, blocker, run);
      const ended = await terminateSessions(admin, database, held.map((b) => b.pid));
      // The page's transaction itself was ended, mid-statement.
      expect(ended).toEqual(expect.arrayContaining(waiting));
      await blocker.release();
    }
    return await run;
  } finally {
    await admin.end();
  }
}

/** Every difference between the warehouse and the simulator in clients and records, and any key held twice. */
async function differences(pipeline: Pipeline): Promise<string[]> {
  const query = (text: string) => pipeline.rows(text);
  return [...(await truthDiff(query, pipeline.sim, ['clients', 'records'])), ...(await duplicateKeys(query))];
}

describe('the sync\'s sessions ended by the server (pg_terminate_backend, SQLSTATE 57P01)', () => {
  const world = { clients: 200, days: 6, locations: 1 };

  it('a backfill in this process waits it out at the page being written and ends exact', async () => {
    p = await startPipeline({ sim: world, env: { ALTEGIO_PAGE_SIZE: '50' } });
    const result = await terminateTwiceMidWrite(p, () => p!.backfill(historyWindow(p!.sim), ['clients', 'records']));
    expect(result.runs.map((r) => [r.stream, r.status, r.error?.message])).toEqual([
      ['locations', 'succeeded', undefined],
      ['clients', 'succeeded', undefined],
      ['records', 'succeeded', undefined],
    ]);
    expect(await differences(p)).toEqual([]);
  });

  it('the backfill command waits it out, says so, exits 0 and ends exact', async () => {
    p = await startPipeline({ sim: world, env: { ALTEGIO_PAGE_SIZE: '50' } });
    const { from, to } = historyWindow(p.sim);
    const code = await terminateTwiceMidWrite(p, () => {
      child = startCli(['backfill', '--from', from, '--to', to, '--streams', 'clients,records'], p!.env);
      return child.exited;
    });
    expect(code, child!.lines.slice(-5).join('\n')).toBe(0);
    const records = child!.records();
    // Once for each time its sessions were ended: the driver reports the server's 57P01, or the socket it closed right after.
    const retries = records.filter((r) => /^(57P01|CONNECTION_CLOSED)$/.test(String(r.code)) && /^the warehouse is away; retrying to commit a page/.test(String(r.msg)));
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(records.filter((r) => Number(r.level) >= 50).map((r) => r.msg)).toEqual([]);
    expect(await differences(p)).toEqual([]);
  });
});
