import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryById } from '../src/bi/queries.js';
import { useTestWarehouse } from './helpers/postgres.js';

/**
 * The views and the usual filters reach the indexes. No planner switches
 * (`enable_seqscan` stays on): the tables get enough rows, ANALYZE gives the
 * planner their real sizes, and each query filters selectively, so an index
 * wins on cost as it would in production. The data is synthetic (SQL
 * generate_series): only its volume and spread matter here.
 */
const LOCATIONS = 10;
const RECORDS_PER_LOCATION = 20_000;

const pg = useTestWarehouse();

beforeAll(async () => {
  const run = (statement: string) => pg.warehouse.query(sql.raw(statement));
  await run(`insert into altegio.locations (id, title, timezone, currency, raw)
    select l, 'Location ' || l, (array['America/New_York', 'Asia/Tokyo', 'Europe/London'])[1 + l % 3], 'USD', '{}'
    from generate_series(1, ${LOCATIONS}) l`);
  await run(`insert into altegio.staff (location_id, id, name, raw)
    select l, s, 'Team member ' || s, '{}' from generate_series(1, ${LOCATIONS}) l, generate_series(1, 12) s`);
  // One appointment every 48 minutes: 20,000 a location over about 666 days.
  await run(`insert into altegio.records (location_id, id, client_id, staff_id, visit_id, starts_at, session_date, seance_length, attendance, last_change_at, raw)
    select l, n, 1 + (n * 7919) % 5000, 1 + n % 12, n, t, (t at time zone 'UTC')::date, 3600, (array[1, 1, 1, 1, -1, 2, 0])[1 + n % 7], t, '{}'
    from generate_series(1, ${LOCATIONS}) l, generate_series(1, ${RECORDS_PER_LOCATION}) n,
         lateral (select timestamptz '2025-01-01 09:00Z' + n * interval '48 minutes') s(t)`);
  await run(`insert into altegio.record_services (location_id, record_id, position, service_id, cost, raw)
    select location_id, id, 0, 1, 50, '{}' from altegio.records`);
  await run(`insert into altegio.z_reports (location_id, report_date, clients, records, visit_records, non_visit_records, targets, targets_paid,
      goods, goods_paid, gift_cards, gift_cards_paid, memberships, memberships_paid, accounts_total, discount_total, raw)
    select l, d::date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '{}'
    from generate_series(1, ${LOCATIONS}) l, generate_series(date '2025-01-01', date '2026-10-31', interval '1 day') d`);
  await run(`insert into altegio.analytics_overall (location_id, date, fullness, raw) select location_id, report_date, 50, '{}' from altegio.z_reports`);
  await run(`insert into altegio.transactions (location_id, id, paid_at, transaction_date, amount, client_id, raw)
    select location_id, id, starts_at, session_date, 50, client_id, '{}' from altegio.records`);
  // Memberships expiring over three years around now: a 30-day window is about 3 % of them.
  await run(`insert into altegio.memberships (id, chain_id, location_id, client_id, balance, expires_at, raw)
    select n, 1, 1 + n % ${LOCATIONS}, n % 5000, 1 + n % 5, now() - interval '1 year' + n * interval '1 hour', '{}'
    from generate_series(1, 26000) n`);
  await run('analyze');
}, 120_000);


/** Every index a query's plan reads, from EXPLAIN's JSON. */
async function indexesUsed(query: string): Promise<string[]> {
  const [row] = await pg.warehouse.query<{ 'QUERY PLAN': unknown }>(sql.raw(`explain (format json) ${query}`));
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Index Name' && typeof value === 'string') found.add(value);
        else walk(value);
      }
    }
  };
  walk(row!['QUERY PLAN']);
  return [...found].sort();
}

describe('indexes behind the BI views and the usual filters', () => {
  it('daily_revenue for one location and a week reads the records by session date and the Z-reports by key', async () => {
    const used = await indexesUsed(`select * from altegio_bi.daily_revenue where location_id = 3 and date between '2025-06-02' and '2025-06-08'`);
    expect(used).toEqual(expect.arrayContaining(['records_session_date_idx', 'z_reports_location_id_report_date_pk', 'record_services_location_id_record_id_position_pk']));
  });

  it('appointments_daily and occupancy_daily for one day read the records by session date', async () => {
    expect(await indexesUsed(`select * from altegio_bi.appointments_daily where location_id = 3 and date = '2025-06-02'`)).toContain('records_session_date_idx');
    const occupancy = await indexesUsed(`select * from altegio_bi.occupancy_daily where location_id = 3 and date = '2025-06-02'`);
    expect(occupancy).toEqual(expect.arrayContaining(['records_session_date_idx', 'analytics_overall_location_id_date_pk']));
  });

  it('staff_monthly for one team member reads records_staff_idx', async () => {
    expect(await indexesUsed(`select * from altegio_bi.staff_monthly where location_id = 3 and staff_id = 5`)).toContain('records_staff_idx');
  });

  it("a client's appointments and payments read the client indexes", async () => {
    expect(await indexesUsed(`select * from altegio_bi.appointments where location_id = 3 and client_id = 42`)).toContain('records_client_idx');
    expect(await indexesUsed(`select sum(amount) from altegio.transactions where location_id = 3 and client_id = 42`)).toContain('transactions_client_idx');
  });

  it('the "memberships about to expire" query of docs/queries.md reads memberships_expires_idx', async () => {
    expect(await indexesUsed(queryById('memberships-expiring').sql)).toContain('memberships_expires_idx');
  });
});
