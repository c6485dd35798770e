import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrateWarehouse } from '../src/db/migrate.js';
import { grantReader, scramVerifier } from '../src/db/reader-role.js';
import { ADMIN_URL, useTestWarehouse } from './helpers/postgres.js';

describe('grant-reader', () => {
  const role = `altegio_reader_${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID()}`;
  // After hooks run last-registered first: this one, registered before the database's, runs after it is dropped.
  afterAll(async () => {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop role if exists ${role}`);
    await admin.end();
  });
  const pg = useTestWarehouse();

  it('makes a role that reads the warehouse and nothing else, and can be re-run', async () => {
    // Another application's schema in the same database: the role must not read it.
    await pg.warehouse.query(sql`create schema if not exists drizzle`);
    await pg.warehouse.query(sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`);
    await migrateWarehouse(pg.warehouse);
    expect(await grantReader(pg.warehouse, role, password)).toEqual({ created: true, warnings: [] });
    expect(await grantReader(pg.warehouse, role, password)).toEqual({ created: false, warnings: [] });

    // Trust auth on this server accepts any password: what we check is what the role may do.
    const url = new URL(pg.url);
    url.username = role;
    const reader = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    try {
      // The privileges alone, without the read-only default of the role's sessions (tested below).
      await reader`set default_transaction_read_only = off`;
      await expect(reader`select count(*) from altegio.clients`).resolves.toBeDefined();
      await expect(reader`select count(*) from altegio.sync_runs`).resolves.toBeDefined();
      await expect(reader`insert into altegio.locations (id, title, timezone, raw) values (1, 'x', 'UTC', '{}')`).rejects.toThrow(/permission denied/);
      await expect(reader`delete from altegio.clients`).rejects.toThrow(/permission denied/);
      await expect(reader`create table altegio.mine (x int)`).rejects.toThrow(/permission denied/);
      await expect(reader`create table public.mine (x int)`).rejects.toThrow(/permission denied/);
      await expect(reader`select * from drizzle.__drizzle_migrations`).rejects.toThrow(/permission denied/);
      // What status and sql read to know the schema is current.
      await expect(reader`select count(*) from altegio.schema_migrations`).resolves.toBeDefined();
    } finally {
      await reader.end();
    }
    const [stored] = await pg.warehouse.query<{ ok: boolean }>(
      sql`select rolpassword like 'SCRAM-SHA-256$4096:%' as ok from pg_authid where rolname = ${role}`,
    );
    expect(stored!.ok).toBe(true);
  });

  it('gives the role no temporary tables and no large objects', async () => {
    const url = new URL(pg.url);
    url.username = role;
    const reader = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    const count = async () => Number((await pg.warehouse.query<{ n: string }>(sql`select count(*) as n from pg_largeobject_metadata`))[0]!.n);
    const before = await count();
    try {
      expect(await reader`show default_transaction_read_only`).toEqual([{ default_transaction_read_only: 'on' }]);
      await expect(reader`create temporary table mine (x int)`).rejects.toThrow(/read-only transaction/);
      await expect(reader`select 1 as x into temporary mine`).rejects.toThrow(/read-only transaction/);
      for (const call of ['lo_create(0)', 'lo_creat(-1)', "lo_from_bytea(0, '\\x00')", "lo_import('/etc/hostname')"]) {
        await expect(reader.unsafe(`select ${call}`), call).rejects.toThrow(/permission denied|read-only transaction/);
      }
      // Not even where the role turns its sessions' read-only default off.
      await reader`set default_transaction_read_only = off`;
      await expect(reader`select lo_create(0)`).rejects.toThrow(/permission denied for function lo_create/);
      await expect(reader`select lo_from_bytea(0, '\\x00')`).rejects.toThrow(/permission denied for function lo_from_bytea/);
    } finally {
      await reader.end();
    }
    expect(await count()).toBe(before);
  });

  it('hashes the password the way Postgres verifies it (RFC 7677 test vector shape)', () => {
    const verifier = scramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
    // RFC 7677's example: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
    expect(verifier).toBe(
      'SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=',
    );
  });
});
