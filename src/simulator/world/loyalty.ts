/**
 * Chain-level loyalty data: programs, card types, loyalty cards (with transactions
 * derived from the card holders' paid records), membership types and sold
 * memberships, gift card types and gift cards. Generated once; mutations of records
 * do not rewrite loyalty history (as in the real system, accruals are kept).
 * Locations without the loyalty module get none of it: nothing is attached to them
 * and nothing is sold there.
 */
import { roundTo } from '../money.js';
import { hash01, Rng } from '../random.js';
import { DAY_MS } from '../time.js';
import type { LocationData, SimMembershipType } from './types.js';
import type { World } from './world.js';

const GIFT_CARD_TYPES: ReadonlyArray<readonly [string, number, boolean]> = [
  ['Gift card 50', 50, true],
  ['Gift card 100', 100, true],
  ['certificate 9000', 9000, true],
  ['Spa day', 180, false],
  ['Unlimited treat «VIP»', 400, true],
];

function membershipTypes(world: World, first: LocationData, locIds: number[]): SimMembershipType[] {
  const s = first.services;
  const c = first.categories;
  const cost = (usd: number) => roundTo(usd * first.loc.priceScale * 1000, first.loc.unit);
  const base = { period: 3, periodUnitId: 3 as const, archived: false, locIds };
  return [
    { ...base, id: world.nextId('membershipType'), title: '10-visit subscription', cost: cost(1000), unitedBalance: true, servicesCount: 10, services: {}, serviceCategories: {} },
    { ...base, id: world.nextId('membershipType'), title: 'Manicure 5-pack', cost: cost(110), unitedBalance: false, servicesCount: 0, services: { [String(s[5]?.id)]: 5 }, serviceCategories: {} },
    { ...base, id: world.nextId('membershipType'), title: 'Hair care month', cost: cost(240.5), unitedBalance: false, servicesCount: 0, services: { [String(s[0]?.id)]: 2, [String(s[4]?.id)]: 3 }, serviceCategories: { [String(c[0]?.id)]: 4 }, period: 1 },
    { ...base, id: world.nextId('membershipType'), title: 'Archived: Summer pass', cost: cost(99.99), unitedBalance: true, servicesCount: 8, services: {}, serviceCategories: {}, archived: true, locIds: locIds.slice(0, 1) },
  ];
}

export function generateLoyalty(world: World, noLoyalty: readonly number[]): void {
  const chain = world.chain;
  const all = [...world.locations.values()].filter((d) => !noLoyalty.includes(d.loc.id));
  const first = all[0];
  if (!first) return;
  const locIds = all.map((d) => d.loc.id);
  const discount = { id: world.nextId('program'), title: 'Gold 10% discount', typeId: 1, typeTitle: 'Discount', percent: 10, locIds };
  const cashback = { id: world.nextId('program'), title: 'Cashback 5%', typeId: 2, typeTitle: 'Cashback', percent: 5, locIds };
  const birthday = { id: world.nextId('program'), title: 'Birthday bonus 🎂', typeId: 3, typeTitle: 'Bonus', percent: 0, locIds: [first.loc.id] };
  chain.programs = [discount, cashback, birthday];
  chain.cardTypes = [
    { id: world.nextId('cardType'), title: 'Gold Card', locIds, programIds: [discount.id] },
    { id: world.nextId('cardType'), title: 'Bonus card', locIds, programIds: [cashback.id] },
    { id: world.nextId('cardType'), title: 'Staff card', locIds: [first.loc.id], programIds: [birthday.id] },
  ];
  chain.membershipTypes = membershipTypes(world, first, locIds);
  chain.giftCardTypes = GIFT_CARD_TYPES.map(([title, usd, isMulti], i) => ({
    id: world.nextId('giftCardType'),
    title,
    balance: roundTo(usd * first.loc.priceScale * 1000, first.loc.unit),
    isMulti,
    itemTypeId: ([0, 0, 0, 1, 2] as const)[i] ?? 0,
    expirationTypeId: ([2, 2, 2, 0, 1] as const)[i] ?? 0,
    expirationTimeout: 365,
    allowEmptyCode: i === 3,
  }));
  for (const data of all) generateForLocation(world, data, first.loc.priceScale);
}

/** About one card holder in eight has a second card, of the other type. */
const SECOND_CARD = 0.12;

