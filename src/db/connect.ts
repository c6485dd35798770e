import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';

/** The Drizzle handle, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: the same query surface as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Warehouse {
  db: Db;
  /** `postgres` (DATABASE_URL) or `pglite` (embedded, in a data directory). */
  kind: 'postgres' | 'pglite';
  /** Where it is, without credentials, for messages. */
  where: string;
  /** Runs a raw statement and returns its rows. */
  query<T = Record<string, unknown>>(statement: SQL): Promise<T[]>;
  /**
   * Runs `fn` holding a session-level advisory lock on `key`. Without `wait`
   * it returns `{ acquired: false }` at once when another session holds it.
   */
  withLock<T>(
    key: string,
    fn: () => Promise<T>,
    options?: { wait?: boolean },
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
  close(): Promise<void>;
}

/** Hides the password of a connection URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Connects to Postgres at `url` with postgres.js. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Warehouse> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max: options.max ?? 4, onnotice: () => undefined, connection: { application_name: 'altegio-sync' } });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    where: redactUrl(url),
    query: async (statement) => rowsOf(await db.execute(statement)),
    async withLock(key, fn, options) {
      const session = await client.reserve();
      try {
        const [row] = options?.wait
          ? await session`select true as ok from (select pg_advisory_lock(hashtextextended(${key}, 0))) as l`
          : await session`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as ok`;
        if (!row?.ok) return { acquired: false };
        try {
          return { acquired: true, value: await fn() };
        } finally {
          await session`select pg_advisory_unlock(hashtextextended(${key}, 0))`.catch(() => undefined);
        }
      } finally {
        session.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Opens (creating it if needed) the embedded warehouse in `dataDir`; null: a scratch one in memory. */
export async function openPglite(dataDir: string | null): Promise<Warehouse> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const path = dataDir === null ? 'memory' : resolve(dataDir, 'pglite');
  if (dataDir !== null) mkdirSync(path, { recursive: true });
  const client = await PGlite.create(dataDir === null ? undefined : path);
  const db = drizzle(client, { schema }) as unknown as Db;
  // One process owns an embedded warehouse, so a lock table in memory is enough.
  const held = new Set<string>();
  return {
    db,
    kind: 'pglite',
    where: path,
    query: async (statement) => rowsOf(await db.execute(statement)),
    async withLock(key, fn) {
      if (held.has(key)) return { acquired: false };
      held.add(key);
      try {
        return { acquired: true, value: await fn() };
      } finally {
        held.delete(key);
      }
    },
    close: () => client.close(),
  };
}

/** DATABASE_URL when set, else the embedded warehouse. */
export function openWarehouse(config: { databaseUrl?: string; dataDir: string }, options: { max?: number } = {}): Promise<Warehouse> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, options) : openPglite(config.dataDir);
}
