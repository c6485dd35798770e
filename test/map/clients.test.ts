import { describe, expect, it } from 'vitest';
import { clientsStream } from '../../src/jobs/clients.js';
import { collect, fixture, location, mapContext, recordedClient, runExtract } from '../helpers/recorded.js';

const scope = location(4564, 'Asia/Almaty');

describe('clients on a recorded answer', () => {
  it('maps the client list, naming either spelling of gender and patronymic, and moves the cursor to the latest change', async () => {
    const { ctx, pages, asked } = await runExtract(clientsStream, fixture('clients'), scope);
    expect(asked).toEqual(['GET /clients/4564?page=1&count=200']);
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    // The later of 2026-11-19T10:15Z and 14:00 Almaty (09:00Z); the run started after both.
    expect(page.cursor).toEqual({ changedAfter: '2026-11-19T10:15:00.000Z' });
    expect(page.progress).toBeNull();
    expect(page.total).toBe(2);
    const rows = page.items.map((item) => clientsStream.map(item, ctx, undefined));
    expect(rows.map(({ raw: _raw, ...row }) => row)).toEqual([
      {
        locationId: 4564,
        id: 501,
        name: 'Test Client One',
        surname: 'Sample',
        patronymic: 'Q',
        phone: '15550100142',
        email: 'client.one@example.com',
        card: '000123',
        birthDate: '1990-04-12',
        genderId: 2,
        discount: '10',
        importanceId: 3,
        categories: [{ id: 3, title: 'VIP', color: '#e8d313' }],
        smsCheck: 1,
        smsNot: 0,
        spent: '1250.5',
        paid: '1200',
        balance: '-50.5',
        visitsCount: 7,
        comment: 'prefers mornings',
        customFields: { referral: 'flyer' },
        lastChangeAt: new Date('2026-11-19T10:15:00Z'),
        deletedAt: null,
      },
      {
        locationId: 4564,
        id: 502,
        name: 'Test Client Two',
        surname: null,
        patronymic: 'R',
        phone: '15550100143',
        email: null,
        card: null,
        birthDate: null,
        genderId: 1,
        discount: '0',
        importanceId: 0,
        categories: [],
        smsCheck: 0,
        smsNot: 1,
        spent: '0',
        paid: '0',
        balance: '0',
        visitsCount: 0,
        comment: null,
        customFields: {},
        // Naive: 14:00 in Almaty (UTC+5).
        lastChangeAt: new Date('2026-11-19T09:00:00Z'),
        deletedAt: null,
      },
    ]);
    expect(rows.map((r) => r.raw)).toEqual(page.items);
  });

  it('asks changed_after as the cursor less the 15-minute lookback, written in UTC for a zone east of UTC', async () => {
    const { client, asked } = recordedClient(fixture('clients'));
    const ctx = mapContext(scope, client);
    const cursor = { changedAfter: '2026-11-19T10:15:00.000Z' };
    const pages = await collect(clientsStream.extract(ctx, { cursor, progress: null }));
    expect(asked.map((a) => a.query.get('changed_after'))).toEqual(['2026-11-19T10:00:00']);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items).toEqual([]);
    expect(pages[0]!.cursor).toEqual(cursor);
  });
});
