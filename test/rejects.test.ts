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

async function setup(clientsPage: unknown[], records: unknown[] = []) {
  const fixture = await serveFixtures({
    'GET /company/7': () => ({ body: { success: true, data: location, meta: [] } }),
    'GET /clients/7': () => ({ body: { success: true, data: clientsPage, meta: { page: 1, total_count: clientsPage.length } } }),
    'GET /records/7': () => ({ body: { success: true, data: records, meta: { page: 1, total_count: records.length } } }),
  });
  const db = await createTestDatabase();
  const warehouse: Warehouse = await openPostgres(db.url);
  cleanups.push(fixture.close, db.drop, () => warehouse.close());
  const config = loadConfig({
    ALTEGIO_BASE_URL: fixture.url, ALTEGIO_PARTNER_TOKEN: 'p', ALTEGIO_USER_TOKEN: 'u', ALTEGIO_LOCATION_IDS: '7', DATABASE_URL: db.url,
  });
  const client = createClient(config, silentLogger, undefined, { minRetryDelayMs: 5 });
  const sync = (streams = ['clients']) => runPass({ warehouse, client, config, log: silentLogger }, { streams: selectStreams(streams), locationIds: [7] });
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

  it('never stall their stream: what the database refuses is rejected with its message, text it cannot hold is cleaned, and the rest loads', async () => {
    const page = [
      good(10, { comment: 'half a pair \ud800 of surrogates' }),
      good(11, { visits: 3_000_000_000 }),
      null,
      good(12, { id: 'x'.repeat(6000) }),
      good(13),
    ];
    const { warehouse, sync } = await setup(page);
    const result = await sync();
    expect(result.ok).toBe(true);
    const loaded = await warehouse.query<{ id: string; comment: string | null }>(sql`select id, comment from altegio.clients order by id`);
    expect(loaded).toEqual([
      { id: '10', comment: 'half a pair \ufffd of surrogates' },
      { id: '13', comment: null },
    ]);
    const rejects = await warehouse.query<{ source_key: string; reason: string; raw: unknown }>(sql`select source_key, reason, raw from altegio.rejected_records order by reason`);
    expect(rejects.map((r) => r.reason)).toEqual([
      'client is not an object',
      expect.stringMatching(/^id is not an integer: "x{20,}/),
      'the warehouse refused it: database error 22003: value "3000000000" is out of range for type integer',
    ]);
    expect(rejects[0]!.raw).toBeNull();
    expect(rejects[1]!.source_key).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect((rejects[2]!.raw as { id: number }).id).toBe(11);
    const [run] = await warehouse.query<{ rows_rejected: number; rows_cleaned: number; status: string }>(
      sql`select rows_rejected, rows_cleaned, status from altegio.sync_runs where stream = 'clients'`,
    );
    expect(run).toEqual({ rows_rejected: 3, rows_cleaned: 1, status: 'succeeded' });
    const [state] = await warehouse.query<{ cursor: unknown }>(sql`select cursor from altegio.sync_state where stream = 'clients'`);
    expect(state!.cursor).not.toBeNull();
  });

  it('reject a record whose fields are of another kind rather than read them as empty', async () => {
    const record = (id: number, extra: object) => ({
      id, staff_id: 1, client: { id: 1 }, services: [], goods_transactions: [], datetime: '2026-11-20T10:00:00+09:00',
      last_change_date: '2026-11-20 09:00:00', attendance: 1, deleted: false, ...extra,
    });
    const { warehouse, sync } = await setup([good(1)], [
      record(1, { client: 'someone' }),
      record(2, { services: 'none' }),
      record(3, { attendance: 5 }),
      record(4, { client: null, services: [{ id: 9, title: 'Cut', cost: 10, first_cost: 10, discount: 0 }] }),
    ]);
    expect((await sync(['records'])).ok).toBe(true);
    const loaded = await warehouse.query<{ id: string; client_id: string | null }>(sql`select id, client_id from altegio.records order by id`);
    expect(loaded).toEqual([{ id: '4', client_id: null }]);
    const reasons = await warehouse.query<{ source_key: string; reason: string }>(sql`select source_key, reason from altegio.rejected_records order by source_key`);
    expect(reasons).toEqual([
      { source_key: '1', reason: 'client is not an object: "someone"' },
      { source_key: '2', reason: 'services is not a list: "none"' },
      { source_key: '3', reason: 'attendance is 5, not one of -1, 0, 1, 2' },
    ]);
  });
});
