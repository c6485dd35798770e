/**
 * SIGINT during an in-process sync: the first stops the pass after the page
 * being committed, recorded at once; the second exits at once.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCliHere } from './helpers/run-cli.js';
import { sqlClient, startCli, stopChild, testEnv, type Child } from './worker.harness.js';

describe('a signal during sync', () => {
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  const children: Child[] = [];

  beforeAll(async () => {
    // Slow on purpose: 200 clients in pages of 20 at 4 requests a second.
    sim = await startSimulator({ locations: 1, clients: 200, days: 2, rateLimit: { perSecond: 4, perMinute: 1000 } });
    db = await createTestDatabase();
    env = testEnv(sim, db.url, { ALTEGIO_PAGE_SIZE: '20', ALTEGIO_RATE_LIMIT_PER_SECOND: '4', ALTEGIO_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    await sim?.close();
    await db?.drop();
  });

  const clientRuns = async () => {
    const sql = sqlClient(db.url);
    try {
      return await sql<{ status: string; error: string | null; pages: number }[]>`
        select status, error, pages from altegio.sync_runs where stream = 'clients' order by started_at`;
    } finally {
      await sql.end();
    }
  };

  it('the first SIGINT stops it after a committed page, recorded failed at once, and the same command then completes', async () => {
    const sync = startCli(['sync', '--streams', 'clients'], env);
    children.push(sync);
    await sync.waitFor(/clients location:1 page 1\/10: 20 rows/);
    const sent = Date.now();
    sync.proc.kill('SIGINT');
    expect(await sync.exited).toBe(1);
    expect(Date.now() - sent).toBeLessThan(10_000);
    const said = sync.records().map((r) => String(r.msg));
    expect(said).toContain('interrupted: run the same command again to resume where it stopped');

    const [stopped, ...others] = await clientRuns();
    expect(others).toEqual([]);
    expect(stopped!.status).toBe('failed');
    expect(stopped!.error).toMatch(/^interrupted by SIGINT: stopped after the last committed page/);
    expect(stopped!.pages).toBeGreaterThanOrEqual(1);
    expect(stopped!.pages).toBeLessThan(10);

    const again = await runCliHere(['sync', '--streams', 'clients'], env);
    expect(again.code, again.stderr).toBe(0);
    const runs = await clientRuns();
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    const sql = sqlClient(db.url);
    try {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from altegio.clients`;
      expect(row!.n).toBe(200);
    } finally {
      await sql.end();
    }
  });

  it('a second signal exits at once with status 130, while a request is still unanswered', async () => {
    // An API that takes every connection and never answers: the first signal has to wait for the request.
    const sockets: Socket[] = [];
    let connected!: () => void;
    const asked = new Promise<void>((resolve) => (connected = resolve));
    const silent: Server = createServer((socket) => (sockets.push(socket), connected()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      // A location not read yet: the pass asks the API for it first.
      const sync = startCli(['sync', '--streams', 'clients'], {
        ...env,
        ALTEGIO_LOCATION_IDS: '2',
        ALTEGIO_BASE_URL: `http://127.0.0.1:${port}/api/v1`,
        ALTEGIO_TIMEOUT_MS: '30000',
      });
      children.push(sync);
      await asked;
      sync.proc.kill('SIGINT');
      await sync.waitFor(/SIGINT: stopping after the page being committed/);
      sync.proc.kill('SIGINT');
      expect(await sync.exited).toBe(130);
      expect(sync.records().map((r) => String(r.msg))).toContain('second SIGINT: exiting at once; what was not committed is read again by the next run');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
