/**
 * SIGINT or SIGTERM during an in-process `sync` or `backfill`: the first
 * stops the pass after the page being committed, recorded `interrupted` at
 * once, and the same command resumes it; the second exits at once.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { addDays, localDate } from '../src/util/dates.js';
import { truthDiff, type Area } from './chaos/exact.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';
import { sqlClient, startCli, stopChild, testEnv, type Child } from './worker.harness.js';

const RESUME_HINT = 'interrupted: run the same command again to resume where it stopped';

/** A pass to stop: what it runs, the line of its first committed page, and the endpoint its pages are read from. */
interface Case {
  signal: NodeJS.Signals;
  command: 'sync' | 'backfill';
  stream: string;
  args: (sim: Simulator) => string[];
  firstPage: RegExp;
  endpoint: string;
  area: Area;
  env?: Record<string, string>;
}

/** Every date the simulated location has records on (from `days` before its today to a week after). */
function recordDates(sim: Simulator, days: number): string[] {
  const location = sim.truth().locations[0]!;
  const today = localDate(new Date(sim.truth().anchor), location.timezone);
  return ['--from', addDays(today, -days), '--to', addDays(today, 7)];
}

const DAYS = 2;
const CASES: Case[] = [
  { signal: 'SIGINT', command: 'sync', stream: 'clients', args: () => ['--streams', 'clients'], firstPage: /clients location:1 page 1\/10: 20 rows/, endpoint: '/clients/1?', area: 'clients' },
  { signal: 'SIGTERM', command: 'sync', stream: 'clients', args: () => ['--streams', 'clients'], firstPage: /clients location:1 page 1\/10: 20 rows/, endpoint: '/clients/1?', area: 'clients' },
  {
    signal: 'SIGINT',
    command: 'backfill',
    stream: 'records',
    // A day a range, pages of 10: a few pages each of the ten days.
    args: (sim) => [...recordDates(sim, DAYS), '--streams', 'records'],
    firstPage: /records location:1 \S+ \(1\/10\) page 1: \d+ rows/,
    endpoint: '/records/1?',
    area: 'records',
    env: { ALTEGIO_PAGE_SIZE: '10', ALTEGIO_BACKFILL_CHUNK_DAYS: '1' },
  },
];

describe('a signal during sync or backfill', () => {
  let sim: Simulator;
  const children: Child[] = [];
  const dropped: Array<() => Promise<void>> = [];
  /** Pages the simulator served (`GET <path>?<query>`), answered 200. */
  const served: string[] = [];

  beforeAll(async () => {
    // Slow on purpose: 200 clients in pages of 20 at 4 requests a second.
    sim = await startSimulator({
      locations: 1,
      clients: 200,
      days: DAYS,
      rateLimit: { perSecond: 4, perMinute: 1000 },
      log: (line) => void (/ 200 \d+ms/.test(line) && served.push(line.split(' ').slice(0, 2).join(' '))),
    });
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    await sim?.close();
    for (const drop of dropped) await drop();
  });

  /** A fresh warehouse and the variables of the CLI on it. */
  const freshWarehouse = async (extra: Record<string, string> = {}) => {
    const db = await createTestDatabase();
    dropped.push(db.drop);
    const env = testEnv(sim, db.url, { ALTEGIO_PAGE_SIZE: '20', ALTEGIO_RATE_LIMIT_PER_SECOND: '4', ALTEGIO_RATE_LIMIT_PER_MINUTE: '1000', ...extra });
    return { url: db.url, env };
  };

  const runsOf = async (url: string, stream: string) => {
    const sql = sqlClient(url);
    try {
      return await sql<{ status: string; error: string | null; pages: number; finished: boolean }[]>`
        select status, error, pages, finished_at is not null as finished from altegio.sync_runs where stream = ${stream} order by started_at`;
    } finally {
      await sql.end();
    }
  };

  it.each(CASES.map((c) => [c.signal, c.command, c] as const))(
    'the first %s during %s stops it after a committed page, recorded interrupted at once; the same command then resumes it, exact',
    async (_signal, _command, c) => {
      const { url, env } = await freshWarehouse(c.env);
      const args = [c.command, ...c.args(sim)];
      served.length = 0;
      const pass = startCli(args, env);
      children.push(pass);
      await pass.waitFor(c.firstPage);
      pass.proc.kill(c.signal);
      expect(await pass.exited).toBe(1);
      expect(pass.records().map((r) => String(r.msg))).toContain(RESUME_HINT);

      // Recorded by the process that stopped, before any other run.
      const [stopped, ...others] = await runsOf(url, c.stream);
      expect(others).toEqual([]);
      expect([stopped!.status, stopped!.finished]).toEqual(['interrupted', true]);
      expect(stopped!.error).toBe(`interrupted by ${c.signal}: stopped after the last committed page; ${RESUME_HINT.replace('interrupted: ', '')}`);
      expect(stopped!.pages).toBeGreaterThanOrEqual(1);

      // An interruption is shown, and is not a failure of the stream.
      const status = await runCli(['status'], env);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(new RegExp(`${c.stream}.*interrupted`));

      const again = await runCli(args, env);
      expect(again.code, again.stderr).toBe(0);
      const runs = await runsOf(url, c.stream);
      expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
      // Resumed, not started over: the two runs committed each page once (pages read ahead of the stop are asked again).
      const pages = new Set(served.filter((line) => line.includes(c.endpoint)));
      expect(stopped!.pages).toBeLessThan(pages.size);
      expect(stopped!.pages + runs[1]!.pages).toBe(pages.size);
      const sql = sqlClient(url);
      try {
        expect(await truthDiff((text) => sql.unsafe(text), sim, [c.area])).toEqual([]);
      } finally {
        await sql.end();
      }
    },
  );

  it('a second signal exits at once with status 130, while a request is still unanswered', async () => {
    const { env } = await freshWarehouse();
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
