import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share one Postgres and one Redis; each file gets its own
    // database and queue prefix, so files may run side by side.
    pool: 'forks',
    maxWorkers: 2,
  },
});
