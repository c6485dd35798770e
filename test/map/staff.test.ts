import { describe, expect, it } from 'vitest';
import { staffStream } from '../../src/jobs/reference.js';
import { fixture, location, runExtract } from '../helpers/recorded.js';

describe('staff on a recorded answer', () => {
  it('maps team members, the position object or an empty [] position, and the fired and hidden flags', async () => {
    const { ctx, pages, asked } = await runExtract(staffStream, fixture('company-staff'), location(4564, 'Asia/Almaty'));
    expect(asked).toEqual(['GET /company/4564/staff?']);
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.meta).toEqual({ ids: [7001, 7002] });
    expect(page.highWaterAt).toEqual(ctx.now);
    const rows = page.items.map((item) => staffStream.map(item, ctx, page.meta));
    expect(rows.map(({ raw: _raw, ...row }) => row)).toEqual([
      {
        id: 7001,
        locationId: 4564,
        name: 'Team Member A',
        specialization: 'Stylist',
        positionId: 11,
        position: { id: 11, title: 'Senior stylist' },
        fired: false,
        hidden: false,
        rating: '4.8',
        weight: 10,
        deletedAt: null,
      },
      {
        id: 7002,
        locationId: 4564,
        name: 'Team Member B',
        specialization: 'Barber',
        positionId: null,
        position: null,
        fired: true,
        hidden: true,
        rating: null,
        weight: null,
        deletedAt: null,
      },
    ]);
    expect(rows.map((r) => r.raw)).toEqual(page.items);
  });
});
