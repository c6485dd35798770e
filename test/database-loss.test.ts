import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../src/util/dates.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';
import { ADMIN_URL } from './helpers/postgres.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

/** The pipeline's pool gives its dead connections up once each: ask until it answers. */
async function settle(pipeline: Pipeline): Promise<void> {
  for (let i = 0; i < 10; i++) {
    if (await pipeline.rows('select 1').then(() => true, () => false)) return;
  }
}

/** Ends every connection the sync has open to `database`, as a server restart or a failover would. */
async function terminate(admin: postgres.Sql, database: string): Promise<number> {
  const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database} and application_name = 'altegio-sync'`;
  return rows.length;
}

describe('losing the warehouse connection mid-run', () => {
  it('waits it out page by page: every connection killed again and again, the backfill still completes exactly', async () => {
    // At 8 requests a second the backfill takes several seconds: long enough to lose its connections many times.
    p = await startPipeline({ sim: { clients: 400, days: 6, locations: 1 }, env: { ALTEGIO_PAGE_SIZE: '20', ALTEGIO_RATE_LIMIT_PER_SECOND: '8' } });
    const database = new URL(p.config.databaseUrl!).pathname.slice(1);
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    let kills = 0;
    let stop = false;
    // Every connection ends, as in a server restart, every half second.
    const killing = (async () => {
      while (!stop) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        if ((await terminate(admin, database)) > 0) kills += 1;
      }
    })();
    try {
      const anchor = localDate(new Date(p.sim.truth().anchor), 'UTC');
      const result = await p.backfill({ from: addDays(anchor, -6), to: addDays(anchor, 2) }, ['clients', 'records']);
      stop = true;
      await killing;
      expect(result.runs.map((r) => [r.stream, r.status, r.error?.message])).toEqual([
        ['locations', 'succeeded', undefined],
        ['clients', 'succeeded', undefined],
        ['records', 'succeeded', undefined],
      ]);
      expect(kills).toBeGreaterThanOrEqual(4);
      await settle(p);
      const truth = p.sim.truth().locations[0]!;
      const clients = await p.rows<{ id: string }>('select id from altegio.clients order by id');
      expect(clients.map((c) => Number(c.id))).toEqual(truth.clients.ids);
      const [records] = await p.rows<{ n: string; distinct: string }>('select count(*) as n, count(distinct id) as distinct from altegio.records');
      expect(Number(records!.n)).toBe(Number(records!.distinct));
      expect(Number(records!.n)).toBeGreaterThan(100);
    } finally {
      stop = true;
      await killing;
      await admin.end();
    }
  });

  it('gives up after ALTEGIO_DB_RETRY_SECONDS with a message naming DATABASE_URL, and keeps what committed', async () => {
    p = await startPipeline({ sim: { clients: 200, days: 2, locations: 1 }, env: { ALTEGIO_PAGE_SIZE: '20' } });
    const database = new URL(p.config.databaseUrl!).pathname.slice(1);
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await p.sync(['locations']);
    let stop = false;
    const killing = (async () => {
      // Connections die as soon as they are made: the warehouse is as good as gone.
      while (!stop) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await terminate(admin, database);
      }
    })();
    try {
      const result = await p.sync(['clients'], { ALTEGIO_DB_RETRY_SECONDS: '2' });
      stop = true;
      await killing;
      expect(result.ok).toBe(false);
      const run = result.runs.find((r) => r.stream === 'clients')!;
      expect(run.error?.message).toMatch(/the warehouse \(.*\) could not be reached for \d+ s .*check DATABASE_URL/);
    } finally {
      stop = true;
      await killing;
      await admin.end();
    }
  });
});
