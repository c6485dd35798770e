import { describe, expect, it } from 'vitest';
import { giftCardTypesStream } from '../../src/jobs/loyalty-catalogue.js';
import { fixture, runExtract, chain } from '../helpers/recorded.js';

const scope = chain(2100);

describe('gift_card_types on recorded answers', () => {
  it('asks page_size 100 at most, pages on to the empty page (meta.count is no total), and maps the types', async () => {
    const { ctx, pages, asked } = await runExtract(giftCardTypesStream, fixture('chain-certificate-types'), scope);
    expect(asked).toEqual([
      'GET /chain/2100/loyalty/certificate_types?page=1&page_size=100',
      'GET /chain/2100/loyalty/certificate_types?page=2&page_size=100',
    ]);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.meta).toEqual({ ids: [3301, 3302] });
    const items = (fixture('chain-certificate-types')[0]!.body as { data: unknown[] }).data;
    const rows = pages[0]!.items.map((item) => giftCardTypesStream.map(item, ctx, pages[0]!.meta));
    expect(rows).toEqual([
      {
        id: 3301,
        chainId: 2100,
        title: 'Gift card 100',
        balance: '100',
        isMulti: true,
        itemTypeId: 0,
        expirationTypeId: 2,
        expiresAt: null,
        expirationTimeout: 365,
        expirationTimeoutUnitId: 1,
        isAllowEmptyCode: false,
        deletedAt: null,
        raw: items[0],
      },
      {
        id: 3302,
        chainId: 2100,
        title: 'New Year goods card',
        balance: '50.5',
        isMulti: false,
        itemTypeId: 4,
        expirationTypeId: 1,
        // 23:59:59+05:00.
        expiresAt: new Date('2026-12-31T18:59:59Z'),
        expirationTimeout: 0,
        expirationTimeoutUnitId: 0,
        isAllowEmptyCode: true,
        deletedAt: null,
        raw: items[1],
      },
    ]);
  });
});
