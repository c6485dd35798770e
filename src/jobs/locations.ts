import { extractCurrency, extractLocation } from '../extractors/locations.js';
import { locations, type NewLocation } from '../db/schema/index.js';
import { upsertInto } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { asObject, currencyOf, idOf, integer, requireId, text } from '../sync/map.js';
import type { StreamDef } from '../sync/types.js';
import { isTimeZone } from '../util/dates.js';

/** What the location's page carries beside the record: the currency the analytics overview names. */
interface LocationMeta {
  currency: unknown;
}

/**
 * Location settings (time zone, currency): every other location stream
 * needs them. The record has no ISO currency code: a location record
 * without one is completed from one day of the analytics overview.
 */
export const locationsStream: StreamDef<NewLocation, unknown, unknown, LocationMeta> = {
  name: 'locations',
  scope: 'location',
  description: 'the location itself: title, IANA time zone, currency (GET /company/{loc})',
  cadence: 'reference',
  reads: 'full_refresh',
  backfill: 'reads-everything',
  essential: true,
  async *extract(ctx) {
    if (ctx.scope.kind !== 'location') return;
    const location = await extractLocation(ctx.client, ctx.scope.locationId);
    const own = (location as { currency?: unknown } | null)?.currency;
    const currency = own ?? (await extractCurrency(ctx.client, ctx.scope.locationId, ctx.now.toISOString().slice(0, 10)));
    yield { items: [location], meta: { currency }, highWaterAt: ctx.now };
  },
  map(raw, _ctx, meta) {
    const r = asObject(raw, 'location');
    const currency = currencyOf(meta?.currency ?? r.currency, 'currency');
    const timezone = text(r.timezone_name, 'timezone_name');
    if (!timezone || !isTimeZone(timezone)) throw new RejectError(`timezone_name is not an IANA zone: ${JSON.stringify(r.timezone_name)}`);
    return {
      id: requireId(r, 'id'),
      title: text(r.title, 'title') ?? '',
      timezone,
      timezoneOffset: integer(r.timezone, 'timezone'),
      currency: currency.iso,
      currencySymbol: text(r.currency_short_title, 'currency_short_title') ?? currency.symbol,
      chainId: integer(r.main_group_id ?? r.salon_group_id ?? r.chain_id, 'main_group_id'),
      country: text(r.country, 'country'),
      city: text(r.city, 'city'),
      address: text(r.address, 'address'),
      raw: r,
    };
  },
  upsert: upsertInto(locations, ['id']),
  sourceKey: idOf,
  // The record, and one day of the analytics overview for the currency's code.
  estimate: () => 2,
};
