/**
 * `check` probes the API into a scratch warehouse of its own: the warehouse
 * of DATABASE_URL stays as it was, even one that was never migrated.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { ADMIN_URL, databaseUrl } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

/** Everything a database holds beside the server's own catalogs: schemas, relations, functions, types, extensions. */
async function objectsOf(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql<{ object: string }[]>`
      with own as (select oid, nspname from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and nspname not like 'pg_temp_%' and nspname not like 'pg_toast_temp_%')
      select 'schema ' || nspname as object from own
      union all select 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text from pg_class c join own n on n.oid = c.relnamespace
      union all select 'function ' || n.nspname || '.' || p.proname from pg_proc p join own n on n.oid = p.pronamespace
      union all select 'type ' || n.nspname || '.' || t.typname from pg_type t join own n on n.oid = t.typnamespace
      union all select 'extension ' || extname from pg_extension
      order by 1`;
    return rows.map((r) => r.object);
  } finally {
    await sql.end();
  }
}

describe('check beside a warehouse', () => {
  let sim: Simulator;
  // Created from template0 rather than the migrated template: a warehouse nothing was ever applied to.
  const name = `altegio_t_bare_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const url = databaseUrl(name);
  const admin = () => postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });

  beforeAll(async () => {
    sim = await startSimulator({ locations: 1, clients: 20, days: 3, rateLimit: false });
    const a = admin();
    try {
      await a.unsafe(`create database ${name} template template0`);
    } finally {
      await a.end();
    }
  });
  afterAll(async () => {
    await sim?.close();
    const a = admin();
    try {
      await a.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await a.end();
    }
  });

  it('leaves a warehouse that was never migrated as it was: no schema, table or migration record created', async () => {
    const before = await objectsOf(url);
    expect(before.filter((o) => o.startsWith('schema '))).toEqual(['schema public']);
    const run = await runCli(['check', '--json', '--streams', 'clients', '--locations', '1'], {
      ALTEGIO_BASE_URL: sim.url,
      ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
      ALTEGIO_USER_TOKEN: 'sim-user-token',
      ALTEGIO_LOCATION_IDS: '1',
      ALTEGIO_RATE_LIMIT_PER_SECOND: '1000',
      ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000',
      ALTEGIO_RATE_LIMIT_MARGIN_MS: '0',
      DATABASE_URL: url,
    });
    expect(run.code, run.stderr).toBe(0);
    // The check did run: it read the clients of location 1.
    expect(JSON.parse(run.stdout).rows).toContainEqual(expect.objectContaining({ stream: 'clients', scope: 'location:1', status: 'available' }));
    expect(await objectsOf(url)).toEqual(before);
  });
});
