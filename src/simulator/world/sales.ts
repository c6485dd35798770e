/**
 * Goods-only sales: a client buys products at the desk without any appointment.
 * Each sale is one goods transaction (no record, no visit) paid like a record, so
 * it shows in the transactions, the Z-report, the income analytics and the
 * client's visit history (with visit_id 0 and record_id 0).
 */
import { Rng } from '../random.js';
import { addDays, datesBetween, localDate, localToUtc, parseDate } from '../time.js';
import { goodLine, payLines } from './records.js';
import type { LocationData, SimGoodsSale } from './types.js';
import type { World } from './world.js';

const MINUTE = 60_000;
/** Sales happen between 10:00 and 20:00 local time. */
const OPEN_MIN = 10 * 60;
const OPEN_SPAN_MIN = 10 * 60;
const COMMENTS: readonly string[] = ['', '', '', 'Gift wrapping', 'Paid at the desk'];

/** A few sales a week per location (0, 1 or 2 a day), on past days up to the anchor. */
export function generateGoodsSales(world: World, data: LocationData, days: number): void {
  const rng = Rng.stream(world.seed, 'goods-sales', data.loc.id);
  const zone = data.loc.zone;
  const anchor = world.anchorMs;
  const staff = data.staff.filter((s) => !s.fired);
  if (data.clients.length === 0 || data.goods.length === 0 || staff.length === 0) return;
  const today = localDate(zone, anchor);
  for (const date of datesBetween(addDays(today, -days), today)) {
    const n = rng.weighted([55, 35, 10]);
    for (let k = 0; k < n; k++) {
      const minute = OPEN_MIN + rng.int(0, OPEN_SPAN_MIN - 1);
      const atMs = localToUtc(zone, parseDate(date)! + minute * MINUTE + rng.int(0, 59) * 1000);
      const client = rng.pick(data.clients);
      const seller = rng.pick(staff);
      const items = rng.int(1, 2);
      const comment = rng.pick(COMMENTS);
      if (atMs > anchor) continue;
      const id = world.nextId('goodsTransaction');
      // One line per product: a second pick of the same product is dropped.
      const lines = Array.from({ length: items }, () => goodLine(world, data, rng, id)).filter(
        (l, i, all) => all.findIndex((x) => x.itemId === l.itemId) === i,
      );
      payLines(world, data, lines, rng);
      const sale: SimGoodsSale = {
        id,
        locId: data.loc.id,
        clientId: client.id,
        staffId: seller.id,
        documentId: world.nextId('document'),
        atMs,
        lines,
        comment,
      };
      data.goodsSales.push(sale);
    }
  }
  data.goodsSales.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
}
