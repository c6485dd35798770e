import postgres from 'postgres';
import { openPostgres } from '../../src/db/connect.js';
import { migrateWarehouse } from '../../src/db/migrate.js';
import { ADMIN_URL, databaseUrl, templateName } from './postgres.js';

/**
 * Builds the migrated template database once per migration set; every test
 * file clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 */
export default async function setup({ provide }: { provide: (key: 'template', value: string) => void }): Promise<void> {
  const template = templateName();
  // Test files clone this one even if a migration is added while they run.
  provide('template', template);
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin`select pg_advisory_lock(hashtextextended('altegio-sync:test-template', 0))`;
    const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
    if (!exists) {
      const building = `${template}_build`;
      await admin.unsafe(`drop database if exists ${building} with (force)`);
      await admin.unsafe(`create database ${building}`);
      const warehouse = await openPostgres(databaseUrl(building));
      try {
        await migrateWarehouse(warehouse);
      } finally {
        await warehouse.close();
      }
      await admin.unsafe(`alter database ${building} rename to ${template}`);
    }
  } finally {
    await admin`select pg_advisory_unlock(hashtextextended('altegio-sync:test-template', 0))`.catch(() => undefined);
    await admin.end();
  }
}
