import { describe, expect, it } from 'vitest';
import { AltegioMalformedResponseError } from '../../src/errors.js';
import { transactionsStream, type ChangesProgress, type TransactionsCursor } from '../../src/jobs/transactions.js';
import type { WindowProgress } from '../../src/sync/windows.js';
import { collect, fixture, location, mapContext, recordedClient, type Exchange } from '../helpers/recorded.js';

const scope = location(4564, 'Asia/Almaty');
const chunk = { from: '2026-11-16', to: '2026-11-18' };
const [t1, t2, t3] = fixture('transactions').flatMap((e) => (e.body as { data: Record<string, unknown>[] }).data);

function backfill(exchanges: Exchange[], env: Record<string, string> = {}) {
  const { client, asked } = recordedClient(exchanges);
  const ctx = { ...mapContext(scope, client, { ALTEGIO_PAGE_SIZE: '2', ...env }), mode: 'backfill' as const, window: chunk };
  return { ctx, asked };
}

describe('transactions on recorded answers', () => {
  it('asks each chunk with a day of slack either side, live transactions only, pages past a short page to the empty one, and keeps the chunk as the window', async () => {
    const { ctx, asked } = backfill(fixture('transactions'));
    const pages = await collect(transactionsStream.extract(ctx, { cursor: null, progress: null }));
    expect(asked.map((a) => `${a.method} ${a.path}?${a.query}`)).toEqual([
      'GET /transactions/4564?start_date=2026-11-15&end_date=2026-11-19&deleted=0&page=1&count=2',
      'GET /transactions/4564?start_date=2026-11-15&end_date=2026-11-19&deleted=0&page=2&count=2',
      'GET /transactions/4564?start_date=2026-11-15&end_date=2026-11-19&deleted=0&page=3&count=2',
    ]);
    expect(pages.map((p) => p.items)).toEqual([[t1, t2], [t3], []]);
    expect(pages.map((p) => p.meta)).toEqual([
      { window: chunk },
      { window: chunk },
      { window: chunk, ids: [4815160001, 4815160002, 4815160003] },
    ]);
    expect(pages.map((p) => (p.progress as WindowProgress | null)?.nextPage ?? null)).toEqual([2, 3, null]);
    expect(pages[2]!.cursor).toEqual({ through: '2026-11-18' });
  });

  it('reads naive dates in Asia/Dubai, offsets without a colon as written, and amounts as strings', async () => {
    const { ctx } = backfill(fixture('transactions'));
    const rows = [t1, t2, t3].map((t) => transactionsStream.map(t, ctx, { window: chunk }));
    expect(rows.map(({ raw: _raw, ...row }) => row)).toEqual([
      {
        locationId: 4564,
        id: 4815160001,
        documentId: 22256641,
        // 15:34:31+0400, 16:34:31 in Almaty.
        paidAt: new Date('2026-11-16T11:34:31Z'),
        transactionDate: '2026-11-16',
        amount: '1000.00',
        expenseId: 5,
        expense: { id: '5', title: 'Service payment' },
        accountId: 23182,
        clientId: 501,
        staffId: 7001,
        recordId: null,
        visitId: null,
        soldItemId: null,
        soldItemType: null,
        comment: null,
        lastChangeAt: new Date('2026-11-16T11:40:00Z'),
        deletedAt: null,
      },
      {
        locationId: 4564,
        id: 4815160002,
        documentId: 22256642,
        // 23:30 in Dubai (UTC+4) is 00:30 of the 18th in Almaty (UTC+5).
        paidAt: new Date('2026-11-17T19:30:00Z'),
        transactionDate: '2026-11-18',
        amount: '15.50',
        expenseId: 7,
        expense: { id: '7', title: 'Product sale' },
        accountId: 23181,
        clientId: null,
        staffId: null,
        recordId: null,
        visitId: null,
        soldItemId: null,
        soldItemType: null,
        comment: 'hair wax',
        lastChangeAt: new Date('2026-11-17T19:31:00Z'),
        deletedAt: null,
      },
      {
        locationId: 4564,
        id: 4815160003,
        documentId: null,
        paidAt: new Date('2026-11-18T05:00:00Z'),
        transactionDate: '2026-11-18',
        amount: '-200.00',
        expenseId: 8,
        expense: { id: '8', title: 'Miscellaneous income' },
        accountId: 23181,
        clientId: 502,
        staffId: null,
        recordId: null,
        visitId: null,
        soldItemId: null,
        soldItemType: null,
        comment: 'refund',
        lastChangeAt: new Date('2026-11-18T05:05:00Z'),
        deletedAt: null,
      },
    ]);
    expect(rows.map((r) => r.raw)).toEqual([t1, t2, t3]);
  });

  it('reads naive dates in the zone ALTEGIO_TRANSACTIONS_TIMEZONE names', async () => {
    const { ctx } = backfill(fixture('transactions'), { ALTEGIO_TRANSACTIONS_TIMEZONE: 'Asia/Almaty' });
    const row = transactionsStream.map(t2, ctx, { window: chunk });
    expect([row.paidAt, row.transactionDate, row.lastChangeAt]).toEqual([
      new Date('2026-11-17T18:30:00Z'),
      '2026-11-17',
      new Date('2026-11-17T18:31:00Z'),
    ]);
    // An offset in the text wins over the setting.
    expect(transactionsStream.map(t1, ctx, { window: chunk }).paidAt).toEqual(new Date('2026-11-16T11:34:31Z'));
  });

  it('fails when the endpoint ignores paging and answers page 2 as page 1', async () => {
    const { ctx } = backfill(fixture('transactions-repeating'));
    const run = collect(transactionsStream.extract(ctx, { cursor: null, progress: null }));
    await expect(run).rejects.toThrow(AltegioMalformedResponseError);
    await expect(run).rejects.toThrow(/page 2 repeats page 1 \(the endpoint ignores paging\)/);
  });
});

