import { describe, expect, it } from 'vitest';
import { analyticsDailyStream, dayOf } from '../../src/jobs/analytics.js';
import { collect, fixture, location, mapContext, recordedClient } from '../helpers/recorded.js';

/** A location east of UTC (UTC+9): its days are still sent as UTC midnights. */
const scope = location(4571, 'Asia/Tokyo');
const window = { from: '2026-11-16', to: '2026-11-17' };
/** Epoch ms at 00:00 UTC of 2026-11-16 and 2026-11-17, as the fixtures send them. */
const [d16, d17] = [1794787200000, 1794873600000];

const CHARTS = ['income-daily', 'records-daily', 'fullness-daily', 'record-source', 'record-status'];

async function run() {
  const { client, asked } = recordedClient(CHARTS.flatMap((name) => fixture(`analytics-charts-${name}`)));
  const ctx = { ...mapContext(scope, client), mode: 'backfill' as const, window };
  const pages = await collect(analyticsDailyStream.extract(ctx, { cursor: null, progress: null }));
  /** The rows of page `i` (each page is one chart answer). */
  const rows = (i: number) => pages[i]!.items.flatMap((item) => analyticsDailyStream.map(item, ctx, pages[i]!.meta));
  return { pages, rows, asked: asked.map((a) => `${a.path.replace('/company/4571/analytics/overall/charts/', '')}?${a.query}`) };
}

const daily = (chart: string, date: string, series: string, label: string, x: number, y: number) => ({
  locationId: 4571, date, chart, label: series, value: String(y), raw: { series, label, point: [x, y] },
});
const structure = (chart: string, date: string, label: string, y: number) => ({
  locationId: 4571, date, chart, label, value: String(y), raw: { series: '', label, point: [label, y] },
});

describe('analytics_daily on recorded chart answers', () => {
  it('reads the bare arrays (no envelope): each daily chart once for the chunk, the structure charts a day each', async () => {
    const { pages, asked } = await run();
    expect(asked).toEqual([
      'income_daily?date_from=2026-11-16&date_to=2026-11-17',
      'records_daily?date_from=2026-11-16&date_to=2026-11-17',
      'fullness_daily?date_from=2026-11-16&date_to=2026-11-17',
      'record_source?date_from=2026-11-16&date_to=2026-11-16',
      'record_status?date_from=2026-11-16&date_to=2026-11-16',
      'record_source?date_from=2026-11-17&date_to=2026-11-17',
      'record_status?date_from=2026-11-17&date_to=2026-11-17',
    ]);
    expect(pages.map((p) => p.meta)).toEqual([
      { chart: 'income_daily', dates: ['2026-11-16', '2026-11-17'] },
      { chart: 'records_daily', dates: ['2026-11-16', '2026-11-17'] },
      { chart: 'fullness_daily', dates: ['2026-11-16', '2026-11-17'] },
      { chart: 'record_source', dates: ['2026-11-16'] },
      { chart: 'record_status', dates: ['2026-11-16'] },
      { chart: 'record_source', dates: ['2026-11-17'] },
      { chart: 'record_status', dates: ['2026-11-17'] },
    ]);
    expect(pages[0]!.items).toEqual([fixture('analytics-charts-income-daily')[0]!.body]);
  });

  it('dates each point by the UTC date of its epoch-ms x in a zone east of UTC, and keys series on slug', async () => {
    const { rows } = await run();
    const c = 'income_daily';
    expect(rows(0)).toEqual([
      daily(c, '2026-11-16', 'income_total', 'Earnings', d16, 1200.5),
      daily(c, '2026-11-16', 'income_services', 'Services', d16, 1000.5),
      daily(c, '2026-11-16', 'income_goods', 'Products', d16, 200),
      daily(c, '2026-11-17', 'income_total', 'Earnings', d17, 0),
      daily(c, '2026-11-17', 'income_services', 'Services', d17, 0),
      daily(c, '2026-11-17', 'income_goods', 'Products', d17, 0),
    ]);
    const f = 'fullness_daily';
    expect(rows(2)).toEqual([
      daily(f, '2026-11-16', 'fullness_spent', 'Workday occupancy, %', d16, 37.5),
      daily(f, '2026-11-16', 'fullness_no_show', 'No-shows, %', d16, 16.7),
      daily(f, '2026-11-17', 'fullness_spent', 'Workday occupancy, %', d17, 12.25),
      daily(f, '2026-11-17', 'fullness_no_show', 'No-shows, %', d17, 0),
    ]);
  });

  it('keys series on the label where there is no slug (records_daily)', async () => {
    const { rows } = await run();
    const [all, online, fresh] = ['Number of appointments', 'Number of online bookings', 'Number of appointments from new clients'];
    const c = 'records_daily';
    expect(rows(1)).toEqual([
      daily(c, '2026-11-16', all, all, d16, 6),
      daily(c, '2026-11-16', online, online, d16, 2),
      daily(c, '2026-11-16', fresh, fresh, d16, 1),
      daily(c, '2026-11-17', all, all, d17, 3),
      daily(c, '2026-11-17', online, online, d17, 0),
      daily(c, '2026-11-17', fresh, fresh, d17, 1),
    ]);
  });

  it('maps structure charts record_source and record_status, rows {label, data: number}, to one row per label', async () => {
    const { rows } = await run();
    expect([3, 4, 5, 6].map(rows)).toEqual([
      [structure('record_source', '2026-11-16', 'Administrator', 4), structure('record_source', '2026-11-16', 'Online booking form "Main site"', 2)],
      [
        structure('record_status', '2026-11-16', 'Came', 4),
        structure('record_status', '2026-11-16', 'Did not come', 1),
        structure('record_status', '2026-11-16', 'Confirmed', 1),
      ],
      [structure('record_source', '2026-11-17', 'Client mobile app', 3)],
      [structure('record_status', '2026-11-17', 'Expectation', 3)],
    ]);
  });

  it('reads an x at 00:00 UTC as that UTC date in zones east and west of UTC alike', () => {
    expect([dayOf(d16, 'Asia/Tokyo'), dayOf(d16, 'Asia/Almaty'), dayOf(d16, 'America/New_York')]).toEqual([
      '2026-11-16',
      '2026-11-16',
      '2026-11-16',
    ]);
  });
});
