/** Ground truth of records and visits. */
import { moneyText, type Money } from '../money.js';
import { visitsOf } from '../derive/views.js';
import type { LocationData } from '../world/types.js';
import type { World } from '../world/world.js';

export interface RecordsTruth {
  /** Every record id the API serves with with_deleted=1 (deleted ones included). */
  ids: number[];
  count: number;
  /** Records served with `deleted: true`. */
  deletedIds: number[];
  /** Service lines (`services[]`) of live records: count and sums of `cost` and `first_cost`. */
  services: { count: number; cost: Money; firstCost: Money };
  /** Goods lines (`goods_transactions[]`) of live records. */
  goods: { count: number; cost: Money };
}

export interface VisitsTruth {
  /** Visits with at least one live record. */
  ids: number[];
  count: number;
  /** Visits of live clients: what the visits search can reach (not walk-ins, not deleted clients). */
  clientVisitIds: number[];
}

export function recordsTruth(_world: World, data: LocationData): RecordsTruth {
  const ids: number[] = [];
  const deletedIds: number[] = [];
  let services = 0;
  let cost = 0;
  let firstCost = 0;
  let goods = 0;
  let goodsCost = 0;
  for (const r of data.records) {
    ids.push(r.id);
    if (r.deleted) {
      deletedIds.push(r.id);
      continue;
    }
    for (const line of r.lines) {
      if (line.kind === 'service') {
        services++;
        cost += line.cost;
        firstCost += line.firstCost;
      } else {
        goods++;
        goodsCost += line.cost;
      }
    }
  }
  ids.sort((a, b) => a - b);
  deletedIds.sort((a, b) => a - b);
  return {
    ids,
    count: ids.length,
    deletedIds,
    services: { count: services, cost: moneyText(cost), firstCost: moneyText(firstCost) },
    goods: { count: goods, cost: moneyText(goodsCost) },
  };
}

export function visitsTruth(world: World, data: LocationData): VisitsTruth {
  const index = visitsOf(world, data);
  const ids = [...index.byId.keys()].sort((a, b) => a - b);
  const clientVisitIds = [...index.byId.values()]
    .filter((v) => v.clientId !== null && data.clientById.get(v.clientId)?.deleted === false)
    .map((v) => v.id)
    .sort((a, b) => a - b);
  return { ids, count: ids.length, clientVisitIds };
}
