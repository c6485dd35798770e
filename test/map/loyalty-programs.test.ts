import { describe, expect, it } from 'vitest';
import { loyaltyProgramsStream } from '../../src/jobs/loyalty-catalogue.js';
import { fixture, location, runExtract } from '../helpers/recorded.js';

describe('loyalty_programs on a recorded answer', () => {
  it('asks the unpaged search once and reads the chain from group_id and the kind from loyalty_type_id', async () => {
    const { ctx, pages, asked } = await runExtract(loyaltyProgramsStream, fixture('loyalty-programs-search'), location(4564, 'Asia/Almaty'));
    expect(asked).toEqual(['GET /company/4564/loyalty/programs/search?']);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.meta).toEqual({ ids: [18005, 18006] });
    const rows = pages[0]!.items.map((item) => loyaltyProgramsStream.map(item, ctx, pages[0]!.meta));
    expect(rows.map(({ raw: _raw, ...row }) => row)).toEqual([
      { id: 18005, locationId: 4564, chainId: 2100, title: 'Ten percent for regulars', typeId: 13, deletedAt: null },
      { id: 18006, locationId: 4564, chainId: 2100, title: 'Cashback on paid visits', typeId: 8, deletedAt: null },
    ]);
    expect(rows.map((r) => r.raw)).toEqual(pages[0]!.items);
  });
});
