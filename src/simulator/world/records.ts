/**
 * Generates appointments (records) day by day in location-local time, grouped into
 * visits, with their payments. Payments are the single source of the financial
 * transactions, the Z-report and the revenue analytics.
 */
import { roundTo } from '../money.js';
import { Rng } from '../random.js';
import { DAY_MS, addDays, datesBetween, localDate, localToUtc, parseDate } from '../time.js';
import { DISCOUNT_PERCENTS, DISCOUNT_TITLES, EXPENSES } from './catalog.js';
import type { Attendance, LocationData, SimLine, SimRecord, SimService } from './types.js';
import type { World } from './world.js';

const MINUTE = 60_000;
const SEC = 1000;
/** Appointments start between 09:00 and 19:45 and last at most four hours, so a record,
 *  its payment and its transactions always fall on the same local day. */
const FIRST_SLOT_MIN = 9 * 60;
const SLOTS = 44;
const MAX_LENGTH_SEC = 4 * 3600;

const floorSec = (ms: number): number => Math.floor(ms / SEC) * SEC;

export function serviceLine(data: LocationData, service: SimService, rng: Rng): SimLine {
  const unit = data.loc.unit;
  const spread = service.priceMax - service.priceMin;
  const firstCost = rng.chance(0.6) ? service.priceMin : roundTo(service.priceMin + rng.next() * spread, unit);
  const discounted = rng.chance(0.25);
  const pct = discounted ? rng.pick(DISCOUNT_PERCENTS) : 0;
  // Percent discounts are kept to the milli (12.5 % of 14.55 = 1.819), yen to the yen.
  const discount = discounted ? roundTo((firstCost * pct) / 100, unit === 1000 ? 1000 : 1) : 0;
  return {
    kind: 'service',
    itemId: service.id,
    goodsTxId: 0,
    title: service.title,
    quantity: 1,
    firstCost,
    discountPercent: pct,
    discount,
    cost: firstCost - discount,
    discountTitle: discounted ? rng.pick(DISCOUNT_TITLES) : null,
    payments: [],
  };
}

/** A goods line; a goods-only sale passes its own goods transaction id for every line. */
export function goodLine(world: World, data: LocationData, rng: Rng, goodsTxId?: number): SimLine {
  const good = rng.pick(data.goods);
  const quantity = rng.int(1, 2);
  const firstCost = good.price * quantity;
  const discounted = rng.chance(0.15);
  const discount = discounted ? roundTo(firstCost * 0.15, data.loc.unit === 1000 ? 1000 : 10) : 0;
  return {
    kind: 'good',
    itemId: good.id,
    goodsTxId: goodsTxId ?? world.nextId('goodsTransaction'),
    title: good.title,
    quantity,
    firstCost,
    discountPercent: discounted ? 15 : 0,
    discount,
    cost: firstCost - discount,
    discountTitle: discounted ? 'Promotion Discount' : null,
    payments: [],
  };
}

/** Pays a record's lines (see payLines). */
export function payRecord(world: World, data: LocationData, record: SimRecord, rng: Rng): void {
  payLines(world, data, record.lines, rng);
}

/**
 * Pays lines: mostly in full from one account; sometimes split across two
 * accounts, sometimes partly unpaid, sometimes with a tip (paid_over).
 */
export function payLines(world: World, data: LocationData, lines: SimLine[], rng: Rng): void {
  const unit = data.loc.unit;
  const accounts = data.accounts;
  const main = accounts[rng.weighted([40, 55, 5])] ?? accounts[0]!;
  const other = accounts.find((a) => a.id !== main.id) ?? main;
  const mode = rng.weighted([85, 5, 5, 5]);
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    line.payments = [];
    if (mode === 1) {
      const half = roundTo(line.cost / 2, unit);
      line.payments.push({ txId: world.nextId('transaction'), accountId: main.id, amount: half });
      line.payments.push({ txId: world.nextId('transaction'), accountId: other.id, amount: line.cost - half });
    } else if (mode === 2 && last) {
      const part = lines.length > 1 ? 0 : roundTo(line.cost / 2, unit);
      if (part > 0) line.payments.push({ txId: world.nextId('transaction'), accountId: main.id, amount: part });
    } else {
      const tip = mode === 3 && last ? roundTo(line.cost * 0.1, unit) : 0;
      line.payments.push({ txId: world.nextId('transaction'), accountId: main.id, amount: line.cost + tip });
    }
  });
}

function pickServices(data: LocationData, rng: Rng): SimService[] {
  const active = data.services.filter((s) => s.active);
  const wanted = rng.weighted([80, 17, 3]) + 1;
  const chosen: SimService[] = [];
  let length = 0;
  for (let i = 0; i < wanted * 3 && chosen.length < wanted; i++) {
    const s = rng.pick(active);
    if (chosen.includes(s) || length + s.durationSec > MAX_LENGTH_SEC) continue;
    chosen.push(s);
    length += s.durationSec;
  }
  return chosen.length > 0 ? chosen : [active[0]!];
}

