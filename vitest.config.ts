import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share the Postgres of TEST_DATABASE_URL and the Redis of
    // TEST_REDIS_URL; each file gets its own database and key prefix, so files may
    // run side by side (and beside other people's data).
    pool: 'forks',
    maxWorkers: 2,
    // CI also keeps a JSON report, from which .ci/run prints a one-line tally.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-results.json' }]] : ['default'],
  },
});
