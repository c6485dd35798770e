import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { duplicateKeys, truthDiff } from './chaos/exact.js';
import { historyWindow } from './chaos/world.js';
import { clusterUnavailable, createCluster, type Cluster } from './helpers/cluster.js';
import { blockWrites, waitUntilBlocked, type WriteBlocker } from './helpers/terminate.js';
import { eventually, sqlClient, startCli, stopChild, testEnv, type Child } from './worker.harness.js';

const unavailable = clusterUnavailable();
const title = 'a warehouse server stopped and started again during a backfill';

let cluster: Cluster | undefined;
let sim: Simulator | undefined;
let child: Child | undefined;
let blocker: WriteBlocker | undefined;
let sql: ReturnType<typeof sqlClient> | undefined;
afterEach(async () => {
  // The cluster goes whatever happened: stopped, its directory removed.
  try {
    await stopChild(child);
    await blocker?.release();
    await sql?.end({ timeout: 1 });
    await sim?.close();
  } finally {
    await cluster?.destroy();
    cluster = sim = child = blocker = sql = undefined;
  }
});

/** The process said it found the warehouse away and kept trying: a retry refused outright (the server is down, not just a session). */
const refusedAndRetrying = (c: Child) =>
  c.records().some((r) => r.code === 'ECONNREFUSED' && /^the warehouse is away; retrying/.test(String(r.msg)));

describe.skipIf(unavailable !== undefined)(unavailable ? `${title} (skipped: ${unavailable})` : title, () => {
  it('the backfill process outlives it, waits within ALTEGIO_DB_RETRY_SECONDS, exits 0 and ends exact', async () => {
    cluster = await createCluster();
    sim = await startSimulator({ locations: 1, clients: 200, days: 6, rateLimit: false });
    const env = testEnv(sim, cluster.url, { ALTEGIO_PAGE_SIZE: '50', ALTEGIO_DB_RETRY_SECONDS: '60' });
    const migrate = startCli(['migrate'], env);
    expect(await migrate.exited, migrate.lines.join('\n')).toBe(0);

    // The first write of clients waits for this lock: the server stops while a page is being written.
    blocker = await blockWrites(cluster.url, ['altegio.clients']);
    sql = sqlClient(cluster.url);
    const { from, to } = historyWindow(sim);
    child = startCli(['backfill', '--from', from, '--to', to, '--streams', 'clients,records'], env);
    await waitUntilBlocked(sql, 'postgres', blocker, child.exited);
    // A fast shutdown ends every session (the page's, mid-statement, and the lock's) and refuses new ones.
    await cluster.stop();
    await eventually(async () => refusedAndRetrying(child!) || child!.proc.exitCode !== null, 30_000, 'a refused retry');
    expect(child.proc.exitCode).toBeNull();
    await cluster.start();

    expect(await child.exited, child.lines.slice(-5).join('\n')).toBe(0);
    expect(child.records().filter((r) => Number(r.level) >= 50).map((r) => r.msg)).toEqual([]);
    const query = (text: string) => sql!.unsafe(text) as Promise<Array<Record<string, unknown>>>;
    expect([...(await truthDiff(query, sim, ['clients', 'records'])), ...(await duplicateKeys(query))]).toEqual([]);
  });
});
