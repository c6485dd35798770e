import { describe, expect, it } from 'vitest';
import { AltegioForbiddenError } from '../../src/errors.js';
import { zReportsStream } from '../../src/jobs/z-reports.js';
import { collect, fixture, location, mapContext, recordedClient, type Exchange } from '../helpers/recorded.js';

const scope = location(4564, 'Asia/Almaty');

async function day(exchanges: Exchange[], date: string, env: Record<string, string> = {}) {
  const { client, asked } = recordedClient(exchanges);
  const ctx = { ...mapContext(scope, client, env), mode: 'backfill' as const, window: { from: date, to: date } };
  const pages = await collect(zReportsStream.extract(ctx, { cursor: null, progress: null }));
  return { ctx, pages, asked: asked.map((a) => `${a.method} ${a.path}?${a.query}`) };
}

type Item = Record<string, unknown>;
type Master = { service: Item[]; good: Item[]; others: Item };
type Report = { paids: { accounts: Item[]; discount: Item[] }; z_data: Record<string, { masters: Master[] }[]> };

const zeroStats = {
  clients: 0, clientsAverage: '0', records: 0, recordsAverage: '0', visitRecords: 0, visitRecordsAverage: '0',
  nonVisitRecords: 0, nonVisitRecordsAverage: '0', targets: 0, targetsPaid: '0', goods: 0, goodsPaid: '0',
  giftCards: 0, giftCardsPaid: '0', memberships: 0, membershipsPaid: '0', accountsTotal: '0', discountTotal: '0',
};

describe('z_reports on recorded answers', () => {
  it('asks start_date and end_date as DD.MM.YYYY and maps a day of sales with the currency symbol ₸', async () => {
    const { ctx, pages, asked } = await day(fixture('z-report'), '2026-11-18');
    expect(asked).toEqual(['GET /reports/z_report/4564?start_date=18.11.2026&end_date=18.11.2026&master_id=0']);
    expect(pages).toHaveLength(1);
    const data = (fixture('z-report')[0]!.body as { data: Report }).data;
    const raw = { report_date: '2026-11-18', ...data };
    expect(pages[0]!.items).toEqual([raw]);
    const row = zReportsStream.map(pages[0]!.items[0], ctx, undefined);
    const dayKey = { locationId: 4564, reportDate: '2026-11-18' };
    expect(row.report).toEqual({
      ...dayKey,
      clients: 2, clientsAverage: '42.5', records: 3, recordsAverage: '28.33', visitRecords: 2, visitRecordsAverage: '40',
      nonVisitRecords: 1, nonVisitRecordsAverage: '5', targets: 0, targetsPaid: '0', goods: 1, goodsPaid: '15',
      giftCards: 0, giftCardsPaid: '0', memberships: 0, membershipsPaid: '0', accountsTotal: '85', discountTotal: '5',
      currency: '₸',
      raw,
    });
    const accounts = data.paids.accounts;
    expect(row.payments).toEqual([
      { ...dayKey, kind: 'account', position: 0, title: 'Cash', amount: '60', raw: accounts[0] },
      { ...dayKey, kind: 'account', position: 1, title: 'Card terminal', amount: '25', raw: accounts[1] },
      { ...dayKey, kind: 'account', position: 2, title: 'Bank transfer', amount: '0', raw: accounts[2] },
      { ...dayKey, kind: 'discount', position: 0, title: 'Written off bonuses', amount: '5', raw: data.paids.discount[0] },
    ]);
    const morning = data.z_data['1794978000']![0]!.masters[0]!;
    const afternoon = data.z_data['1794994200']![0]!.masters[0]!;
    // 1794978000 is 10:00 and 1794994200 14:30 of the 18th in Almaty; an all-zero `others` is no sale.
    const client = { clientId: 501, clientName: 'Test Client One', staffId: 7001, staffName: 'Team Member A' };
    const walkIn = { clientId: null, clientName: null, staffId: 7002, staffName: 'Team Member B' };
    expect(row.items).toEqual([
      { ...dayKey, line: 1, startsAt: new Date('2026-11-18T05:00:00Z'), ...client, kind: 'service', itemTitle: 'Haircut',
        firstCost: '50', discount: '5', resultCost: '45', accountsAmount: '40', loyaltyAmount: '5', raw: morning.service[0] },
      { ...dayKey, line: 2, startsAt: new Date('2026-11-18T05:00:00Z'), ...client, kind: 'good', itemTitle: 'Hair wax',
        firstCost: '15', discount: '0', resultCost: '15', accountsAmount: '15', loyaltyAmount: '0', raw: morning.good[0] },
      { ...dayKey, line: 3, startsAt: new Date('2026-11-18T09:30:00Z'), ...walkIn, kind: 'service', itemTitle: 'Beard trim',
        firstCost: '20', discount: '0', resultCost: '20', accountsAmount: '20', loyaltyAmount: '0', raw: afternoon.service[0] },
      { ...dayKey, line: 4, startsAt: new Date('2026-11-18T09:30:00Z'), ...walkIn, kind: 'other', itemTitle: 'Other operations',
        firstCost: '10', discount: '0', resultCost: '10', accountsAmount: '10', loyaltyAmount: '0', raw: afternoon.others },
    ]);
  });

  it('maps an empty day whose z_data is [] to a zero report with its tills and no items', async () => {
    const { ctx, pages } = await day(fixture('z-report-empty'), '2026-11-17');
    const row = zReportsStream.map(pages[0]!.items[0], ctx, undefined);
    const dayKey = { locationId: 4564, reportDate: '2026-11-17' };
    expect(row.report).toEqual({ ...dayKey, ...zeroStats, currency: '₸', raw: pages[0]!.items[0] });
    expect(row.payments.map(({ raw: _raw, ...p }) => p)).toEqual([
      { ...dayKey, kind: 'account', position: 0, title: 'Cash', amount: '0' },
      { ...dayKey, kind: 'account', position: 1, title: 'Card terminal', amount: '0' },
    ]);
    expect(row.items).toEqual([]);
  });

  it('sends the dates as YYYY-MM-DD with ALTEGIO_Z_REPORT_DATE_FORMAT=iso', async () => {
    const { pages, asked } = await day(fixture('z-report-iso'), '2026-11-17', { ALTEGIO_Z_REPORT_DATE_FORMAT: 'iso' });
    expect(asked).toEqual(['GET /reports/z_report/4564?start_date=2026-11-17&end_date=2026-11-17&master_id=0']);
    expect(pages[0]!.items).toHaveLength(1);
  });

  it('refuses an answer whose z_data keys are on another local day than asked, storing nothing under the asked day', async () => {
    const { client } = recordedClient(fixture('z-report-other-day'));
    const ctx = { ...mapContext(scope, client), mode: 'backfill' as const, window: { from: '2026-11-16', to: '2026-11-16' } };
    const seen: unknown[] = [];
    const run = (async () => {
      for await (const page of zReportsStream.extract(ctx, { cursor: null, progress: null })) seen.push(page);
    })();
    // 1795147200 is 09:00 on the 20th in Almaty: today's report, served for the 16th.
    await expect(run).rejects.toThrow(AltegioForbiddenError);
    await expect(run).rejects.toThrow(/asked for 2026-11-16 came back with the sales of 2026-11-20/);
    expect(seen).toEqual([]);
  });
});
