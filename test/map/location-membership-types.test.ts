import { describe, expect, it } from 'vitest';
import { locationMembershipTypesStream } from '../../src/jobs/loyalty-catalogue.js';
import { collect, fixture, location, mapContext, recordedClient } from '../helpers/recorded.js';

const scope = location(4564, 'Asia/Almaty');

describe('location_membership_types on recorded answers', () => {
  it('asks page_size 100 at most (the configured 200 is over the endpoint maximum) and maps the types', async () => {
    const { client, asked } = recordedClient(fixture('abonement-types-search'));
    const ctx = mapContext(scope, client);
    expect(ctx.config.altegio.pageSize).toBe(200);
    const pages = await collect(locationMembershipTypesStream.extract(ctx, { cursor: null, progress: null }));
    expect(asked.map((a) => `${a.method} ${a.path}?${a.query}`)).toEqual([
      'GET /company/4564/loyalty/abonement_types/search?page=1&page_size=100',
      'GET /company/4564/loyalty/abonement_types/search?page=2&page_size=100',
    ]);
    expect(pages).toHaveLength(1);
    const items = (fixture('abonement-types-search')[0]!.body as { data: unknown[] }).data;
    const rows = pages[0]!.items.map((item) => locationMembershipTypesStream.map(item, ctx, pages[0]!.meta));
    // The location search sends neither a cost nor an archived flag.
    expect(rows).toEqual([
      { id: 12233, locationId: 4564, title: 'Ten visits', cost: null, isArchived: null, deletedAt: null, raw: items[0] },
      { id: 12234, locationId: 4564, title: 'Unlimited month', cost: null, isArchived: null, deletedAt: null, raw: items[1] },
    ]);
  });

  it('does not end the listing at a first page of 25 rows (the size the endpoint falls back to), but at the empty page', async () => {
    const { client, asked } = recordedClient(fixture('abonement-types-search-fallback'));
    const ctx = mapContext(scope, client);
    const pages = await collect(locationMembershipTypesStream.extract(ctx, { cursor: null, progress: null }));
    expect(asked.map((a) => a.query.toString())).toEqual(['page=1&page_size=100', 'page=2&page_size=100', 'page=3&page_size=100']);
    // 25 rows, then 2, then none: ids 13001..13027, none lost and so none marked deleted.
    expect(pages[0]!.meta).toEqual({ ids: Array.from({ length: 27 }, (_, i) => 13001 + i) });
    const last = locationMembershipTypesStream.map(pages[0]!.items[26], ctx, pages[0]!.meta);
    expect(last).toEqual({
      id: 13027,
      locationId: 4564,
      title: 'Trial pass 27',
      cost: null,
      isArchived: null,
      deletedAt: null,
      raw: (fixture('abonement-types-search-fallback')[1]!.body as { data: unknown[] }).data[1],
    });
  });
});
