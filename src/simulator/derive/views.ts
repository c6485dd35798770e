/**
 * Derived, cached views of a location. They are rebuilt after any mutation (the
 * world's version changes), which is how Z-reports, transactions and visits stay
 * consistent with the records they come from.
 */
import { DAY_MS, localDate, localToUtc, parseDate } from '../time.js';
import type { LocationData, SimClient, SimExpense, SimGoodsSale, SimLine, SimPayment, SimRecord } from '../world/types.js';
import type { World } from '../world/world.js';

/** Live clients in the API's listing order: by name, then id (not by change date). */
export function clientsByName(world: World, data: LocationData): SimClient[] {
  return world.derived(`clients-by-name:${data.loc.id}`, () =>
    data.clients.filter((c) => !c.deleted).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id)),
  );
}

/** Live clients by id. */
export function clientsById(world: World, data: LocationData): SimClient[] {
  return world.derived(`clients-by-id:${data.loc.id}`, () => data.clients.filter((c) => !c.deleted).sort((a, b) => a.id - b.id));
}

/** All records (deleted too) by session time, then id. */
export function recordsByTime(world: World, data: LocationData): SimRecord[] {
  return world.derived(`records:${data.loc.id}`, () => [...data.records].sort((a, b) => a.startMs - b.startMs || a.id - b.id));
}

export function recordEnd(r: SimRecord): number {
  return r.startMs + r.lengthSec * 1000;
}

/** Location-local date of each record's session (cached: it is needed everywhere). */
export function recordDates(world: World, data: LocationData): Map<number, string> {
  return world.derived(`record-dates:${data.loc.id}`, () => {
    const out = new Map<number, string>();
    for (const r of data.records) out.set(r.id, localDate(data.loc.zone, r.startMs));
    return out;
  });
}

/** Live (not deleted) records grouped by local date, in time order. */
export function liveRecordsByDate(world: World, data: LocationData): Map<string, SimRecord[]> {
  return world.derived(`records-by-date:${data.loc.id}`, () => {
    const dates = recordDates(world, data);
    const out = new Map<string, SimRecord[]>();
    for (const r of recordsByTime(world, data)) {
      if (r.deleted) continue;
      const d = dates.get(r.id) ?? '';
      let list = out.get(d);
      if (!list) out.set(d, (list = []));
      list.push(r);
    }
    return out;
  });
}

export interface Visit {
  id: number;
  clientId: number | null;
  /** Local date of the visit. */
  date: string;
  /** Live records of the visit, in time order. */
  records: SimRecord[];
}

export interface VisitIndex {
  byId: Map<number, Visit>;
  /** Per client, newest first (date desc, then visit id desc). */
  byClient: Map<number, Visit[]>;
}

/** Visits with at least one live record. */
export function visitsOf(world: World, data: LocationData): VisitIndex {
  return world.derived(`visits:${data.loc.id}`, () => {
    const dates = recordDates(world, data);
    const byId = new Map<number, Visit>();
    for (const r of recordsByTime(world, data)) {
      if (r.deleted) continue;
      let v = byId.get(r.visitId);
      if (!v) byId.set(r.visitId, (v = { id: r.visitId, clientId: r.clientId, date: dates.get(r.id) ?? '', records: [] }));
      v.records.push(r);
    }
    const byClient = new Map<number, Visit[]>();
    for (const v of byId.values()) {
      if (v.clientId === null) continue;
      let list = byClient.get(v.clientId);
      if (!list) byClient.set(v.clientId, (list = []));
      list.push(v);
    }
    for (const list of byClient.values()) list.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
    return { byId, byClient };
  });
}

/** Goods-only sales grouped by their local date, in time order. */
export function goodsSalesByDate(world: World, data: LocationData): Map<string, SimGoodsSale[]> {
  return world.derived(`sales-by-date:${data.loc.id}`, () => {
    const out = new Map<string, SimGoodsSale[]>();
    for (const s of data.goodsSales) {
      const d = localDate(data.loc.zone, s.atMs);
      let list = out.get(d);
      if (!list) out.set(d, (list = []));
      list.push(s);
    }
    return out;
  });
}

