import { defineConfig } from 'vitest/config';

/** The bounded subset CI runs (`CHAOS=quick npm run test:chaos`): about a minute and a half. */
const QUICK = ['faults', 'postgres-loss', 'poison', 'embedded-lock'];

/**
 * The chaos suite (`npm run test:chaos`): each file attacks a run of the engine
 * (killed processes, API faults and an outage, a lost database or Redis, poison
 * records, a lower API limit) and checks that the warehouse ends up exact. Each
 * scenario adds a row to a results file; the teardown prints the table.
 */
export default defineConfig({
  test: {
    include: process.env.CHAOS === 'quick' ? QUICK.map((name) => `test/chaos/${name}.chaos.ts`) : ['test/chaos/**/*.chaos.ts'],
    globalSetup: ['test/helpers/global-setup.ts', 'test/chaos/collect.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // Scenarios run real processes against one Postgres and Redis, each on its own database and key prefix.
    pool: 'forks',
    maxWorkers: 2,
    // CI also keeps a JSON report, for the one-line tally of .ci/run.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-chaos-results.json' }]] : ['default'],
  },
});