function attendanceFor(startMs: number, endMs: number, anchor: number, rng: Rng): Attendance {
  if (endMs <= anchor) return ([1, -1, 2, 0] as const)[rng.weighted([80, 8, 7, 5])]!;
  if (startMs <= anchor) return 2;
  return rng.chance(0.6) ? 0 : 2;
}

interface OpenVisit {
  visitId: number;
  documentId: number;
  clientId: number;
  endLocal: number;
  attendance: Attendance;
  endMs: number;
}

export function generateRecords(world: World, data: LocationData, days: number, perDay: number): void {
  const rng = Rng.stream(world.seed, 'records', data.loc.id);
  const zone = data.loc.zone;
  const anchor = world.anchorMs;
  const today = localDate(zone, anchor);
  const liveStaff = data.staff.filter((s) => !s.fired);
  for (const date of datesBetween(addDays(today, -days), addDays(today, 7))) {
    const dayLocal = parseDate(date)!;
    const open: OpenVisit[] = [];
    for (let k = 0; k < perDay; k++) {
      const services = pickServices(data, rng);
      const lengthSec = services.reduce((sum, s) => sum + s.durationSec, 0);
      let join = open.length > 0 && rng.chance(0.12) ? rng.pick(open) : undefined;
      if (join && join.endLocal + lengthSec * SEC > dayLocal + (23 * 60 + 45) * MINUTE) join = undefined;
      const startLocal = join ? join.endLocal : dayLocal + (FIRST_SLOT_MIN + 15 * rng.int(0, SLOTS - 1)) * MINUTE;
      const startMs = localToUtc(zone, startLocal);
      const endMs = startMs + lengthSec * SEC;
      let attendance = attendanceFor(startMs, endMs, anchor, rng);
      // A visit is one arrival: a second record joins only if it can share the attendance.
      if (join && (join.endMs <= anchor) === (endMs <= anchor)) attendance = join.attendance;
      else join = undefined;
      const walkIn = !join && (data.clients.length === 0 || rng.chance(0.05));
      const clientId = join ? join.clientId : walkIn ? null : rng.pick(data.clients).id;
      const staffPool = startMs > anchor - 14 * DAY_MS ? liveStaff : data.staff;
      const record: SimRecord = {
        id: world.nextId('record'),
        locId: data.loc.id,
        clientId,
        staffId: rng.pick(staffPool).id,
        visitId: join ? join.visitId : world.nextId('visit'),
        documentId: join ? join.documentId : world.nextId('document'),
        startMs,
        lengthSec,
        attendance,
        lines: services.map((s) => serviceLine(data, s, rng)),
        createdMs: 0,
        changedMs: 0,
        deleted: rng.chance(0.03),
        source: (['admin', 'online', 'mobile'] as const)[rng.weighted([60, 30, 10])]!,
        comment: rng.chance(0.85) ? '' : rng.pick(['Client asked for Anna', 'Late by 10 min', 'Повторный визит', '"Surprise" for her birthday']),
      };
      if (clientId !== null && rng.chance(0.1)) {
        const n = rng.int(1, 2);
        for (let g = 0; g < n; g++) record.lines.push(goodLine(world, data, rng));
      }
      if (record.attendance === 1 && !record.deleted) payRecord(world, data, record, rng);
      let created = floorSec(startMs - rng.int(3600, 21 * 86400) * SEC);
      if (created > anchor) created = floorSec(anchor - rng.int(0, 3 * 86400) * SEC);
      record.createdMs = created;
      const settled = record.attendance === 1 || record.attendance === -1;
      const changed = record.deleted
        ? created + floorSec(rng.next() * (Math.min(anchor, endMs + DAY_MS) - created))
        : settled
          ? floorSec(endMs + rng.int(0, 1800) * SEC)
          : created + floorSec(rng.next() * (Math.min(anchor, startMs) - created));
      record.changedMs = Math.max(created, Math.min(changed, anchor));
      data.records.push(record);
      data.recordById.set(record.id, record);
      if (clientId !== null && !join) {
        open.push({ visitId: record.visitId, documentId: record.documentId, clientId, endLocal: startLocal + lengthSec * SEC, attendance, endMs });
      } else if (join) {
        join.endLocal = startLocal + lengthSec * SEC;
        join.endMs = endMs;
      }
    }
    generateExpenses(world, data, date, today, rng);
  }
  data.records.sort((a, b) => a.startMs - b.startMs || a.id - b.id);
}

function generateExpenses(world: World, data: LocationData, date: string, today: string, rng: Rng): void {
  if (date >= today || !rng.chance(0.3)) return;
  const [expenseId, title, usd] = rng.pick(EXPENSES);
  const cash = data.accounts.find((a) => a.type === 0) ?? data.accounts[0]!;
  data.expenses.push({
    txId: world.nextId('transaction'),
    locId: data.loc.id,
    accountId: cash.id,
    amount: -roundTo(usd * data.loc.priceScale * 1000, data.loc.unit),
    atMs: localToUtc(data.loc.zone, parseDate(date)! + 18 * 3600 * SEC),
    expenseId,
    expenseTitle: title,
    comment: title === 'Supplies' ? 'Foils, gloves & "premium" shampoo' : '',
  });
}