/** An entry of a client's visit history: a visit (records) or a goods-only sale. */
export type HistoryItem =
  | { kind: 'visit'; date: string; atMs: number; visit: Visit }
  | { kind: 'sale'; date: string; atMs: number; sale: SimGoodsSale };

/** Per client, visits and goods-only sales, newest first (date, then time, then id, all descending). */
export function clientHistory(world: World, data: LocationData): Map<number, HistoryItem[]> {
  return world.derived(`history:${data.loc.id}`, () => {
    const out = new Map<number, HistoryItem[]>();
    const add = (clientId: number, item: HistoryItem) => {
      let list = out.get(clientId);
      if (!list) out.set(clientId, (list = []));
      list.push(item);
    };
    for (const [clientId, visits] of visitsOf(world, data).byClient) {
      for (const v of visits) add(clientId, { kind: 'visit', date: v.date, atMs: v.records[0]?.startMs ?? 0, visit: v });
    }
    for (const [date, sales] of goodsSalesByDate(world, data)) for (const s of sales) add(s.clientId, { kind: 'sale', date, atMs: s.atMs, sale: s });
    const idOf = (x: HistoryItem) => (x.kind === 'visit' ? x.visit.id : x.sale.id);
    for (const list of out.values()) list.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.atMs - a.atMs || idOf(b) - idOf(a)));
    return out;
  });
}

/** One financial transaction: a payment of a record line or of a goods-only sale, or an expense. */
export interface TxRow {
  id: number;
  atMs: number;
  accountId: number;
  amount: number;
  record: SimRecord | null;
  sale: SimGoodsSale | null;
  line: SimLine | null;
  payment: SimPayment | null;
  expense: SimExpense | null;
}

/**
 * Financial transactions of a location, by time then id. A line is paid when the
 * record ends, so a record's transactions share its local day (see records.ts).
 */
export function transactionsOf(world: World, data: LocationData): TxRow[] {
  return world.derived(`transactions:${data.loc.id}`, () => {
    const rows: TxRow[] = [];
    const dates = recordDates(world, data);
    for (const r of data.records) {
      if (r.deleted) continue;
      const day = dates.get(r.id) ?? '';
      let at = recordEnd(r);
      // A record moved late in the evening still pays on its own local day.
      if (localDate(data.loc.zone, at) !== day) at = localToUtc(data.loc.zone, (parseDate(day) ?? 0) + DAY_MS - 1000);
      for (const line of r.lines) {
        for (const p of line.payments) {
          rows.push({ id: p.txId, atMs: at, accountId: p.accountId, amount: p.amount, record: r, sale: null, line, payment: p, expense: null });
        }
      }
    }
    for (const s of data.goodsSales) {
      for (const line of s.lines) {
        for (const p of line.payments) {
          rows.push({ id: p.txId, atMs: s.atMs, accountId: p.accountId, amount: p.amount, record: null, sale: s, line, payment: p, expense: null });
        }
      }
    }
    for (const e of data.expenses) {
      rows.push({ id: e.txId, atMs: e.atMs, accountId: e.accountId, amount: e.amount, record: null, sale: null, line: null, payment: null, expense: e });
    }
    return rows.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  });
}

export function paidOf(line: SimLine): number {
  let sum = 0;
  for (const p of line.payments) sum += p.amount;
  return sum;
}

/** not_paid | paid_not_full | paid_full | paid_over, as the visits endpoint names them. */
export function paymentStatus(due: number, paid: number): 'not_paid' | 'paid_not_full' | 'paid_full' | 'paid_over' {
  if (paid === 0) return due === 0 ? 'paid_full' : 'not_paid';
  if (paid < due) return 'paid_not_full';
  return paid === due ? 'paid_full' : 'paid_over';
}
