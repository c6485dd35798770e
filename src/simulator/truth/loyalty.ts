/** Ground truth of loyalty data, per location (what per-location endpoints serve) and per chain. */
import { moneyText, sumMilli, type Money } from '../money.js';
import type { LocationData } from '../world/types.js';
import type { World } from '../world/world.js';

export interface LocationLoyaltyTruth {
  /** False for a location without the loyalty module: its loyalty endpoints answer 404 and every list here is empty. */
  enabled: boolean;
  /** Gift cards of live clients (GET /loyalty/certificates by each client's phone), with their balances. */
  giftCards: { ids: number[]; count: number; balance: Money };
  /** GET /company/{loc}/loyalty/programs/search. */
  programIds: number[];
  /** GET /company/{loc}/loyalty/abonement_types/search. */
  membershipTypeIds: number[];
  /** GET /loyalty/card_types/salon/{loc}. */
  cardTypeIds: number[];
}

export interface ChainTruth {
  id: number;
  /** GET /chain/{chain}/loyalty/transactions (all dates); amount = sum of `amount` (withdrawals negative). */
  loyaltyTransactions: { ids: number[]; count: number; amount: Money };
  /** GET /chain/{chain}/loyalty/abonements (all dates); cost = sum of `cost`. */
  memberships: { ids: number[]; count: number; cost: Money };
  membershipTypeIds: number[];
  giftCardTypeIds: number[];
  /** Loyalty cards of live clients (GET /loyalty/client_cards/{client}); balance = sum of `balance`. */
  loyaltyCards: { ids: number[]; count: number; balance: Money };
  cardTypeIds: number[];
  programIds: number[];
}

const sorted = (ids: number[]): number[] => ids.sort((a, b) => a - b);

function liveClient(world: World, id: number): boolean {
  return world.findClient(id)?.deleted === false;
}

export function locationLoyaltyTruth(world: World, data: LocationData): LocationLoyaltyTruth {
  const id = data.loc.id;
  const cards = world.chain.giftCards.filter((g) => g.locId === id && data.clientById.get(g.clientId)?.deleted === false);
  return {
    enabled: world.chain.programs.some((p) => p.locIds.includes(id)) || world.chain.cardTypes.some((t) => t.locIds.includes(id)),
    giftCards: { ids: sorted(cards.map((g) => g.id)), count: cards.length, balance: moneyText(sumMilli(cards.map((g) => g.balance))) },
    programIds: sorted(world.chain.programs.filter((p) => p.locIds.includes(id)).map((p) => p.id)),
    membershipTypeIds: sorted(world.chain.membershipTypes.filter((t) => t.locIds.includes(id)).map((t) => t.id)),
    cardTypeIds: sorted(world.chain.cardTypes.filter((t) => t.locIds.includes(id)).map((t) => t.id)),
  };
}

export function chainTruth(world: World): ChainTruth {
  const c = world.chain;
  const cards = c.loyaltyCards.filter((card) => liveClient(world, card.clientId));
  return {
    id: world.chainId,
    loyaltyTransactions: {
      ids: sorted(c.loyaltyTransactions.map((t) => t.id)),
      count: c.loyaltyTransactions.length,
      amount: moneyText(sumMilli(c.loyaltyTransactions.map((t) => t.amount))),
    },
    memberships: { ids: sorted(c.memberships.map((m) => m.id)), count: c.memberships.length, cost: moneyText(sumMilli(c.memberships.map((m) => m.cost))) },
    membershipTypeIds: sorted(c.membershipTypes.map((t) => t.id)),
    giftCardTypeIds: sorted(c.giftCardTypes.map((t) => t.id)),
    loyaltyCards: { ids: sorted(cards.map((card) => card.id)), count: cards.length, balance: moneyText(sumMilli(cards.map((card) => card.balance))) },
    cardTypeIds: sorted(c.cardTypes.map((t) => t.id)),
    programIds: sorted(c.programs.map((p) => p.id)),
  };
}
