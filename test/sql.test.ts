import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadingKeyword, splitStatements } from '../src/cli/statements.js';
import { openPglite, openPostgres, type OpenedWarehouse } from '../src/db/connect.js';
import { migrateWarehouse } from '../src/db/migrate.js';
import { grantReader } from '../src/db/reader-role.js';
import { ADMIN_URL, createTestDatabase } from './helpers/postgres.js';
import { runCli, runCliHere } from './helpers/run-cli.js';

describe('splitting SQL text into statements', () => {
  it('ends a statement only at a semicolon outside quotes and comments', () => {
    expect(splitStatements('select 1')).toEqual(['select 1']);
    expect(splitStatements('select 1;  -- done\n')).toHaveLength(1);
    expect(splitStatements('select 1; select 2')).toHaveLength(2);
    expect(splitStatements("commit; drop table altegio.x")).toHaveLength(2);
    expect(splitStatements("select ';' as a, \"b;\" from t /* ; /* nested; */ ; */")).toHaveLength(1);
    expect(splitStatements("select E'it\\'s; fine', 'it''s; fine'")).toHaveLength(1);
    expect(splitStatements('select $$a;b$$, $q$c;$$;d$q$, $1')).toHaveLength(1);
    expect(splitStatements("select 'x'; select E'\\';'; select 3")).toHaveLength(3);
    expect(splitStatements(' ; -- nothing\n ;')).toEqual([]);
  });

  it('reads the leading keyword past comments and parentheses', () => {
    expect(leadingKeyword('  /* hi */ -- there\n ((SELECT 1))')).toBe('select');
    expect(leadingKeyword('Copy (select 1) to stdout')).toBe('copy');
    expect(leadingKeyword('-- only a comment')).toBe('');
  });
});

