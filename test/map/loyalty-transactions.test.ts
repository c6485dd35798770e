import { describe, expect, it } from 'vitest';
import { loyaltyTransactionsStream } from '../../src/jobs/loyalty-transactions.js';
import type { Scope } from '../../src/sync/types.js';
import { collect, fixture, mapContext, recordedClient } from '../helpers/recorded.js';

const chain: Scope = { kind: 'chain', key: 'chain:2100', chainId: 2100 };
const day = { from: '2026-11-18', to: '2026-11-18' };

describe('loyalty_transactions on a recorded answer', () => {
  it('asks one creation day (created_after = created_before) and dates each transaction by it', async () => {
    const { client, asked } = recordedClient(fixture('chain-loyalty-transactions'));
    const ctx = { ...mapContext(chain, client), mode: 'backfill' as const, window: day };
    const pages = await collect(loyaltyTransactionsStream.extract(ctx, { cursor: null, progress: null }));
    expect(asked.map((a) => `${a.method} ${a.path}?${a.query}`)).toEqual([
      'GET /chain/2100/loyalty/transactions?created_after=2026-11-18&created_before=2026-11-18&page=1&count=200',
    ]);
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.meta).toEqual({ window: day, ids: [7700001, 7700002] });
    expect(page.total).toBe(2);
    const items = (fixture('chain-loyalty-transactions')[0]!.body as { data: unknown[] }).data;
    const rows = page.items.map((item) => loyaltyTransactionsStream.map(item, ctx, page.meta));
    // The rows name no location and no client; the record is `item_record_id`.
    expect(rows).toEqual([
      {
        id: 7700001,
        chainId: 2100,
        locationId: null,
        amount: '4.5',
        typeId: 2,
        statusId: 1,
        cardId: 9210520,
        programId: 18005,
        clientId: null,
        recordId: 90001,
        visitId: 70001,
        createdDate: '2026-11-18',
        deletedAt: null,
        raw: items[0],
      },
      {
        id: 7700002,
        chainId: 2100,
        locationId: null,
        amount: '12.25',
        typeId: 3,
        statusId: 1,
        cardId: 9210520,
        programId: 0,
        clientId: null,
        recordId: 0,
        visitId: 0,
        createdDate: '2026-11-18',
        deletedAt: null,
        raw: items[1],
      },
    ]);
  });
});
