import { extractLocation } from '../extractors/locations.js';
import { locations, type NewLocation } from '../db/schema/index.js';
import { upsertStream } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { asObject, idOf, integer, requireId, text } from '../sync/map.js';
import type { StreamDef } from '../sync/types.js';
import { isTimeZone } from '../util/dates.js';

/** Location settings (time zone, currency): every other location stream needs them. */
export const locationsStream: StreamDef<NewLocation> = {
  name: 'locations',
  scope: 'location',
  description: 'the location itself: title, IANA time zone, currency (GET /company/{loc})',
  cursor: 'full_refresh',
  backfill: 'refresh',
  async *extract(ctx) {
    if (ctx.scope.kind !== 'location') return;
    for await (const items of extractLocation(ctx.client, ctx.scope.locationId)) yield { items, highWaterAt: ctx.now };
  },
  map(raw) {
    const r = asObject(raw, 'location');
    const timezone = text(r.timezone_name, 'timezone_name');
    if (!timezone || !isTimeZone(timezone)) throw new RejectError(`timezone_name is not an IANA zone: ${JSON.stringify(r.timezone_name)}`);
    return {
      id: requireId(r, 'id'),
      title: text(r.title, 'title') ?? '',
      timezone,
      timezoneOffset: integer(r.timezone, 'timezone'),
      currency: text(r.currency ?? r.currency_short_title, 'currency'),
      currencySymbol: text(r.currency_short_title, 'currency_short_title'),
      chainId: integer(r.main_group_id ?? r.salon_group_id ?? r.chain_id, 'main_group_id'),
      country: text(r.country, 'country'),
      city: text(r.city, 'city'),
      address: text(r.address, 'address'),
      raw: r,
    };
  },
  ...upsertStream(locations, ['id']),
  sourceKey: idOf,
};
