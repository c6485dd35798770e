/**
 * Every command reaches the exit statuses the README documents: 0 done, 1
 * something did not complete (or a service could not be reached), 2 bad
 * configuration or usage, 3 the API refused the credentials. One test per
 * status a command can reach, each running the real binary in a child
 * process; cases that share no state run side by side.
 * (`demo` exiting 0 is in cli.test.ts; `cancel` in cancel.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { addDays, localDate } from '../src/util/dates.js';
import { ADMIN_URL, createTestDatabase, databaseUrl } from './helpers/postgres.js';
import { REDIS_URL, dropPrefix, testPrefix } from './helpers/redis.js';
import { runCli } from './helpers/run-cli.js';
import { freePort, startCli, startWorkerProcess, stopChild, testEnv, type Child } from './worker.harness.js';

describe('exit statuses', () => {
  const role = `altegio_reader_${randomUUID().slice(0, 8)}`;
  // After hooks run last-registered first: this one runs after the database is dropped.
  afterAll(async () => {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop role if exists ${role}`);
    await admin.end();
  });
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  let deadPort: number;
  let worker: Child | undefined;
  const prefix = testPrefix();
  const yesterday = addDays(localDate(new Date(), 'UTC'), -1);
  const window = ['--from', addDays(yesterday, -1), '--to', yesterday];

  beforeAll(async () => {
    sim = await startSimulator({ locations: 3, clients: 20, days: 3, rateLimit: false });
    db = await createTestDatabase();
    deadPort = await freePort();
    env = {
      ALTEGIO_BASE_URL: sim.url,
      ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
      ALTEGIO_USER_TOKEN: 'sim-user-token',
      ALTEGIO_LOCATION_IDS: '1,2,3',
      DATABASE_URL: db.url,
      REDIS_URL,
      ALTEGIO_QUEUE_PREFIX: prefix,
      ALTEGIO_RATE_LIMIT_PER_SECOND: '1000',
      ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000',
      ALTEGIO_RATE_LIMIT_MARGIN_MS: '0',
    };
  });
  afterAll(async () => {
    await stopChild(worker);
    await dropPrefix(REDIS_URL, prefix);
    await sim?.close();
    await db?.drop();
  });

  const cli = (args: string[], extra: Record<string, string | undefined> = {}) => runCli(args, { ...env, ...extra });
  const deadDatabase = () => `postgres://someone:secret-pw@127.0.0.1:${deadPort}/warehouse`;

  describe('migrate', () => {
    it.concurrent('exits 0 on a warehouse that is up to date', async ({ expect }) => {
      expect((await cli(['migrate'])).code).toBe(0);
    });

    it.concurrent('exits 1 when Postgres cannot be reached, naming DATABASE_URL and what to check, without the password', async ({ expect }) => {
      const run = await cli(['migrate'], { DATABASE_URL: deadDatabase() });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot reach the warehouse at postgres://someone:***@127.0.0.1:${deadPort}/warehouse (ECONNREFUSED)`);
      expect(run.stderr).toContain('check DATABASE_URL and that Postgres is running');
      expect(run.stderr).not.toContain('secret-pw');
    });

    it.concurrent('exits 2 when Postgres refuses what DATABASE_URL names (a database that does not exist)', async ({ expect }) => {
      const run = await cli(['migrate'], { DATABASE_URL: databaseUrl(`altegio_t_missing_${randomUUID().slice(0, 8)}`) });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/refused the connection: the database does not exist \(3D000: .*\); fix DATABASE_URL/);
    });
  });

  describe('sync, then status and sql while every last run succeeded', () => {
    it('sync exits 0 when every stream completed', async () => {
      expect((await cli(['sync', '--streams', 'clients', '--locations', '1'])).code).toBe(0);
    });

    it.concurrent('status exits 0 when no last run failed', async ({ expect }) => {
      const run = await cli(['status']);
      expect([run.code, run.stderr]).toEqual([0, '']);
    });

    it.concurrent('sql exits 0 with the rows', async ({ expect }) => {
      const run = await cli(['sql', '--allow-superuser', 'select count(*)::int as n from altegio.clients']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/\b20\b/);
    });

    it.concurrent('sql exits 1 when the server refuses the query', async ({ expect }) => {
      const run = await cli(['sql', '--allow-superuser', 'select * from altegio.no_such_table']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no_such_table');
    });

    it.concurrent('sql exits 2 for several statements, saying to run them one by one', async ({ expect }) => {
      const run = await cli(['sql', 'select 1; select 2']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('sql takes one statement; got 2: run each query with its own `altegio-sync sql`');
    });
  });

  describe('sync and backfill', () => {
    // Side by side: none of these touches a stream and scope another one runs.
    it.concurrent('sync exits 1 when a stream the user named is unavailable to the account', async ({ expect }) => {
      // Location 3 of the simulated world has no loyalty module.
      expect((await cli(['sync', '--streams', 'loyalty_programs', '--locations', '3'])).code).toBe(1);
    });

    it.concurrent('sync exits 2 when a required variable is missing, naming it', async ({ expect }) => {
      const run = await cli(['sync'], { ALTEGIO_PARTNER_TOKEN: undefined });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('ALTEGIO_PARTNER_TOKEN is required');
    });

    it.concurrent('backfill exits 0 when every stream completed', async ({ expect }) => {
      expect((await cli(['backfill', ...window, '--streams', 'records', '--locations', '1'])).code).toBe(0);
    });

    it.concurrent('backfill exits 2 for a range that starts in the future, naming --from', async ({ expect }) => {
      const run = await cli(['backfill', '--from', '2999-01-01', '--to', '2999-01-31']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--from 2999-01-01 is after today');
    });

    it.concurrent('status exits 2 on a warehouse that was never migrated, asking for migrate', async ({ expect }) => {
      const dir = mkdtempSync(join(tmpdir(), 'altegio-status-'));
      try {
        const run = await cli(['status'], { DATABASE_URL: undefined, ALTEGIO_DATA_DIR: dir });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('run `altegio-sync migrate`');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    // After the sync of location 3 above, which read the location: run beside it, both would.
    it('backfill exits 1 when a stream the user named is unavailable to the account', async () => {
      expect((await cli(['backfill', ...window, '--streams', 'loyalty_programs', '--locations', '3'])).code).toBe(1);
    });

    it.concurrent('sync exits 3 when the API refuses the credentials', async ({ expect }) => {
      expect((await cli(['sync', '--streams', 'clients', '--locations', '1'], { ALTEGIO_USER_TOKEN: 'not-the-token' })).code).toBe(3);
    });

    it.concurrent('backfill exits 3 when the API refuses the credentials', async ({ expect }) => {
      // Other dates than the backfill above, which a repeated backfill would skip as done.
      const earlier = ['--from', addDays(yesterday, -4), '--to', addDays(yesterday, -3)];
      expect((await cli(['backfill', ...earlier, '--streams', 'records', '--locations', '1'], { ALTEGIO_USER_TOKEN: 'not-the-token' })).code).toBe(3);
    });

    it('status exits 1 once the last run of a stream failed', async () => {
      const run = await cli(['status']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('the last run failed for clients at location:1');
    });
  });

  describe('enqueued passes and the worker', () => {
    it.concurrent('sync --enqueue exits 1 when Redis cannot be reached, naming REDIS_URL', async ({ expect }) => {
      const run = await cli(['sync', '--enqueue'], { REDIS_URL: `redis://127.0.0.1:${deadPort}` });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot reach Redis at REDIS_URL=redis://127.0.0.1:${deadPort}`);
    });

    it.concurrent('worker exits 1 when the warehouse cannot be reached', async ({ expect }) => {
      const run = await cli(['worker', '--no-schedules'], { DATABASE_URL: deadDatabase(), METRICS_PORT: '0' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('check DATABASE_URL');
    });

    it.concurrent('worker exits 2 for a stream that needs ALTEGIO_CHAIN_ID without it, naming the variable', async ({ expect }) => {
      const run = await cli(['worker', '--streams', 'memberships'], { METRICS_PORT: '0' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('memberships is a chain stream: it needs ALTEGIO_CHAIN_ID');
    });

    it('sync --enqueue --wait exits 3 when a job failed for good because the API refused the credentials, naming the variable', async () => {
      const jobs = testEnv(sim, db.url, { ALTEGIO_QUEUE_PREFIX: prefix, ALTEGIO_USER_TOKEN: 'not-the-token' });
      worker = await startWorkerProcess(jobs, ['--no-schedules']);
      const wait = startCli(['sync', '--enqueue', '--wait', '--streams', 'clients', '--locations', '1'], jobs);
      expect(await wait.exited).toBe(3);
      expect(wait.lines.join('\n')).toContain('the API refused our credentials (1 job(s) failed for good with 401): fix ALTEGIO_USER_TOKEN');
      expect(wait.lines.join('\n')).not.toContain('not-the-token');
    });

    it('worker exits 0 when SIGTERM stops it cleanly', async () => {
      expect(worker).toBeDefined();
      worker!.proc.kill('SIGTERM');
      expect(await worker!.exited).toBe(0);
    });
  });

  describe('check', () => {
    it.concurrent('exits 0 when nothing blocks a sync', async ({ expect }) => {
      expect((await cli(['check', '--json', '--streams', 'clients', '--locations', '1'])).code).toBe(0);
    });

    it.concurrent('exits 1 when a location cannot be read', async ({ expect }) => {
      expect((await cli(['check', '--json', '--streams', 'clients'], { ALTEGIO_LOCATION_IDS: '99' })).code).toBe(1);
    });

    it.concurrent('exits 2 when a required variable is missing', async ({ expect }) => {
      expect((await cli(['check'], { ALTEGIO_USER_TOKEN: undefined })).code).toBe(2);
    });

    it.concurrent('exits 3 when the API refuses the credentials', async ({ expect }) => {
      expect((await cli(['check', '--json', '--streams', 'clients', '--locations', '1'], { ALTEGIO_USER_TOKEN: 'not-the-token' })).code).toBe(3);
    });
  });

  describe('grant-reader', () => {
    it.concurrent('exits 0 once the role exists', async ({ expect }) => {
      expect((await cli(['grant-reader', '--role', role], { ALTEGIO_READER_PASSWORD: `pw-${randomUUID()}` })).code).toBe(0);
    });

    it.concurrent('exits 1 when Postgres cannot be reached', async ({ expect }) => {
      expect((await cli(['grant-reader', '--role', role], { ALTEGIO_READER_PASSWORD: 'pw', DATABASE_URL: deadDatabase() })).code).toBe(1);
    });

    it.concurrent('exits 2 without ALTEGIO_READER_PASSWORD, naming it', async ({ expect }) => {
      const run = await cli(['grant-reader', '--role', role]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('ALTEGIO_READER_PASSWORD is required');
    });
  });

  describe('simulate and demo', () => {
    it.concurrent('simulate exits 0 when SIGINT stops it', async ({ expect }) => {
      const child = startCli(['simulate', '--port', '0'], {});
      await child.waitFor(/simulator listening on/);
      child.proc.kill('SIGINT');
      expect(await child.exited).toBe(0);
    });

    it.concurrent('simulate exits 1 when its port is taken, saying what to do', async ({ expect }) => {
      const run = await cli(['simulate', '--port', new URL(sim.url).port]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('is in use: stop what listens there, or pick another --port');
    });

    it.concurrent('simulate exits 2 for a malformed flag', async ({ expect }) => {
      expect((await cli(['simulate', '--port', 'eighty'])).code).toBe(2);
    });

    it.concurrent('demo exits 1 when the warehouse it was given cannot be reached, naming --database-url', async ({ expect }) => {
      const run = await cli(['demo', '--database-url', deadDatabase()]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('check --database-url');
    });

    it.concurrent('demo exits 2 for a malformed flag', async ({ expect }) => {
      expect((await cli(['demo', '--speed', '0'])).code).toBe(2);
    });
  });
});
