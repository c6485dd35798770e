import { describe, expect, it } from 'vitest';
import { recordsStream } from '../../src/jobs/records.js';
import { collect, fixture, location, mapContext, recordedClient, runExtract } from '../helpers/recorded.js';

const scope = location(4564, 'Asia/Almaty');

function body(name: string): { data: Record<string, unknown>[] } {
  return fixture(name)[0]!.body as { data: Record<string, unknown>[] };
}

describe('records on recorded answers', () => {
  it('maps an appointment with its services, goods and visit document, and a deleted walk-in no-show', async () => {
    const { ctx, pages, asked } = await runExtract(recordsStream, fixture('records'), scope);
    expect(asked).toEqual(['GET /records/4564?with_deleted=1&page=1&count=200']);
    expect(pages).toHaveLength(1);
    // The latest last_change_date: 2026-11-19T09:00+0500.
    expect(pages[0]!.cursor).toEqual({ changedAfter: '2026-11-19T04:00:00.000Z' });
    const [first, second] = pages[0]!.items.map((item) => recordsStream.map(item, ctx, undefined));
    const [raw1, raw2] = body('records').data;

    expect(first).toEqual({
      record: {
        locationId: 4564,
        id: 90001,
        clientId: 501,
        staffId: 7001,
        visitId: 70001,
        documentId: 550001,
        startsAt: new Date('2026-11-18T05:00:00Z'),
        sessionDate: '2026-11-18',
        seanceLength: 3600,
        length: 3600,
        attendance: 1,
        visitAttendance: 1,
        confirmed: true,
        paidFull: true,
        prepaid: false,
        online: true,
        comment: 'first visit after the move',
        apiId: null,
        source: 'widget',
        customFields: {},
        createdAt: new Date('2026-11-17T04:30:11Z'),
        lastChangeAt: new Date('2026-11-18T06:05:00Z'),
        deletedAt: null,
        raw: raw1,
      },
      services: [
        {
          locationId: 4564,
          recordId: 90001,
          position: 0,
          serviceId: 3101,
          title: 'Haircut',
          firstCost: '50',
          discount: '10',
          cost: '45',
          costToPay: null,
          costPerUnit: '50',
          amount: '1',
          raw: (raw1!.services as unknown[])[0],
        },
      ],
      goods: [
        {
          locationId: 4564,
          recordId: 90001,
          id: 66001,
          goodId: 8801,
          title: null,
          amount: '-1.000000000',
          costPerUnit: '15.00',
          discount: '0',
          cost: '15.00',
          raw: (raw1!.goods_transactions as unknown[])[0],
        },
      ],
    });

    const lastChangeAt = new Date('2026-11-19T04:00:00Z');
    expect(second).toEqual({
      record: {
        locationId: 4564,
        id: 90002,
        clientId: null,
        staffId: 7002,
        visitId: 0,
        documentId: null,
        // 04:30 on the 19th in Almaty is still the 18th in UTC: the session date is the local one.
        startsAt: new Date('2026-11-18T23:30:00Z'),
        sessionDate: '2026-11-19',
        seanceLength: 1800,
        length: 1800,
        attendance: -1,
        visitAttendance: -1,
        confirmed: false,
        paidFull: false,
        prepaid: false,
        online: false,
        comment: null,
        apiId: null,
        source: null,
        customFields: {},
        createdAt: new Date('2026-11-18T03:00:00Z'),
        lastChangeAt,
        deletedAt: lastChangeAt,
        raw: raw2,
      },
      services: [
        {
          locationId: 4564,
          recordId: 90002,
          position: 0,
          serviceId: 3102,
          title: 'Beard trim',
          firstCost: '20',
          discount: '0',
          cost: '20',
          costToPay: null,
          costPerUnit: '20',
          amount: '1',
          raw: (raw2!.services as unknown[])[0],
        },
      ],
      goods: [],
    });
  });

  it('reads a backfill window by session dates (start_date, end_date) instead of changed_after', async () => {
    const { client, asked } = recordedClient(fixture('records-by-date'));
    const ctx = { ...mapContext(scope, client), mode: 'backfill' as const, window: { from: '2026-11-16', to: '2026-11-18' } };
    const pages = await collect(recordsStream.extract(ctx, { cursor: null, progress: null }));
    expect(asked.map((a) => `${a.method} ${a.path}?${a.query}`)).toEqual([
      'GET /records/4564?start_date=2026-11-16&end_date=2026-11-18&with_deleted=1&page=1&count=200',
    ]);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ progress: null, cursor: { through: '2026-11-18' }, total: 1 });
    const rows = pages[0]!.items.map((item) => recordsStream.map(item, ctx, undefined));
    expect(rows).toEqual([
      {
        record: {
          locationId: 4564,
          id: 90003,
          clientId: 502,
          staffId: 7001,
          visitId: 70003,
          documentId: null,
          startsAt: new Date('2026-11-16T04:00:00Z'),
          sessionDate: '2026-11-16',
          seanceLength: 900,
          length: 900,
          attendance: 0,
          visitAttendance: 0,
          confirmed: true,
          paidFull: false,
          prepaid: false,
          online: false,
          comment: null,
          apiId: null,
          source: null,
          customFields: {},
          createdAt: new Date('2026-11-01T07:00:00Z'),
          lastChangeAt: new Date('2026-11-01T07:00:00Z'),
          deletedAt: null,
          raw: body('records-by-date').data[0],
        },
        services: [],
        goods: [],
      },
    ]);
  });
});
