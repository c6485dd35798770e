import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/cli/context.js';
import { loadConfig } from '../src/config.js';
import { openPostgres, type Warehouse } from '../src/db/connect.js';
import { selectStreams } from '../src/jobs/index.js';
import { silentLogger } from '../src/log.js';
import { runPass } from '../src/sync/pass.js';
import { serveFixtures } from './helpers/fixture-server.js';
import { createTestDatabase } from './helpers/postgres.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const location = { id: 7, title: 'Fixture Studio', timezone_name: 'Asia/Tokyo', timezone: 9, currency_short_title: 'JPY' };
const good = (id: number, extra: object = {}) => ({
  id, name: `Client ${id}`, phone: 13155550100 + id, email: '', birth_date: '0000-00-00', spent: 1234.5, visits: 2,
  custom_fields: [], categories: {}, last_change_date: '2026-11-20 10:00:00', ...extra,
});

async function setup(clientsPage: unknown[]) {
  const fixture = await serveFixtures({
    'GET /company/7': () => ({ body: { success: true, data: location, meta: [] } }),
    'GET /clients/7': () => ({ body: { success: true, data: clientsPage, meta: { page: 1, total_count: clientsPage.length } } }),
  });
  const db = await createTestDatabase();
  const warehouse: Warehouse = await openPostgres(db.url);
  cleanups.push(fixture.close, db.drop, () => warehouse.close());
  const config = loadConfig({
    ALTEGIO_BASE_URL: fixture.url, ALTEGIO_PARTNER_TOKEN: 'p', ALTEGIO_USER_TOKEN: 'u', ALTEGIO_LOCATION_IDS: '7', DATABASE_URL: db.url,
  });
  const client = createClient(config, silentLogger, undefined, { minRetryDelayMs: 5 });
  const sync = () => runPass({ warehouse, client, config, log: silentLogger }, { streams: selectStreams(['clients']), locationIds: [7] });
  return { warehouse, sync, fixture };
}

describe('malformed records', () => {
  it('go to rejected_records with the reason while the rest of the page loads', async () => {
    const page = [
      good(1),
      good(2, { last_change_date: 'last Tuesday' }),
      good(3, { id: 'three' }),
      good(4, { spent: 'a lot' }),
      good(5, { comment: 'fine' }),
      'not even an object',
    ];
    const { warehouse, sync } = await setup(page);
    const result = await sync();
    expect(result.ok).toBe(true);
    const loaded = await warehouse.query<{ id: string; spent: string; phone: string; custom_fields: unknown; categories: unknown; birth_date: string | null }>(
      sql`select id, spent, phone, custom_fields, categories, birth_date from altegio.clients order by id`,
    );
    expect(loaded.map((r) => Number(r.id))).toEqual([1, 5]);
    expect(loaded[0]).toMatchObject({ spent: '1234.5', phone: '13155550101', custom_fields: {}, categories: [], birth_date: null });
    const rejects = await warehouse.query<{ source_key: string; reason: string; raw: unknown }>(
      sql`select source_key, reason, raw from altegio.rejected_records order by source_key`,
    );
    expect(rejects).toHaveLength(4);
    const reasons = Object.fromEntries(rejects.map((r) => [r.source_key, r.reason]));
    expect(reasons['2']).toMatch(/last_change_date: unrecognised date "last Tuesday"/);
    expect(reasons.three).toMatch(/^id is not an integer: "three"/);
    expect(reasons['4']).toMatch(/spent is not a number/);
    expect(Object.entries(reasons).find(([k]) => k.startsWith('sha1:'))?.[1]).toMatch(/not an object/);

    // Seen again: still one row each, counted.
    await sync();
    const again = await warehouse.query<{ n: string; seen: string }>(
      sql`select count(*) as n, max(times_seen) as seen from altegio.rejected_records`,
    );
    expect(again[0]).toMatchObject({ n: '4', seen: 2 });
  });
});
