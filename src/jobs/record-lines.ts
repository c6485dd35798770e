import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import { recordGoods, recordServices, type NewRecordGood, type NewRecordService } from '../db/schema/index.js';
import { upsertRows, type WriteCounts } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { asObject, decimal, integer, listField, objectField, text, type Obj } from '../sync/map.js';

/** A positive integer id of a line, named by its place for the rejects table. */
function lineId(value: unknown, field: string): number {
  const n = integer(value, field);
  if (n === null || n <= 0) throw new RejectError(`${field} is missing or not a positive integer`);
  return n;
}

/** `services[]` of a record; the position keeps two lines of the same service apart. */
export function mapServiceLines(r: Obj, locationId: number, recordId: number): NewRecordService[] {
  return listField(r.services, 'services').map((raw, position) => {
    const s = asObject(raw, `services[${position}]`);
    const at = (field: string) => `services[${position}].${field}`;
    return {
      locationId,
      recordId,
      position,
      serviceId: lineId(s.id, at('id')),
      title: text(s.title, at('title')),
      firstCost: decimal(s.first_cost, at('first_cost')),
      discount: decimal(s.discount, at('discount')),
      cost: decimal(s.cost, at('cost')),
      costToPay: decimal(s.cost_to_pay, at('cost_to_pay')),
      costPerUnit: decimal(s.cost_per_unit, at('cost_per_unit')),
      amount: decimal(s.amount, at('amount')),
      raw: s,
    };
  });
}

/** `goods_transactions[]` of a record. */
export function mapGoodsLines(r: Obj, locationId: number, recordId: number): NewRecordGood[] {
  return listField(r.goods_transactions, 'goods_transactions').map((raw, i) => {
    const g = asObject(raw, `goods_transactions[${i}]`);
    const at = (field: string) => `goods_transactions[${i}].${field}`;
    const good = objectField(g.good);
    return {
      locationId,
      recordId,
      id: lineId(g.id, at('id')),
      goodId: integer(g.good_id ?? good.id, at('good_id')),
      title: text(good.title ?? g.title, at('good.title')),
      amount: decimal(g.amount, at('amount')),
      costPerUnit: decimal(g.cost_per_unit, at('cost_per_unit')),
      discount: decimal(g.discount, at('discount')),
      cost: decimal(g.cost, at('cost')),
      raw: g,
    };
  });
}

/**
 * Makes the lines of `recordIds` exactly `lines`, in the page's transaction:
 * upserts them (unchanged lines are not rewritten) and deletes the lines of
 * those records that the new answer no longer has. Deleted lines count as updates.
 */
export async function replaceLines(
  tx: Tx,
  kind: 'services' | 'goods',
  locationId: number,
  recordIds: number[],
  lines: NewRecordService[] | NewRecordGood[],
): Promise<WriteCounts> {
  if (recordIds.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const table = kind === 'services' ? recordServices : recordGoods;
  const lineKey = kind === 'services' ? recordServices.position : recordGoods.id;
  const written =
    kind === 'services'
      ? await upsertRows(tx, recordServices, lines as NewRecordService[], ['locationId', 'recordId', 'position'])
      : await upsertRows(tx, recordGoods, lines as NewRecordGood[], ['locationId', 'recordId', 'id']);
  const kept = lines.map((l) => `${l.recordId}:${kind === 'services' ? (l as NewRecordService).position : (l as NewRecordGood).id}`);
  const removed = await tx
    .delete(table)
    .where(
      and(
        eq(table.locationId, locationId),
        inArray(table.recordId, recordIds),
        notInArray(sql`${table.recordId}::text || ':' || ${lineKey}::text`, kept),
      ),
    )
    .returning({ recordId: table.recordId });
  return { ...written, updated: written.updated + removed.length };
}
