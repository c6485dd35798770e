import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../../config.js';
import { queryById } from '../../bi/queries.js';
import { STREAMS } from '../../jobs/index.js';
import { SIMULATOR_DEFAULTS } from '../../simulator/options.js';
import { runPass } from '../../sync/pass.js';
import { Secret } from '../../util/secret.js';
import { createLogger } from '../../log.js';
import { createClient, describeRun, openMigratedWarehouse, pagePrinter, runFields } from '../context.js';
import { parseIntOption } from '../options.js';
import { renderRows } from '../table.js';

interface DemoFlags {
  dataDir?: string;
  databaseUrl?: string;
  seed: string;
  clients: string;
  locations: string;
  speed: string;
}

/** Demo world: small enough to load in seconds, big enough to page. */
const DEMO_CLIENTS = 60;

/** The question the demo ends with, one of docs/queries.md (read from the same source, so they cannot drift). */
export const DEMO_QUERY = queryById('top-clients');

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole pipeline against the built-in simulator, into a fresh embedded warehouse, with no setup')
    .option('--data-dir <dir>', 'where the demo warehouse is kept (wiped first)', '.altegio-data/demo')
    .option('--database-url <url>', 'load into this Postgres instead (its altegio schema gets simulator data!)')
    .option('--seed <n>', 'seed of the simulated world', String(SIMULATOR_DEFAULTS.seed))
    .option('--clients <n>', 'clients per location', String(DEMO_CLIENTS))
    .option('--locations <n>', 'locations', String(SIMULATOR_DEFAULTS.locations))
    .option('--speed <x>', 'multiply the simulated request budget (5/s, 200/min) by this, so the demo takes seconds; 1 = the real budget', '20')
    .action(async (flags: DemoFlags) => {
      const base = loadConfig();
      // The demo is read by a person: readable lines even when piped.
      const log = createLogger(base.logLevel, { pretty: base.logFormat !== 'json' });
      const { startSimulator } = await import('../../simulator/index.js');
      const speed = parseIntOption(flags.speed, '--speed', 1);
      // The simulator enforces the budget, and the client keeps to the same one: it only runs faster.
      const budget = { perSecond: SIMULATOR_DEFAULTS.rateLimit.perSecond * speed, perMinute: SIMULATOR_DEFAULTS.rateLimit.perMinute * speed };
      const sim = await startSimulator({
        rateLimit: budget,
        seed: parseIntOption(flags.seed, '--seed'),
        clients: parseIntOption(flags.clients, '--clients', 1),
        locations: parseIntOption(flags.locations, '--locations', 1),
      });
      log.info(`simulator serving ${sim.url}`);
      const dataDir = resolve(flags.dataDir ?? '.altegio-data/demo');
      // The demo never writes into DATABASE_URL by accident: only an explicit flag does that.
      if (!flags.databaseUrl) rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
      const config: Config = Object.freeze({
        ...base,
        altegio: { ...base.altegio, baseUrl: sim.url, partnerToken: new Secret(SIMULATOR_DEFAULTS.partnerToken), userToken: new Secret(SIMULATOR_DEFAULTS.userToken), login: undefined, password: undefined },
        rateLimit: { ...budget, marginMs: base.rateLimit.marginMs },
        locationIds: sim.truth().locations.map((l) => l.id),
        chainId: SIMULATOR_DEFAULTS.chainId,
        databaseUrl: flags.databaseUrl,
        dataDir,
      });
      // The simulator must not outlive a warehouse that cannot be opened: it would keep the process running.
      const warehouse = await openMigratedWarehouse(config, log, { setting: '--database-url' }).catch(async (err: unknown) => {
        await sim.close();
        throw err;
      });
      try {
        const started = Date.now();
        const result = await runPass(
          { warehouse, client: createClient(config, log), config, log, onPage: pagePrinter(log) },
          { streams: [...STREAMS], locationIds: config.locationIds, chainId: config.chainId },
        );
        for (const run of result.runs) (run.status === 'failed' ? log.error.bind(log) : log.info.bind(log))(runFields(run), describeRun(run));
        const unavailable = result.runs.filter((r) => r.status === 'unavailable').map((r) => `${r.stream} at ${r.scope}`);
        const requests = result.runs.reduce((n, r) => n + r.requests, 0);
        const tables = await warehouse.query<{ name: string }>(
          // The engine's own bookkeeping of migrations is no table of the warehouse's.
          sql`select table_name as name from information_schema.tables
              where table_schema = 'altegio' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations' order by 1`,
        );
        const counts = await warehouse.query<Record<string, unknown>>(sql.raw(countQuery(tables.map((t) => t.name))));
        const answer = await warehouse.query<Record<string, unknown>>(sql.raw(DEMO_QUERY.sql));
        const out = [
          '',
          `Loaded in ${((Date.now() - started) / 1000).toFixed(1)} s with ${requests} requests into ${warehouse.where}` +
            ` (at the real budget of ${SIMULATOR_DEFAULTS.rateLimit.perMinute} requests/min: about ${Math.ceil(requests / SIMULATOR_DEFAULTS.rateLimit.perMinute)} min;` +
            ` ${sim.stats().throttled} answers were 429):`,
          renderRows(counts),
          '',
          ...(unavailable.length
            ? [
                `Not available to this account, so reported rather than loaded (as on a real account; see docs/operations.md): ${unavailable.join(', ')}.`,
                '',
              ]
            : []),
          `Example query (docs/queries.md#${DEMO_QUERY.id}): ${DEMO_QUERY.question}`,
          DEMO_QUERY.sql,
          renderRows(answer, 40),
          'More questions answered in SQL: docs/queries.md; every table and column: docs/warehouse.md.',
          '',
          flags.databaseUrl
            ? 'Query it with psql.'
            : `Query it yourself: npx altegio-sync sql --data-dir ${flags.dataDir ?? '.altegio-data/demo'} "select count(*) from altegio.clients"`,
          '',
        ];
        process.stdout.write(out.join('\n'));
        if (!result.ok) process.exitCode = 1;
      } finally {
        await warehouse.close();
        await sim.close();
      }
    });
}

function countQuery(tables: string[]): string {
  return tables.map((t) => `select '${t}' as "table", count(*)::int as rows from altegio.${t}`).join(' union all ');
}
