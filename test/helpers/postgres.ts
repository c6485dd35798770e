import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { openPostgres, type Warehouse } from '../../src/db/connect.js';
import { MIGRATIONS_FOLDER } from '../../src/db/migrate.js';

/**
 * The server the tests use (TEST_DATABASE_URL), which may hold other people's
 * databases: the tests create databases and roles of their own only (random
 * names such as `altegio_t_*`, dropped after; the migrated `altegio_tpl_*`,
 * kept for the next run) and drop nothing else.
 */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const SRC_DB = join(import.meta.dirname, '..', '..', 'src', 'db');

/** The migrated template's name: it changes whenever a migration does, or the code that applies them. */
export function templateName(): string {
  const hash = createHash('sha1');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_FOLDER);
  // How the migrations are applied (where their record is kept, the comments, their texts) shapes the template too.
  const applying = ['migrate.ts', 'migration-record.ts', ...readdirSync(SRC_DB).filter((f) => f.startsWith('dictionary')).sort()];
  for (const file of applying) hash.update(readFileSync(join(SRC_DB, file)));
  return `altegio_tpl_${hash.digest('hex').slice(0, 12)}`;
}

/** A fresh database cloned from the migrated template; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `altegio_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name} template ${inject('template') ?? templateName()}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * A fresh database and a warehouse on it for the enclosing file or describe
 * block, dropped after it; read them inside tests and hooks.
 */
export function useTestWarehouse(): { readonly url: string; readonly warehouse: Warehouse } {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let warehouse: Warehouse | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    warehouse = await openPostgres(db.url);
  });
  afterAll(async () => {
    await warehouse?.close();
    await db?.drop();
  });
  return {
    get url() {
      return db!.url;
    },
    get warehouse() {
      return warehouse!;
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    template: string;
  }
}
