import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
  schemaFilter: ['altegio', 'altegio_bi'],
  // Where `altegio-sync migrate` keeps the record of applied migrations (see src/db/migrate.ts).
  migrations: { schema: 'altegio', table: 'schema_migrations' },
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
});
