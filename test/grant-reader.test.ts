import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
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
    expect(await grantReader(pg.warehouse, role, password)).toEqual({ created: true });
    expect(await grantReader(pg.warehouse, role, password)).toEqual({ created: false });

    // Trust auth on this server accepts any password: what we check is what the role may do.
    const url = new URL(pg.url);
    url.username = role;
    const reader = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    try {
      await expect(reader`select count(*) from altegio.clients`).resolves.toBeDefined();
      await expect(reader`select count(*) from altegio.sync_runs`).resolves.toBeDefined();
      await expect(reader`insert into altegio.locations (id, title, timezone, raw) values (1, 'x', 'UTC', '{}')`).rejects.toThrow(/permission denied/);
      await expect(reader`delete from altegio.clients`).rejects.toThrow(/permission denied/);
      await expect(reader`create table altegio.mine (x int)`).rejects.toThrow(/permission denied/);
      await expect(reader`create table public.mine (x int)`).rejects.toThrow(/permission denied/);
      await expect(reader`select * from drizzle.__drizzle_migrations`).rejects.toThrow(/permission denied/);
    } finally {
      await reader.end();
    }
    const [stored] = await pg.warehouse.query<{ ok: boolean }>(
      (await import('drizzle-orm')).sql`select rolpassword like 'SCRAM-SHA-256$4096:%' as ok from pg_authid where rolname = ${role}`,
    );
    expect(stored!.ok).toBe(true);
  });

  it('hashes the password the way Postgres verifies it (RFC 7677 test vector shape)', () => {
    const verifier = scramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
    // RFC 7677's example: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
    expect(verifier).toBe(
      'SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=',
    );
  });
});
