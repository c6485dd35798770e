import { describe, expect, it } from 'vitest';
import { serviceCategoriesStream } from '../../src/jobs/reference.js';
import { fixture, location, runExtract } from '../helpers/recorded.js';

describe('service_categories on a recorded answer', () => {
  it('maps every category of the one-page listing', async () => {
    const { ctx, pages: [page, ...more], asked } = await runExtract(serviceCategoriesStream, fixture('company-service-categories'), location(4564, 'Asia/Almaty'));
    expect(more).toEqual([]);
    expect(asked).toEqual(['GET /company/4564/service_categories?']);
    expect(page!.meta).toEqual({ ids: [410, 411] });
    const rows = page!.items.map((item) => serviceCategoriesStream.map(item, ctx, page!.meta));
    expect(rows.map(({ raw: _raw, ...row }) => row)).toEqual([
      { id: 410, locationId: 4564, title: 'Hair', weight: 5, apiId: null, deletedAt: null },
      { id: 411, locationId: 4564, title: 'Beard', weight: 4, apiId: 'cat-beard', deletedAt: null },
    ]);
    expect(rows.map((r) => r.raw)).toEqual(page!.items);
  });
});
