import { describe, expect, it } from 'vitest';
import { loyaltyCardTypesStream } from '../../src/jobs/loyalty-catalogue.js';
import { fixture, runExtract, chain } from '../helpers/recorded.js';

const scope = chain(2100);

describe('loyalty_card_types on a recorded answer', () => {
  it('reads the bare array (no envelope) the chain card types endpoint answers', async () => {
    const { ctx, pages, asked } = await runExtract(loyaltyCardTypesStream, fixture('chain-card-types'), scope);
    expect(asked).toEqual(['GET /chain/2100/loyalty/card_types?']);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.meta).toEqual({ ids: [10992, 10993] });
    const items = fixture('chain-card-types')[0]!.body as unknown[];
    const rows = pages[0]!.items.map((item) => loyaltyCardTypesStream.map(item, ctx, pages[0]!.meta));
    expect(rows).toEqual([
      { id: 10992, chainId: 2100, title: 'Regular card', programIds: null, deletedAt: null, raw: items[0] },
      { id: 10993, chainId: 2100, title: 'Gold card', programIds: null, deletedAt: null, raw: items[1] },
    ]);
  });
});
