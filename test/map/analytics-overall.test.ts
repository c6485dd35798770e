import { describe, expect, it } from 'vitest';
import { analyticsOverallStream } from '../../src/jobs/analytics.js';
import { collect, fixture, location, mapContext, recordedClient } from '../helpers/recorded.js';

describe('analytics_overall on a recorded answer', () => {
  it('reads money as strings, the currency object, and the live record, client and occupancy keys', async () => {
    const { client, asked } = recordedClient(fixture('analytics-overall'));
    const ctx = { ...mapContext(location(4564, 'Asia/Almaty'), client), mode: 'backfill' as const, window: { from: '2026-11-18', to: '2026-11-18' } };
    const [page] = await collect(analyticsOverallStream.extract(ctx, { cursor: null, progress: null }));
    expect(asked.map((a) => `${a.method} ${a.path}?${a.query}`)).toEqual(['GET /company/4564/analytics/overall?date_from=2026-11-18&date_to=2026-11-18']);
    const { raw, ...row } = analyticsOverallStream.map(page!.items[0], ctx, page!.meta);
    expect(row).toEqual({
      locationId: 4564,
      date: '2026-11-18',
      incomeTotal: '1284.5',
      incomeServices: '1104.5',
      incomeGoods: '180',
      incomeAverage: '321.13',
      records: 6,
      recordsCompleted: 4,
      recordsPending: 1,
      recordsCanceled: 1,
      clients: 4,
      clientsNew: 1,
      clientsReturning: 3,
      clientsActive: 4,
      clientsLost: 0,
      fullness: '37.5',
      currency: 'KZT',
      currencySymbol: '₸',
    });
    expect(raw).toEqual(page!.items[0]);
  });
});
