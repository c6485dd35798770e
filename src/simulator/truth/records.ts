/** Ground truth of records and visits. */
import { moneyText, sumMilli, type Money } from '../money.js';
import { goodsSalesByDate, paidOf, paymentStatus, visitsOf } from '../derive/views.js';
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

/**
 * The visits row a goods-only sale becomes: it has no visit id of its own
 * (`visit_id` 0), so its row is keyed by the negated goods transaction id.
 */
export interface GoodsOnlyVisitTruth {
  /** -(goods transaction id). */
  id: number;
  goodsTransactionId: number;
  clientId: number;
  /** Location-local date of the sale. */
  visitDate: string;
  /** ISO instant of the sale (the goods transaction's `date`). */
  startsAt: string;
  /** No record, so no attendance. */
  attendance: null;
  recordsCount: 0;
  /** No services: "0.000". */
  firstCost: Money;
  costToPay: Money;
  paidSum: Money;
  /** Sums of `goods[].cost_to_pay` and `goods[].paid_sum`. */
  goodsCost: Money;
  goodsPaid: Money;
  /** Of the goods (there are no services). */
  paymentStatus: string;
}

export interface VisitsTruth {
  /** Visits with at least one live record (the `visit_id`s of records). */
  ids: number[];
  count: number;
  /**
   * Every row of a correct visits table: the visits of live clients that the visits
   * search reaches (not walk-ins, not deleted clients), plus the goods-only sales of
   * live clients under their negative ids (see goodsOnly). Sorted ascending.
   */
  clientVisitIds: number[];
  /** The rows of goods-only sales of live clients, by id ascending. */
  goodsOnly: GoodsOnlyVisitTruth[];
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

function goodsOnlyTruth(world: World, data: LocationData): GoodsOnlyVisitTruth[] {
  const out: GoodsOnlyVisitTruth[] = [];
  for (const [date, sales] of goodsSalesByDate(world, data)) {
    for (const s of sales) {
      if (data.clientById.get(s.clientId)?.deleted !== false) continue;
      const cost = sumMilli(s.lines.map((l) => l.cost));
      const paid = sumMilli(s.lines.map(paidOf));
      out.push({
        id: -s.id,
        goodsTransactionId: s.id,
        clientId: s.clientId,
        visitDate: date,
        startsAt: new Date(s.atMs).toISOString(),
        attendance: null,
        recordsCount: 0,
        firstCost: moneyText(0),
        costToPay: moneyText(0),
        paidSum: moneyText(0),
        goodsCost: moneyText(cost),
        goodsPaid: moneyText(paid),
        paymentStatus: paymentStatus(cost, paid),
      });
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

export function visitsTruth(world: World, data: LocationData): VisitsTruth {
  const index = visitsOf(world, data);
  const ids = [...index.byId.keys()].sort((a, b) => a - b);
  const goodsOnly = goodsOnlyTruth(world, data);
  const clientVisitIds = [...index.byId.values()]
    .filter((v) => v.clientId !== null && data.clientById.get(v.clientId)?.deleted === false)
    .map((v) => v.id)
    .concat(goodsOnly.map((g) => g.id))
    .sort((a, b) => a - b);
  return { ids, count: ids.length, clientVisitIds, goodsOnly };
}
