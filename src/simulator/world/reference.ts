/** Generates a location with its reference data: staff, services, accounts, goods. */
import { roundTo } from '../money.js';
import { Rng } from '../random.js';
import {
  ACCOUNT_CATALOG,
  CLIENT_CATEGORIES,
  GOODS_CATALOG,
  POSITIONS,
  SERVICE_CATALOG,
  STAFF_NAMES,
  ZONES,
} from './catalog.js';
import type { LocationData, SimLocation } from './types.js';
import type { World } from './world.js';

function price(usd: number, loc: SimLocation): number {
  return roundTo(usd * loc.priceScale * 1000, loc.unit === 1000 ? 10_000 : loc.unit);
}

export function createLocation(world: World, locId: number, recordsPerDay: number): LocationData {
  const profile = ZONES[(locId - 1) % ZONES.length] ?? ZONES[0]!;
  const round = Math.floor((locId - 1) / ZONES.length);
  const loc: SimLocation = {
    id: locId,
    title: round === 0 ? profile.title : `${profile.title} #${round + 1}`,
    zone: profile.zone,
    currency: profile.currency,
    currencySymbol: profile.symbol,
    unit: profile.unit,
    priceScale: profile.priceScale,
    country: profile.country,
    city: profile.city,
    address: profile.address,
    phoneCountry: profile.phoneCountry,
    phoneArea: profile.phoneArea,
    lat: profile.lat,
    lon: profile.lon,
  };
  const rng = Rng.stream(world.seed, 'reference', locId);
  const data: LocationData = {
    loc,
    staff: [],
    categories: [],
    services: [],
    accounts: [],
    goods: [],
    clientCategories: [],
    clients: [],
    clientById: new Map(),
    records: [],
    recordById: new Map(),
    goodsSales: [],
    expenses: [],
  };

  // About six appointments per team member a day; at least five people so that some can be fired.
  const staffCount = Math.min(60, Math.max(5, Math.ceil(recordsPerDay / 6)));
  for (let i = 0; i < staffCount; i++) {
    const positionIndex = rng.int(0, POSITIONS.length - 1);
    const base = STAFF_NAMES[(i + locId * 3) % STAFF_NAMES.length] ?? 'Staff';
    data.staff.push({
      id: world.nextId('staff'),
      locId,
      name: i < STAFF_NAMES.length ? base : `${base} ${Math.floor(i / STAFF_NAMES.length) + 1}`,
      specialization: POSITIONS[positionIndex] ?? 'Stylist',
      positionId: positionIndex + 1,
      positionTitle: POSITIONS[positionIndex] ?? 'Stylist',
      // The last of every five has left: fired staff keep their old records.
      fired: i % 5 === 4,
      hidden: i % 7 === 6,
      rating: rng.int(30, 50) / 10,
    });
  }

  SERVICE_CATALOG.forEach((cat, ci) => {
    const category = { id: world.nextId('category'), locId, title: cat.title, weight: SERVICE_CATALOG.length - ci };
    data.categories.push(category);
    for (const [title, usd, duration] of cat.services) {
      const min = price(usd, loc);
      data.services.push({
        id: world.nextId('service'),
        locId,
        categoryId: category.id,
        title,
        priceMin: min,
        priceMax: price(usd * 1.2, loc),
        durationSec: duration,
        active: true,
      });
    }
  });
  const first = data.categories[0]!;
  data.services.push({
    id: world.nextId('service'),
    locId,
    categoryId: first.id,
    title: 'Discontinued: Perm',
    priceMin: price(60, loc),
    priceMax: price(60, loc),
    durationSec: 5400,
    active: false,
  });

  for (const [title, type] of ACCOUNT_CATALOG) data.accounts.push({ id: world.nextId('account'), locId, title, type });
  for (const [title, usd] of GOODS_CATALOG) data.goods.push({ id: world.nextId('good'), locId, title, price: price(usd, loc) });
  for (const [title, color] of CLIENT_CATEGORIES) data.clientCategories.push({ id: world.nextId('clientCategory'), title, color });
  return data;
}
