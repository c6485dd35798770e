/** Reference data: location, locations of the user, staff, services, categories, accounts. */
import { fromMilli } from '../money.js';
import { hourOffset } from '../time.js';
import { ok } from '../http/envelope.js';
import { route, type Ctx, type Route } from '../http/router.js';
import type { LocationData, SimStaff } from '../world/types.js';
import type { World } from '../world/world.js';
import { locationOf } from './common.js';

export function companyJson(world: World, data: LocationData): Record<string, unknown> {
  const l = data.loc;
  return {
    id: l.id,
    title: l.title,
    public_title: l.title,
    short_descr: 'Beauty salon',
    logo: '',
    country_id: l.id,
    country: l.country,
    city_id: l.id,
    city: l.city,
    active: 1,
    phone: `+${l.phoneCountry}${l.phoneArea}0000000`,
    phones: [],
    email: `location${l.id}@example.com`,
    timezone: hourOffset(l.zone, world.anchorMs),
    timezone_name: l.zone,
    schedule: 'Mon-Sun 09:00-23:45',
    address: l.address,
    coordinate_lat: l.lat,
    coordinate_lon: l.lon,
    // Only the symbol: the location carries no ISO currency code (the analytics do).
    currency_short_title: l.currencySymbol,
    // The chain is `main_group_id` here and `salon_group_id` in loyalty payloads.
    main_group_id: world.chainId,
    main_group: { id: world.chainId, title: world.chain.title },
    business_group_id: 1,
    business_type_id: 1,
  };
}

export function staffJson(s: SimStaff): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    company_id: s.locId,
    specialization: s.specialization,
    position: { id: s.positionId, title: s.positionTitle },
    avatar: 'https://assets.example.com/no-master.png',
    avatar_big: 'https://assets.example.com/no-master-big.png',
    rating: s.rating,
    votes_count: 0,
    comments_count: 0,
    weight: 0,
    information: '',
    hidden: s.hidden ? 1 : 0,
    fired: s.fired ? 1 : 0,
    status: s.fired ? 1 : 0,
    is_bookable: !s.fired && !s.hidden,
  };
}

function company(ctx: Ctx) {
  return ok(companyJson(ctx.world, locationOf(ctx)));
}

function companies(ctx: Ctx) {
  const list = [...ctx.world.locations.values()].map((d) => companyJson(ctx.world, d));
  return ok(list, { total_count: list.length });
}

function staff(ctx: Ctx) {
  const data = locationOf(ctx);
  return ok(data.staff.map(staffJson));
}

function services(ctx: Ctx) {
  const data = locationOf(ctx);
  const rows = data.services.map((s) => ({
    id: s.id,
    title: s.title,
    category_id: s.categoryId,
    salon_service_id: s.id,
    price_min: fromMilli(s.priceMin),
    price_max: fromMilli(s.priceMax),
    discount: 0,
    comment: '',
    weight: 0,
    active: s.active ? 1 : 0,
    api_id: '',
    duration: s.durationSec,
    staff: data.staff.filter((m) => !m.fired).map((m) => ({ id: m.id, seance_length: s.durationSec })),
    is_multi: false,
  }));
  return ok(rows, { total_count: rows.length });
}

function categories(ctx: Ctx) {
  const data = locationOf(ctx);
  return ok(
    data.categories.map((c) => ({
      id: c.id,
      title: c.title,
      api_id: '',
      weight: c.weight,
      staff: data.staff.filter((m) => !m.fired).map((m) => m.id),
    })),
  );
}

function accounts(ctx: Ctx) {
  const data = locationOf(ctx);
  return ok(data.accounts.map((a) => ({ id: a.id, title: a.title, type: a.type, comment: '', is_deleted: false })));
}

export const referenceRoutes: Route[] = [
  route('GET', '/company/{loc}', company),
  route('GET', '/companies', companies),
  route('GET', '/company/{loc}/staff', staff),
  route('GET', '/company/{loc}/services', services),
  route('GET', '/company/{loc}/service_categories', categories),
  route('GET', '/accounts/{loc}', accounts),
];
