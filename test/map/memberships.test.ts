import { describe, expect, it } from 'vitest';
import { extractMemberships } from '../../src/extractors/loyalty.js';
import { membershipsStream } from '../../src/jobs/memberships.js';
import type { Scope } from '../../src/sync/types.js';
import { collect, fixture, mapContext, recordedClient } from '../helpers/recorded.js';

/** The stream reads the locations' zones from the warehouse; here they are the page meta built by hand. */
const chain: Scope = { kind: 'chain', key: 'chain:2100', chainId: 2100 };
const zones = new Map([[4564, 'Asia/Almaty']]);

describe('memberships on recorded answers', () => {
  it('lists memberships by creation window, paging on to the empty page, and maps status, balance and dates', async () => {
    const { client, asked } = recordedClient(fixture('chain-abonements'));
    const ctx = mapContext(chain, client);
    const pages = await collect(extractMemberships(client, { chainId: 2100, from: '2026-11-01', to: '2026-11-18', pageSize: 200 }));
    expect(asked.map((a) => `${a.method} ${a.path}?${a.query}`)).toEqual([
      'GET /chain/2100/loyalty/abonements?created_after=2026-11-01&created_before=2026-11-18&page=1&count=200',
      'GET /chain/2100/loyalty/abonements?created_after=2026-11-01&created_before=2026-11-18&page=2&count=200',
    ]);
    expect(pages.map((p) => [p.page, p.items.length, p.last])).toEqual([
      [1, 2, false],
      [2, 0, true],
    ]);
    const items = (fixture('chain-abonements')[0]!.body as { data: unknown[] }).data;
    const rows = pages[0]!.items.map((item) => membershipsStream.map(item, ctx, zones));
    expect(rows).toEqual([
      {
        id: 5501,
        chainId: 2100,
        locationId: null,
        typeId: 12233,
        number: '788376',
        balance: 8,
        balanceText: null,
        statusId: 2,
        status: 'Active',
        isFrozen: false,
        createdAt: new Date('2026-11-02T07:00:00Z'),
        expiresAt: new Date('2027-02-03T18:59:59Z'),
        clientId: null,
        clientPhone: null,
        cost: null,
        deletedAt: null,
        raw: items[0],
      },
      {
        id: 5502,
        chainId: 2100,
        locationId: null,
        typeId: 12234,
        number: null,
        balance: 0,
        balanceText: null,
        statusId: 1,
        status: 'Created',
        isFrozen: true,
        // No selling location named: a naive date is read in UTC.
        createdAt: new Date('2026-11-10T09:15:00Z'),
        expiresAt: null,
        clientId: null,
        clientPhone: null,
        cost: null,
        deletedAt: null,
        raw: items[1],
      },
    ]);
  });
});
