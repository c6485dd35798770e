import { describe, expect, it } from 'vitest';
import { locationsStream } from '../../src/jobs/locations.js';
import { collect, fixture, location, mapContext, recordedClient, type Exchange } from '../helpers/recorded.js';

/** The first run of a location knows no zone yet: it runs in UTC. */
const scope = location(4564, 'UTC');
/** The overview fixture is of 2026-11-18, the UTC date of this run. */
const now = new Date('2026-11-18T12:00:00Z');

const currencyBlock = { id: 7, iso: 'KZT', name: 'Kazakhstani tenge', symbol: '₸', is_symbol_after_amount: true };

const expectedRow = {
  id: 4564,
  title: 'Sample Studio Almaty',
  timezone: 'Asia/Almaty',
  timezoneOffset: 5,
  currency: 'KZT',
  currencySymbol: 'тг',
  chainId: 2100,
  country: 'Kazakhstan',
  city: 'Almaty',
  address: '1 Example Street',
};

async function run(exchanges: Exchange[]) {
  const { client, asked } = recordedClient(exchanges);
  const ctx = mapContext(scope, client, {}, now);
  const pages = await collect(locationsStream.extract(ctx, { cursor: null, progress: null }));
  return { ctx, pages, asked: asked.map((a) => `${a.method} ${a.path}?${a.query}`) };
}

function withoutShortTitle(): Exchange[] {
  const [company] = structuredClone(fixture('company'));
  delete (company!.body as { data: Record<string, unknown> }).data.currency_short_title;
  return [company!];
}

describe('locations on recorded answers', () => {
  it('asks one day of analytics/overall for the ISO currency the location record lacks, keeping currency_short_title as the symbol', async () => {
    const { ctx, pages, asked } = await run([...fixture('company'), ...fixture('analytics-overall')]);
    expect(asked).toEqual(['GET /company/4564?', 'GET /company/4564/analytics/overall?date_from=2026-11-18&date_to=2026-11-18']);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.meta).toEqual({ currency: currencyBlock });
    expect(pages[0]!.highWaterAt).toEqual(now);
    const { raw, ...row } = locationsStream.map(pages[0]!.items[0], ctx, pages[0]!.meta);
    expect(row).toEqual(expectedRow);
    expect(raw).toEqual((fixture('company')[0]!.body as { data: unknown }).data);
  });

  it('takes the symbol of the overview currency when the record has no currency_short_title', async () => {
    const { ctx, pages } = await run([...withoutShortTitle(), ...fixture('analytics-overall')]);
    const { raw: _raw, ...row } = locationsStream.map(pages[0]!.items[0], ctx, pages[0]!.meta);
    expect(row).toEqual({ ...expectedRow, currencySymbol: '₸' });
  });

  it('stores no ISO code, but still the location, for a user without the analytics right', async () => {
    const { ctx, pages } = await run([...fixture('company'), ...fixture('analytics-overall-forbidden')]);
    expect(pages[0]!.meta).toEqual({ currency: null });
    const { raw: _raw, ...row } = locationsStream.map(pages[0]!.items[0], ctx, pages[0]!.meta);
    expect(row).toEqual({ ...expectedRow, currency: null });
  });
});
