import { describe, expect, it } from 'vitest';
import { servicesStream } from '../../src/jobs/reference.js';
import { fixture, location, runExtract } from '../helpers/recorded.js';

describe('services on a recorded answer', () => {
  it('maps services typed as numbers and services typed as strings alike', async () => {
    const { ctx, pages: [page, ...more], asked } = await runExtract(servicesStream, fixture('company-services'), location(4564, 'Asia/Almaty'));
    expect(more).toEqual([]);
    expect(asked).toEqual(['GET /company/4564/services?']);
    expect(page!.meta).toEqual({ ids: [3101, 3102] });
    const rows = page!.items.map((item) => servicesStream.map(item, ctx, page!.meta));
    expect(rows.map(({ raw: _raw, ...row }) => row)).toEqual([
      {
        id: 3101,
        locationId: 4564,
        title: 'Haircut',
        categoryId: 410,
        priceMin: '40.5',
        priceMax: '60',
        duration: 3600,
        active: true,
        weight: 3,
        apiId: null,
        comment: null,
        deletedAt: null,
      },
      {
        id: 3102,
        locationId: 4564,
        title: 'Beard trim',
        categoryId: 411,
        priceMin: '20.00',
        priceMax: '25.00',
        duration: null,
        active: false,
        weight: 2,
        apiId: 'ext-3102',
        comment: 'clippers only',
        deletedAt: null,
      },
    ]);
    expect(rows.map((r) => r.raw)).toEqual(page!.items);
  });
});