describe('transactions changed since the last run', () => {
  const [w1, c1, c2] = fixture('transactions-changed').flatMap((e) => (e.body as { data: Record<string, unknown>[] }).data);
  const cursor: TransactionsCursor = { through: '2026-11-20', changedAfter: '2026-11-20T11:00:00.000Z' };
  // The last run began at 11:00Z; less the 15 minutes of lookback, read earliest in UTC (Almaty is UTC+5, Dubai UTC+4).
  const changes: ChangesProgress['changes'] = {
    lowerBound: '2026-11-20T10:45:00',
    sinceAt: '2026-11-20T10:45:00.000Z',
    from: '2026-10-21',
    to: '2026-11-21',
    nextPage: 1,
    startedAt: '2026-11-20T12:00:00.000Z',
  };

  function sync(name: string) {
    const { client, asked } = recordedClient(fixture(name));
    const ctx = mapContext(scope, client, { ALTEGIO_PAGE_SIZE: '2' });
    return { ctx, asked: () => asked.map((a) => `${a.method} ${a.path}?${a.query}`) };
  }

  it('after the recent days, lists the last month\'s transactions changed since the last run, and moves its cursor to this run\'s start', async () => {
    const { ctx, asked } = sync('transactions-changed');
    const pages = await collect(transactionsStream.extract(ctx, { cursor, progress: null }));
    expect(asked()).toEqual([
      'GET /transactions/4564?start_date=2026-11-17&end_date=2026-11-21&deleted=0&page=1&count=2',
      'GET /transactions/4564?start_date=2026-11-17&end_date=2026-11-21&deleted=0&page=2&count=2',
      'GET /transactions/4564?start_date=2026-10-21&end_date=2026-11-21&deleted=0&changed_after=2026-11-20T10%3A45%3A00&page=1&count=2',
      'GET /transactions/4564?start_date=2026-10-21&end_date=2026-11-21&deleted=0&changed_after=2026-11-20T10%3A45%3A00&page=2&count=2',
    ]);
    expect(pages.map((p) => p.items)).toEqual([[w1], [], [c1, c2], []]);
    // Only the date window completes a listing (ids): the changes mark nothing deleted.
    expect(pages.map((p) => p.meta)).toEqual([
      { window: { from: '2026-11-18', to: '2026-11-20' } },
      { window: { from: '2026-11-18', to: '2026-11-20' }, ids: [4815160011] },
      undefined,
      undefined,
    ]);
    // The dates commit first, with the question of changes to resume from; then the new bound.
    expect(pages[1]).toMatchObject({ cursor, progress: { changes }, highWaterAt: undefined });
    expect(pages[2]).toMatchObject({ progress: { changes: { ...changes, nextPage: 2 } } });
    expect(pages[2]!.cursor).toBeUndefined();
    expect(pages[3]).toMatchObject({
      cursor: { through: '2026-11-20', changedAfter: '2026-11-20T12:00:00.000Z' },
      progress: null,
      highWaterAt: new Date('2026-11-20T12:00:00.000Z'),
    });
    // A corrected payment of October is loaded under its own date.
    const row = transactionsStream.map(c1, ctx, undefined);
    expect(row).toMatchObject({ id: 4815150201, transactionDate: '2026-10-30', amount: '1200.00', lastChangeAt: new Date('2026-11-20T11:10:00Z'), deletedAt: null });
  });

  it('asks no changes on a first run, noting this run\'s start as where the next one begins', async () => {
    const { client, asked } = recordedClient([{ method: 'GET', path: '/transactions/4564', query: { deleted: '0', changed_after: null }, body: { success: true, data: [], meta: [] } }]);
    const ctx = mapContext(scope, client, { ALTEGIO_PAGE_SIZE: '2' });
    const pages = await collect(transactionsStream.extract(ctx, { cursor: null, progress: null }));
    // 30 days in 7-day chunks, one empty page each, and nothing else.
    expect(asked).toHaveLength(5);
    expect(pages.at(-1)!.cursor).toEqual({ through: '2026-11-20', changedAfter: '2026-11-20T12:00:00.000Z' });
  });

  it('resumes an interrupted listing of changes at its next page, with the same question', async () => {
    const { ctx, asked } = sync('transactions-changed');
    const pages = await collect(transactionsStream.extract(ctx, { cursor, progress: { changes: { ...changes, nextPage: 2, startedAt: '2026-11-20T11:58:00.000Z' } } }));
    expect(asked()).toEqual(['GET /transactions/4564?start_date=2026-10-21&end_date=2026-11-21&deleted=0&changed_after=2026-11-20T10%3A45%3A00&page=2&count=2']);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ items: [], progress: null, cursor: { through: '2026-11-20', changedAfter: '2026-11-20T11:58:00.000Z' } });
  });

  it('stops after one page when the server ignores changed_after and lists a transaction changed long before', async () => {
    const { ctx, asked } = sync('transactions-changed-ignored');
    const pages = await collect(transactionsStream.extract(ctx, { cursor, progress: { changes } }));
    expect(asked()).toEqual(['GET /transactions/4564?start_date=2026-10-21&end_date=2026-11-21&deleted=0&changed_after=2026-11-20T10%3A45%3A00&page=1&count=2']);
    // What it did list is loaded (it exists), and the next run asks again from this run's start.
    expect(pages.map((p) => (p.items as Array<{ id: unknown }>).map((t) => t.id))).toEqual([['4815150201', 4815140007]]);
    expect(pages[0]).toMatchObject({ progress: null, cursor: { through: '2026-11-20', changedAfter: '2026-11-20T12:00:00.000Z' } });
  });

  it('reads a backfill\'s dates only', async () => {
    const { client, asked } = recordedClient(fixture('transactions'));
    const ctx = { ...mapContext(scope, client, { ALTEGIO_PAGE_SIZE: '2' }), mode: 'backfill' as const, window: chunk };
    await collect(transactionsStream.extract(ctx, { cursor, progress: null }));
    expect(asked.filter((a) => a.query.has('changed_after'))).toEqual([]);
  });
});
