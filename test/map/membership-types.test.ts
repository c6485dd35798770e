import { describe, expect, it } from 'vitest';
import { membershipTypesStream } from '../../src/jobs/loyalty-catalogue.js';
import { fixture, runExtract, chain } from '../helpers/recorded.js';

const scope = chain(2100);

describe('membership_types on a recorded answer', () => {
  it('pages the chain types with limit (not count or page_size), ends on the total, and maps them', async () => {
    const { ctx, pages, asked } = await runExtract(membershipTypesStream, fixture('chain-abonement-types'), scope);
    expect(asked).toEqual(['GET /chain/2100/loyalty/abonement_types?page=1&limit=100']);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.meta).toEqual({ ids: [12233, 12234] });
    const items = (fixture('chain-abonement-types')[0]!.body as { data: unknown[] }).data;
    const rows = pages[0]!.items.map((item) => membershipTypesStream.map(item, ctx, pages[0]!.meta));
    expect(rows).toEqual([
      {
        id: 12233,
        chainId: 2100,
        title: 'Ten visits',
        cost: '450.5',
        period: 3,
        periodUnitId: 3,
        isUnitedBalance: true,
        unitedBalanceServicesCount: 10,
        services: {},
        serviceCategories: {},
        isArchived: false,
        locationIds: [4564, 4565],
        deletedAt: null,
        raw: items[0],
      },
      {
        id: 12234,
        chainId: 2100,
        title: 'Unlimited month',
        cost: '90',
        period: 0,
        periodUnitId: 0,
        isUnitedBalance: false,
        unitedBalanceServicesCount: 0,
        services: {},
        serviceCategories: {},
        isArchived: true,
        locationIds: [4564],
        deletedAt: null,
        raw: items[1],
      },
    ]);
  });
});
