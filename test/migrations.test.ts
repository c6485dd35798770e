import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Warehouse } from '../src/db/connect.js';
import { migrateWarehouse } from '../src/db/migrate.js';
import { ADMIN_URL, databaseUrl } from './helpers/postgres.js';
import postgres from 'postgres';

const columnsQuery = sql`select table_schema, table_name, column_name, data_type, is_nullable, column_default
  from information_schema.columns where table_schema like 'altegio%' order by 1, 2, 3`;

describe('migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'altegio-pglite-'));
  // Built by the migrations rather than cloned from the template: a name of its own, dropped after.
  const dbName = `altegio_mig_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const opened: Warehouse[] = [];
  afterAll(async () => {
    for (const w of opened) await w.close();
    rmSync(dir, { recursive: true, force: true });
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  it('build the same schema on PGlite and on Postgres, and re-running applies nothing', async () => {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    const pg = await openPostgres(databaseUrl(dbName));
    const lite = await openPglite(dir);
    opened.push(pg, lite);

    const first = await Promise.all([migrateWarehouse(pg), migrateWarehouse(lite)]);
    expect(first[0].applied).toBeGreaterThan(0);
    expect(first[1].applied).toBe(first[0].applied);
    expect(await migrateWarehouse(pg)).toEqual({ applied: 0 });
    expect(await migrateWarehouse(lite)).toEqual({ applied: 0 });

    const pgColumns = await pg.query(columnsQuery);
    const liteColumns = await lite.query(columnsQuery);
    expect(pgColumns.length).toBeGreaterThan(30);
    expect(liteColumns).toEqual(pgColumns);
  });
});
