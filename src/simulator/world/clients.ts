/** Generates the clients of a location, including the deliberately awkward ones. */
import { roundTo } from '../money.js';
import { Rng } from '../random.js';
import { DAY_MS } from '../time.js';
import { FIRST_NAMES, SURNAMES } from './catalog.js';
import type { LocationData, SimClient } from './types.js';
import type { World } from './world.js';

const COMMENTS: readonly string[] = [
  'test',
  'Prefers morning slots',
  'Allergic to latex.\nAsk before using gloves.',
  'Tab\tseparated\tnote',
  'VIP ⭐️ — always offer coffee ☕',
  'Pays in cash; "no receipts" please',
  'Robert\'); DROP TABLE clients;--',
  '<script>alert("x")</script>',
];

/** 20,000 characters with multi-byte text, so a column that truncates is noticed. */
export function longComment(): string {
  const unit = 'Long note about the client — ✂ Ünïcødé text, line ';
  let out = '';
  for (let i = 0; out.length < 20_000; i++) out += `${unit}${i}.\n`;
  return out.slice(0, 20_000);
}

/** Phone digits unique per location: country code, area code, then the running index. */
export function phoneDigits(data: LocationData, index: number): string {
  const width = data.loc.phoneCountry === '1' ? 7 : 8;
  return `${data.loc.phoneCountry}${data.loc.phoneArea}${String(index).padStart(width, '0')}`;
}

/** Awkward clients exist once in the whole world, in the first location. */
function special(c: SimClient, index: number): void {
  switch (index) {
    case 0:
      c.name = "Robert'); DROP TABLE clients;--";
      c.surname = 'Tables';
      break;
    case 1:
      c.name = 'Longcomment';
      c.comment = longComment();
      break;
    case 2:
      // A NUL inside a string: valid JSON (\u0000), but Postgres text refuses it.
      c.name = 'Nul\u0000Byte';
      c.comment = 'before\u0000after';
      break;
    case 3:
      c.name = '🦄 Unicorn';
      c.surname = '💅🏽✨';
      break;
    case 4:
      c.name = 'محمد';
      c.surname = 'כהן';
      c.birthDate = '0000-00-00';
      break;
  }
}

export function makeClient(world: World, data: LocationData, index: number, rng: Rng): SimClient {
  const anchor = world.anchorMs;
  const unit = data.loc.unit;
  const id = world.nextId('client');
  const createdMs = anchor - Math.floor(rng.next() * 1095 * DAY_MS / 1000) * 1000;
  const recent = rng.chance(0.35);
  const windowStart = Math.max(createdMs, anchor - 30 * DAY_MS);
  const changedMs = recent
    ? windowStart + Math.floor((rng.next() * (anchor - windowStart)) / 1000) * 1000
    : createdMs + Math.floor((rng.next() ** 2 * (anchor - createdMs)) / 1000) * 1000;
  const spent = roundTo(rng.int(0, 500_000) * 10 * data.loc.priceScale, unit);
  const birth = rng.next();
  const categoryCount = rng.weighted([6, 3, 1]);
  const categoryIds: number[] = [];
  for (let k = 0; k < categoryCount; k++) {
    const cat = rng.pick(data.clientCategories).id;
    if (!categoryIds.includes(cat)) categoryIds.push(cat);
  }
  const client: SimClient = {
    id,
    locId: data.loc.id,
    name: rng.pick(FIRST_NAMES),
    surname: rng.pick(SURNAMES),
    patronymic: rng.chance(0.1) ? 'Petrovich' : '',
    phone: phoneDigits(data, index),
    email: rng.chance(0.15) ? '' : rng.chance(0.1) ? `Client.${id}@Example.COM` : `client${id}@example.com`,
    card: rng.chance(0.2) ? String(rng.int(100_000_000, 999_999_999)) : '',
    birthDate:
      birth < 0.1
        ? '0000-00-00'
        : birth < 0.35
          ? null
          : `${rng.int(1950, 2008)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    genderId: rng.pick([0, 1, 2] as const),
    importanceId: rng.pick([0, 0, 1, 2, 3] as const),
    discount: rng.pick([0, 0, 0, 5, 10]),
    categoryIds,
    comment: rng.chance(0.7) ? '' : rng.pick(COMMENTS),
    smsCheck: rng.chance(0.6) ? 1 : 0,
    smsNot: rng.chance(0.1) ? 1 : 0,
    spent,
    paid: rng.chance(0.1) ? Math.max(0, spent - roundTo(rng.int(1, 5000) * 10, unit)) : spent,
    balance: rng.chance(0.7) ? 0 : roundTo(rng.int(-10_000, 10_000) * 10 * data.loc.priceScale, unit),
    visits: rng.int(0, 60),
    createdMs,
    changedMs,
    deleted: false,
  };
  if (data.loc.id === 1) special(client, index);
  return client;
}

export function generateClients(world: World, data: LocationData, count: number): void {
  const rng = Rng.stream(world.seed, 'clients', data.loc.id);
  for (let i = 0; i < count; i++) {
    const c = makeClient(world, data, i, rng);
    data.clients.push(c);
    data.clientById.set(c.id, c);
  }
}
