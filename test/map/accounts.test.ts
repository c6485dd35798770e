import { describe, expect, it } from 'vitest';
import { accountsStream } from '../../src/jobs/reference.js';
import { fixture, location, runExtract } from '../helpers/recorded.js';

describe('accounts on a recorded answer', () => {
  it('maps cash desks and terminals of an answer whose meta is []', async () => {
    const { ctx, pages: [page, ...more], asked } = await runExtract(accountsStream, fixture('accounts'), location(4564, 'Asia/Almaty'));
    expect(more).toEqual([]);
    expect(asked).toEqual(['GET /accounts/4564?']);
    expect(page!.meta).toEqual({ ids: [23181, 23182] });
    const rows = page!.items.map((item) => accountsStream.map(item, ctx, page!.meta));
    expect(rows.map(({ raw: _raw, ...row }) => row)).toEqual([
      { id: 23181, locationId: 4564, title: 'Cash', type: 0, comment: 'front desk', archived: null, deletedAt: null },
      { id: 23182, locationId: 4564, title: 'Card terminal', type: 1, comment: null, archived: null, deletedAt: null },
    ]);
    expect(rows.map((r) => r.raw)).toEqual(page!.items);
  });
});
