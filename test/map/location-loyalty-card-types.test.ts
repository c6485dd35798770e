import { describe, expect, it } from 'vitest';
import { locationLoyaltyCardTypesStream } from '../../src/jobs/loyalty-catalogue.js';
import { fixture, location, runExtract } from '../helpers/recorded.js';

describe('location_loyalty_card_types on a recorded answer', () => {
  it('reads the bare array (no envelope) the location card types endpoint answers', async () => {
    const { ctx, pages, asked } = await runExtract(locationLoyaltyCardTypesStream, fixture('loyalty-card-types-salon'), location(4564, 'Asia/Almaty'));
    expect(asked).toEqual(['GET /loyalty/card_types/salon/4564?']);
    expect(pages).toHaveLength(1);
    const items = fixture('loyalty-card-types-salon')[0]!.body as unknown[];
    expect(pages[0]!.items).toEqual(items);
    expect(pages[0]!.meta).toEqual({ ids: [10992, 10993] });
    const rows = pages[0]!.items.map((item) => locationLoyaltyCardTypesStream.map(item, ctx, pages[0]!.meta));
    expect(rows).toEqual([
      { id: 10992, locationId: 4564, title: 'Regular card', deletedAt: null, raw: items[0] },
      { id: 10993, locationId: 4564, title: 'Gold card', deletedAt: null, raw: items[1] },
    ]);
  });
});
