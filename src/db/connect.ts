import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { lockDataDir } from './data-dir-lock.js';
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

/** A warehouse as this module opens it: it also runs a statement given by a person, as `sql` must. */
export interface OpenedWarehouse extends Warehouse {
  /**
   * Runs `text` alone through the extended protocol (which refuses a text of
   * several statements) in a READ ONLY transaction that is rolled back, and
   * returns its rows.
   */
  readOnlyStatement(text: string): Promise<Record<string, unknown>[]>;
}

/** How to open a warehouse. */
export interface OpenOptions {
  /** Connections in the pool (Postgres only). Default 4. */
  max?: number;
  /** Sessions start with `default_transaction_read_only = on`: for commands that only read. Default false. */
  readOnly?: boolean;
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
export async function openPostgres(url: string, options: OpenOptions = {}): Promise<OpenedWarehouse> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  // Startup options: the server applies them before the first statement of every session.
  const connection = { application_name: 'altegio-sync', ...(options.readOnly ? { default_transaction_read_only: true } : {}) };
  const client = postgres(url, { max: options.max ?? 4, onnotice: () => undefined, connection });
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
    async readOnlyStatement(text) {
      const session = await client.reserve();
      try {
        await session.unsafe('begin read only');
        try {
          // `simple: false`: the extended protocol even without parameters (postgres.js sends simple queries otherwise).
          const rows = await session.unsafe(text, [], { simple: false, prepare: false } as { prepare: boolean });
          return [...rows] as Record<string, unknown>[];
        } finally {
          await session.unsafe('rollback').catch(() => undefined);
        }
      } finally {
        session.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Where the embedded warehouse of `dataDir` keeps its files. */
export function pglitePath(dataDir: string): string {
  return resolve(dataDir, 'pglite');
}

/** Opens (creating it if needed) the embedded warehouse in `dataDir`; null: a scratch one in memory. */
export async function openPglite(dataDir: string | null, options: Pick<OpenOptions, 'readOnly'> = {}): Promise<OpenedWarehouse> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const path = dataDir === null ? 'memory' : pglitePath(dataDir);
  if (dataDir !== null) mkdirSync(path, { recursive: true });
  // One process at a time: a second one on the same directory would corrupt it.
  const unlock = dataDir === null ? () => undefined : lockDataDir(path);
  const client = await PGlite.create(dataDir === null ? undefined : path).catch((err: unknown) => {
    unlock();
    throw err;
  });
  if (options.readOnly) await client.exec('set default_transaction_read_only = on');
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
    readOnlyStatement: (text) =>
      client.transaction(async (tx) => {
        await tx.exec('set transaction read only');
        // `query` takes one statement (the extended protocol); `exec` would take several.
        const result = await tx.query<Record<string, unknown>>(text);
        await tx.rollback();
        return result.rows;
      }),
    close: () => client.close().finally(unlock),
  };
}

/** DATABASE_URL when set, else the embedded warehouse. */
export function openWarehouse(config: { databaseUrl?: string; dataDir: string }, options: OpenOptions = {}): Promise<OpenedWarehouse> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, options) : openPglite(config.dataDir, options);
}