function generateForLocation(world: World, data: LocationData, typeScale: number): void {
  const chain = world.chain;
  const rng = Rng.stream(world.seed, 'loyalty', data.loc.id);
  const anchor = world.anchorMs;
  const unit = data.loc.unit;
  const cardOf = new Map<number, (typeof chain.loyaltyCards)[number]>();
  data.clients.forEach((client, i) => {
    if (rng.chance(0.15)) {
      const typeIndex = rng.int(0, 1);
      const card = {
        id: world.nextId('loyaltyCard'),
        clientId: client.id,
        locId: data.loc.id,
        typeId: chain.cardTypes[typeIndex]!.id,
        number: `${data.loc.id}${String(i).padStart(8, '0')}`,
        balance: 0,
        points: 0,
        paidAmount: 0,
        soldAmount: 0,
        visitsCount: 0,
        createdMs: client.createdMs,
      };
      chain.loyaltyCards.push(card);
      cardOf.set(client.id, card);
      // Chosen by hash, not by the stream, so the rest of the world is as it was.
      if (hash01(world.seed, 'second-card', client.id) < SECOND_CARD) {
        chain.loyaltyCards.push({
          ...card,
          id: world.nextId('loyaltyCard'),
          typeId: chain.cardTypes[1 - typeIndex]!.id,
          number: `${data.loc.id}${String(i + 50_000_000).padStart(8, '0')}`,
        });
      }
    }
    if (rng.chance(0.08)) {
      const type = rng.pick(chain.giftCardTypes);
      const created = anchor - rng.int(1, 400) * DAY_MS;
      const statusId = rng.pick([1, 2, 2, 2, 3, 4] as const);
      const defaultBalance = roundTo(type.balance * (data.loc.priceScale / typeScale), unit);
      chain.giftCards.push({
        id: world.nextId('giftCard'),
        typeId: type.id,
        locId: data.loc.id,
        clientId: client.id,
        number: String(rng.int(100_000, 999_999)),
        balance: statusId === 3 ? 0 : statusId === 1 ? defaultBalance : roundTo(defaultBalance * rng.next(), unit),
        defaultBalance,
        statusId,
        createdMs: Math.floor(created / 1000) * 1000,
        expirationMs: Math.floor((created + 365 * DAY_MS) / 1000) * 1000,
      });
    }
    if (rng.chance(0.05)) {
      const type = rng.pick(chain.membershipTypes.filter((t) => t.locIds.includes(data.loc.id)));
      const created = anchor - rng.int(0, 120) * DAY_MS - rng.int(0, 86_399) * 1000;
      chain.memberships.push({
        id: world.nextId('membership'),
        typeId: type.id,
        locId: data.loc.id,
        clientId: client.id,
        number: `AB-${data.loc.id}-${String(i).padStart(6, '0')}`,
        cost: type.cost,
        visitsLeft: rng.int(0, type.unitedBalance ? type.servicesCount : 5),
        statusId: rng.pick([1, 2, 2, 3, 4] as const),
        createdMs: Math.floor(created / 1000) * 1000,
        expirationMs: Math.floor((created + 90 * DAY_MS) / 1000) * 1000,
      });
    }
  });
  // Accruals (and some withdrawals) for every paid record of a card holder.
  for (const r of data.records) {
    const card = r.clientId === null ? undefined : cardOf.get(r.clientId);
    if (!card || r.deleted || r.attendance !== 1) continue;
    const paid = r.lines.reduce((s, l) => s + l.payments.reduce((a, p) => a + p.amount, 0), 0);
    const due = r.lines.reduce((s, l) => s + l.cost, 0);
    card.visitsCount++;
    card.paidAmount += paid;
    card.soldAmount += due;
    const programId = chain.cardTypes.find((t) => t.id === card.typeId)?.programIds[0] ?? 0;
    const base = { cardId: card.id, programId, locId: data.loc.id, clientId: card.clientId, recordId: r.id, visitId: r.visitId };
    const at = r.startMs + r.lengthSec * 1000;
    if (card.balance > 0 && rng.chance(0.15)) {
      const amount = -Math.min(card.balance, roundTo(paid * 0.2, unit));
      card.balance += amount;
      chain.loyaltyTransactions.push({ ...base, id: world.nextId('loyaltyTransaction'), amount, typeId: 2, atMs: at });
    }
    const accrual = roundTo(paid * 0.05, unit);
    if (accrual <= 0) continue;
    card.balance += accrual;
    card.points += Math.round(accrual / 1000);
    chain.loyaltyTransactions.push({ ...base, id: world.nextId('loyaltyTransaction'), amount: accrual, typeId: 1, atMs: at });
  }
}