describe('sql', () => {
  const reader = `altegio_sql_reader_${randomUUID().slice(0, 8)}`;
  const owner = `altegio_sql_owner_${randomUUID().slice(0, 8)}`;
  const marker = `/tmp/altegio-sql-${randomUUID()}`;
  // Registered before the database's hooks, so it runs after the database is dropped.
  afterAll(async () => {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop role if exists ${reader}`);
    await admin.unsafe(`drop role if exists ${owner}`);
    await admin.end();
  });
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let warehouse: OpenedWarehouse;
  const urlAs = (role?: string) => {
    const url = new URL(db.url);
    if (role) url.username = role;
    return url.toString();
  };
  beforeAll(async () => {
    db = await createTestDatabase();
    warehouse = await openPostgres(db.url);
    await migrateWarehouse(warehouse);
    await warehouse.query(sql`create table altegio.sql_probe (id int)`);
    await warehouse.query(sql`insert into altegio.sql_probe values (1)`);
    await grantReader(warehouse, reader, `pw-${randomUUID()}`);
  });
  afterAll(async () => {
    await warehouse?.close();
    await db?.drop();
  });

  const largeObjects = async () => Number((await warehouse.query<{ n: string }>(sql`select count(*) as n from pg_largeobject_metadata`))[0]!.n);
  const probeRows = async () => Number((await warehouse.query<{ n: string }>(sql`select count(*) as n from altegio.sql_probe`))[0]!.n);

  /** Every way of writing we know of, and how `sql` answers it: a usage error (2) or the server's refusal (1). */
  const attacks: Array<{ text: string; code: number; says: RegExp }> = [
    { text: 'set transaction read write; delete from altegio.sql_probe returning *', code: 2, says: /sql takes one statement; got 2/ },
    { text: 'delete from altegio.sql_probe returning *', code: 2, says: /sql runs a query .*got DELETE/ },
    { text: 'with gone as (delete from altegio.sql_probe returning *) select * from gone', code: 1, says: /read-only transaction|permission denied/ },
    { text: 'drop table altegio.sql_probe', code: 2, says: /got DROP/ },
    { text: 'commit; drop table altegio.sql_probe', code: 2, says: /sql takes one statement; got 2/ },
    { text: `copy (select 1) to program 'id > ${marker}'`, code: 2, says: /got COPY/ },
    { text: `do $$ begin execute 'copy (select 1) to program ''id > ${marker}'''; end $$`, code: 2, says: /got DO/ },
    { text: 'select 1 as a; select 2 as b', code: 2, says: /sql takes one statement; got 2/ },
    { text: 'select 1 into altegio.sql_copy', code: 1, says: /read-only transaction|permission denied/ },
  ];

  async function expectNothingChanged(lo: number): Promise<void> {
    expect(await probeRows()).toBe(1);
    expect(existsSync(marker)).toBe(false);
    expect(await largeObjects()).toBe(lo);
    const [copy] = await warehouse.query<{ ok: boolean }>(sql`select to_regclass('altegio.sql_copy') is null as ok`);
    expect(copy!.ok).toBe(true);
  }

  it('refuses a superuser without --allow-superuser, naming the flag', async () => {
    const run = await runCli(['sql', 'select 1 as a'], { DATABASE_URL: urlAs() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a superuser');
    expect(run.stderr).toContain('--allow-superuser');
  });

  it('as a superuser with --allow-superuser, still writes nothing and runs no program', async () => {
    const lo = await largeObjects();
    const runs = [];
    for (const a of attacks) runs.push(await runCliHere(['sql', '--allow-superuser', a.text], { DATABASE_URL: urlAs() }));
    runs.forEach((run, i) => {
      expect([run.code, run.stderr], attacks[i]!.text).toEqual([attacks[i]!.code, expect.stringMatching(attacks[i]!.says)]);
    });
    // Postgres 15 lets a read-only transaction create a large object; sql never commits, so none is left.
    const created = await runCliHere(['sql', '--allow-superuser', 'select lo_create(0) as oid'], { DATABASE_URL: urlAs() });
    expect(created.code === 0 || /read-only transaction/.test(created.stderr), created.stderr).toBe(true);
    await expectNothingChanged(lo);
    const query = await runCliHere(['sql', '--allow-superuser', '--json', 'select count(*)::int as n from altegio.sql_probe'], { DATABASE_URL: urlAs() });
    expect(query.code, query.stderr).toBe(0);
    expect(JSON.parse(query.stdout)).toEqual([{ n: 1 }]);
  });

  it("as the grant-reader role, reads and cannot write", async () => {
    const lo = await largeObjects();
    const runs = [];
    for (const a of attacks) runs.push(await runCliHere(['sql', a.text], { DATABASE_URL: urlAs(reader) }));
    runs.forEach((run, i) => {
      expect([run.code, run.stderr], attacks[i]!.text).toEqual([attacks[i]!.code, expect.stringMatching(attacks[i]!.says)]);
    });
    const created = await runCliHere(['sql', 'select lo_create(0) as oid'], { DATABASE_URL: urlAs(reader) });
    expect(created.code).toBe(1);
    expect(created.stderr).toMatch(/permission denied for function lo_create|read-only transaction/);
    await expectNothingChanged(lo);
    const query = await runCli(['sql', 'select count(*) as n from altegio.sql_probe'], { DATABASE_URL: urlAs(reader) });
    expect(query.code, query.stderr).toBe(0);
    expect(query.stdout).toMatch(/^n\s*\n-+\s*\n1\s*$/m);
  });

  it('refuses the owner of the schema altegio without --allow-superuser', async () => {
    await warehouse.query(sql.raw(`create role ${owner} login nosuperuser`));
    await warehouse.query(sql.raw(`alter schema altegio owner to ${owner}`));
    await warehouse.query(sql.raw(`grant select on all tables in schema altegio to ${owner}`));
    try {
      const refused = await runCliHere(['sql', 'select 1 as a'], { DATABASE_URL: urlAs(owner) });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('owns the schema altegio');
      expect(refused.stderr).toContain('--allow-superuser');
      const allowed = await runCliHere(['sql', '--allow-superuser', 'select count(*) as n from altegio.sql_probe'], { DATABASE_URL: urlAs(owner) });
      expect(allowed.code, allowed.stderr).toBe(0);
    } finally {
      await warehouse.query(sql.raw(`alter schema altegio owner to current_user`));
    }
  });

  it('sends a statement alone, through the extended protocol, in a read-only transaction (Postgres and PGlite)', async () => {
    const lite = await openPglite(null);
    try {
      await migrateWarehouse(lite);
      await lite.query(sql`create table altegio.sql_probe (id int)`);
      for (const w of [warehouse, lite]) {
        await expect(w.readOnlyStatement('select 1; select 2')).rejects.toThrow(/multiple commands/);
        await expect(w.readOnlyStatement('delete from altegio.sql_probe')).rejects.toThrow(/read-only transaction/);
        await expect(w.readOnlyStatement('create table altegio.sql_other (x int)')).rejects.toThrow(/read-only transaction/);
        expect(await w.readOnlyStatement('select 1 as a;')).toEqual([{ a: 1 }]);
      }
      await expect(lite.readOnlyStatement('select lo_create(0)')).rejects.toThrow(/read-only transaction/);
    } finally {
      await lite.close();
    }
  });
});
