/**
 * Ground truth: what a correct warehouse holds after a full sync of the current
 * world. Ids are sorted ascending; money is a three-decimal string (compare with
 * `toMilli`), summed in integer milli-units so there is no float drift.
 */
import { moneyText, sumMilli, type Money } from '../money.js';
import { clientsById } from '../derive/views.js';
import { recordsTruth, visitsTruth, type GoodsOnlyVisitTruth, type RecordsTruth, type VisitsTruth } from './records.js';
import { transactionsTruth, zReportsTruth, type TransactionsTruth, type ZReportTruth } from './reports.js';
import { chainTruth, locationLoyaltyTruth, type ChainTruth, type LocationLoyaltyTruth } from './loyalty.js';
import type { LocationData } from '../world/types.js';
import type { World } from '../world/world.js';

export type { Money };
export type { GoodsOnlyVisitTruth, RecordsTruth, VisitsTruth, TransactionsTruth, ZReportTruth, ChainTruth, LocationLoyaltyTruth };

/** A set of ids, sorted ascending, with its size. */
export interface IdTruth {
  ids: number[];
  count: number;
}

export interface ClientsTruth extends IdTruth {
  /** Clients deleted at the source; the API never lists them, a warehouse should flag them. */
  deletedIds: number[];
  /** Sums over live clients. */
  spent: Money;
  paid: Money;
  balance: Money;
}

export interface LocationTruth {
  id: number;
  timezone: string;
  /** ISO code (the analytics' `currency.iso`). */
  currency: string;
  /** The symbol `GET /company/{loc}` (`currency_short_title`) and the Z-report (`currency`) print. */
  currencySymbol: string;
  staff: IdTruth & { firedIds: number[] };
  services: IdTruth;
  serviceCategories: IdTruth;
  accounts: IdTruth;
  clients: ClientsTruth;
  records: RecordsTruth;
  visits: VisitsTruth;
  /** Keyed by local date "YYYY-MM-DD", every day from the first to the last generated record day. */
  zReports: Record<string, ZReportTruth>;
  transactions: TransactionsTruth;
  loyalty: LocationLoyaltyTruth;
}

export interface GroundTruth {
  seed: number;
  /** ISO time of the world's anchor. */
  anchor: string;
  chainId: number;
  /** One entry per location, ordered by location id. */
  locations: LocationTruth[];
  chain: ChainTruth;
}

export function idTruth(ids: Iterable<number>): IdTruth {
  const sorted = [...ids].sort((a, b) => a - b);
  return { ids: sorted, count: sorted.length };
}

function clientsTruth(world: World, data: LocationData): ClientsTruth {
  const live = clientsById(world, data);
  return {
    ...idTruth(live.map((c) => c.id)),
    deletedIds: data.clients.filter((c) => c.deleted).map((c) => c.id).sort((a, b) => a - b),
    spent: moneyText(sumMilli(live.map((c) => c.spent))),
    paid: moneyText(sumMilli(live.map((c) => c.paid))),
    balance: moneyText(sumMilli(live.map((c) => c.balance))),
  };
}

function locationTruth(world: World, data: LocationData): LocationTruth {
  return {
    id: data.loc.id,
    timezone: data.loc.zone,
    currency: data.loc.currency,
    currencySymbol: data.loc.currencySymbol,
    staff: { ...idTruth(data.staff.map((s) => s.id)), firedIds: data.staff.filter((s) => s.fired).map((s) => s.id) },
    services: idTruth(data.services.map((s) => s.id)),
    serviceCategories: idTruth(data.categories.map((c) => c.id)),
    accounts: idTruth(data.accounts.map((a) => a.id)),
    clients: clientsTruth(world, data),
    records: recordsTruth(world, data),
    visits: visitsTruth(world, data),
    zReports: zReportsTruth(world, data),
    transactions: transactionsTruth(world, data),
    loyalty: locationLoyaltyTruth(world, data),
  };
}

export function computeTruth(world: World): GroundTruth {
  const locations = [...world.locations.values()].sort((a, b) => a.loc.id - b.loc.id).map((data) => locationTruth(world, data));
  return {
    seed: world.seed,
    anchor: new Date(world.anchorMs).toISOString(),
    chainId: world.chainId,
    locations,
    chain: chainTruth(world),
  };
}
