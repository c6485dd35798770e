import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { grantReader } from '../src/db/reader-role.js';
import { acquireLease } from '../src/sync/lease.js';
import { syncLocks } from '../src/db/schema/index.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

describe('the lease of a stream and scope', () => {
  it('keeps a sync off a stream another process runs: it skips that one, runs the rest, and reports both', async () => {
    p = await startPipeline({ sim: { clients: 20, days: 1, locations: 1 } });
    await p.sync(['locations']);
    const other = await acquireLease(p.warehouse.db, 'clients:location:1', randomUUID());
    expect(other).not.toBeNull();
    try {
      const result = await p.sync(['clients', 'staff']);
      expect(result.ok).toBe(true);
      expect(result.runs.map((r) => [r.stream, r.status, r.skipped])).toEqual([
        ['staff', 'succeeded', undefined],
        ['clients', 'skipped', 'busy'],
      ]);
      expect(result.runs[1]!.error?.message).toMatch(/clients for location:1 is already running in another process/);
      // Its holder still holds it: another taker is refused until it is given up.
      expect(await acquireLease(p.warehouse.db, 'clients:location:1', randomUUID())).toBeNull();
    } finally {
      await other!.release();
    }
    expect((await p.sync(['clients'])).runs.map((r) => r.status)).toEqual(['succeeded']);
  });

  it('is taken at once from a process of this machine that died, never from one that runs or from another machine', async () => {
    p = await startPipeline({ sim: { clients: 5, days: 1, locations: 1 } });
    const db = p.warehouse.db;
    // A process that has exited: its pid names nothing now.
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const hold = (key: string, holder: string) =>
        db.insert(syncLocks).values({ key, holder, expiresAt: new Date(Date.now() + 3_600_000) });
      await hold('a:location:1', `run-a ${hostname()} pid ${gone.pid}`);
      await hold('b:location:1', `run-b ${hostname()} pid ${alive.pid}`);
      await hold('c:location:1', `run-c another-${hostname()} pid ${gone.pid}`);
      const taken = await acquireLease(db, 'a:location:1', randomUUID());
      expect(taken).not.toBeNull();
      await taken!.release();
      expect(await acquireLease(db, 'b:location:1', randomUUID())).toBeNull();
      expect(await acquireLease(db, 'c:location:1', randomUUID())).toBeNull();
    } finally {
      alive.kill('SIGKILL');
    }
  });

  it('cannot be taken by the role grant-reader makes', async () => {
    p = await startPipeline({ sim: { clients: 5, days: 1, locations: 1 } });
    const role = `reader_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    const password = `pw-${randomUUID()}`;
    await grantReader(p.warehouse, role, password);
    const url = new URL(p.config.databaseUrl!);
    url.username = role;
    url.password = password;
    const reader = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    try {
      await expect(reader`insert into altegio.sync_locks (key, holder, expires_at) values ('clients:location:1', 'a reader', now() + interval '1 hour')`).rejects.toThrow(
        /permission denied|read-only transaction/,
      );
      await expect(reader`update altegio.sync_locks set holder = 'a reader'`).rejects.toThrow(/permission denied|read-only transaction/);
      await expect(reader`select pg_advisory_lock(1)`).resolves.toBeDefined();
      // Whatever advisory locks a reader takes, the sync does not use them.
      expect((await p.sync(['clients'])).ok).toBe(true);
    } finally {
      await reader.end();
      await p.warehouse.query(`drop owned by ${role}` as never).catch(() => undefined);
    }
  });

  it('a failed statement is recorded by its SQLSTATE and message, and none of the page it carried', async () => {
    p = await startPipeline({ sim: { clients: 30, days: 1, locations: 1 } });
    await p.sync(['locations']);
    const database = new URL(p.config.databaseUrl!).pathname.slice(1);
    const phone = p.sim.world.location(1)!.clients.find((c) => !c.deleted)!.phone;
    // The sync's sessions give a statement half a second, and an analyst's lock makes the clients' upsert wait longer.
    const analyst = postgres(p.config.databaseUrl!, { max: 1, onnotice: () => undefined });
    await analyst.unsafe(`alter database ${database} set statement_timeout = '500ms'`);
    // The sync's sessions start again, with the setting.
    await analyst`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database} and application_name = 'altegio-sync'`;
    try {
      await analyst.begin(async (tx) => {
        await tx`set local statement_timeout = 0`;
        await tx`lock table altegio.clients in access exclusive mode`;
        const result = await p!.sync(['clients']);
        expect(result.ok).toBe(false);
        // What the run hands on (its log line, a failed job's reason) says the same, and no more.
        const error = result.runs.find((r) => r.stream === 'clients')?.error?.message ?? '';
        expect(error.slice(0, 500)).toMatch(/^database error 57014: canceling statement due to statement timeout/);
        expect(error).not.toContain(phone);
      });
    } finally {
      await analyst.unsafe(`alter database ${database} reset statement_timeout`);
      await analyst.end();
    }
    const runs = await p.rows<{ error: string | null }>(`select error from altegio.sync_runs where stream = 'clients'`);
    const states = await p.rows<{ last_error: string | null }>(`select last_error from altegio.sync_state where stream = 'clients'`);
    const recorded = [...runs.map((r) => r.error), ...states.map((s) => s.last_error)].filter((e): e is string => e !== null);
    expect(recorded.length).toBeGreaterThan(0);
    for (const text of recorded) {
      expect(text).toMatch(/database error 57014: canceling statement due to statement timeout/);
      expect(text).not.toContain(phone);
      expect(text.length).toBeLessThan(500);
    }
  });
});
