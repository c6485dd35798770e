import { and, between, eq, inArray } from 'drizzle-orm';
import type { AltegioClient } from '../altegio/client.js';
import { visits, type NewVisit } from '../db/schema/index.js';
import { markUnlisted } from '../db/unlisted.js';
import { upsertRows } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { extractClientVisits } from '../extractors/visits.js';
import { asObject, decimal, idOf, instant, integer, keyOf, listField, sumOf, type Obj } from '../sync/map.js';
import { perClientPages, type ClientsPage, type PerClientCursor, type PerClientProgress } from '../sync/per-client.js';
import { locationOf, zoneOf } from '../sync/scope.js';
import type { DateWindow, StreamDef } from '../sync/types.js';
import { localDate } from '../util/dates.js';
import { compareDecimals, sumDecimals } from '../util/decimal.js';
import { CLIENTS_LANE, clientsStream } from './clients.js';

/**
 * Visits, read per client (`POST /company/{loc}/clients/visits/search`): in a
 * backfill every client's visits within the window, otherwise the whole
 * history of the clients touched since the last run (see perClientPages).
 * A client's history is complete: its visits (within the window) it no
 * longer lists are marked `deleted_at`.
 */
export const visitsStream: StreamDef<NewVisit, PerClientCursor, PerClientProgress, ClientsPage> = {
  name: 'visits',
  scope: 'location',
  description: 'visit history of the clients touched since the last run (POST /company/{loc}/clients/visits/search)',
  cadence: 'intraday',
  reads: 'per_client',
  parent: clientsStream.name,
  backfill: 'rereads-history',
  lane: CLIENTS_LANE,
  extract(ctx, state) {
    const locationId = locationOf(ctx);
    return perClientPages(ctx, state, {
      read: (client, window) => readClientHistory(ctx.client, locationId, client.id, window),
      idField: 'key',
    });
  },
  map: (raw, ctx) => mapVisit(asObject(raw, 'visit'), locationOf(ctx), zoneOf(ctx)),
  async write(tx, rows, ctx, page) {
    const written = await upsertRows(tx, visits, rows, ['locationId', 'id']);
    if (!page || page.clients.length === 0) return written;
    const slice = and(
      eq(visits.locationId, locationOf(ctx)),
      inArray(visits.clientId, page.clients.map((c) => c.clientId)),
      page.window ? between(visits.visitDate, page.window.from, page.window.to) : undefined,
    );
    // Visit ids are the location's: one listed for any client of the page is not gone.
    const gone = await markUnlisted(tx, visits, slice, page.clients.flatMap((c) => c.ids));
    return { ...written, updated: written.updated + gone };
  },
  sourceKey: (raw) => keyOf(raw, 'key') ?? keyOf(raw, 'visit_id'),
  // A request a client: 25 visits a page is most clients' whole history.
  estimate: (f) => f.clients,
};

/**
 * One visit of a client's history as the stream maps it: the records and
 * goods transactions the API listed for it. `key` is the visit id; a sale
 * of goods outside any visit (`visit_id` and `record_id` 0) is a visit of
 * its own, keyed by minus the goods transaction's id.
 */
export interface VisitGroup {
  key: number;
  visit_id: unknown;
  client_id: number;
  records: Obj[];
  goods_transactions: Obj[];
}

/**
 * Every page of one client's history, grouped into visits (the records the
 * stream maps). Overlapping pages repeat records: they are keyed by id, the
 * later copy wins.
 */
export async function readClientHistory(client: AltegioClient, locationId: number, clientId: number, window: DateWindow | null): Promise<VisitGroup[]> {
  const records = new Map<string, Obj>();
  const goods = new Map<string, Obj>();
  const pages = extractClientVisits(client, { locationId, clientId, from: window?.from ?? null, to: window?.to ?? null });
  for await (const page of pages) {
    page.records.forEach((r, i) => records.set(idOf(r) ?? `r${page.page}:${i}`, r as Obj));
    page.goodsTransactions.forEach((g, i) => goods.set(idOf(g) ?? `g${page.page}:${i}`, g as Obj));
  }
  return groupVisits(clientId, [...records.values()], [...goods.values()]);
}

/** Records and goods transactions grouped by visit; goods name their visit, or their record, or neither (a sale of its own). */
export function groupVisits(clientId: number, records: readonly Obj[], goods: readonly Obj[]): VisitGroup[] {
  const byVisit = new Map<number, VisitGroup>();
  const visitOfRecord = new Map<string, unknown>();
  const group = (key: number, visitId: unknown) => {
    let v = byVisit.get(key);
    if (!v) byVisit.set(key, (v = { key, visit_id: visitId, client_id: clientId, records: [], goods_transactions: [] }));
    return v;
  };
  for (const r of records) {
    group(Number(r?.visit_id), r?.visit_id).records.push(r);
    visitOfRecord.set(String(r?.id), r?.visit_id);
  }
  for (const g of goods) {
    const visitId = positive(g?.visit_id) ?? positive(visitOfRecord.get(String(g?.record_id)));
    if (visitId !== undefined) group(visitId, visitId).goods_transactions.push(g);
    else group(-Number(g?.id), g?.visit_id ?? 0).goods_transactions.push(g);
  }
  return [...byVisit.values()];
}

function positive(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** A goods transaction's lines: its `goods[]` where it has them (the live shape), else the transaction itself. */
function goodsLines(g: Obj): Obj[] {
  const lines = listField(g.goods);
  return lines.length > 0 ? lines.map((line) => asObject(line, 'goods_transactions.goods')) : [g];
}

function mapVisit(r: Obj, locationId: number, timeZone: string): NewVisit {
  const id = integer(r.key ?? r.visit_id, 'visit_id');
  if (id === null || id === 0) throw new RejectError('visit_id is missing, and the visit is no sale of goods either');
  const goods = listField(r.goods_transactions).map((g) => asObject(g, 'goods transaction'));
  // Earliest first: the visit's date and attendance are its first record's.
  const records = listField(r.records)
    .map((x) => asObject(x, 'record'))
    .map((rec) => ({ rec, at: instant(rec.datetime ?? rec.date, 'date', timeZone) }))
    .sort((a, b) => (a.at?.getTime() ?? Infinity) - (b.at?.getTime() ?? Infinity));
  // A visit of goods only has no record: its goods carry the date.
  const startsAt = records[0]?.at ?? goods.map((g) => instant(g.date, 'goods_transactions.date', timeZone)).find((d) => d !== null) ?? null;
  if (!startsAt) throw new RejectError('no record or goods transaction of the visit has a date');
  const services = records.flatMap(({ rec }) => listField(rec.services).map((s) => asObject(s, 'service')));
  const first = records[0]?.rec ?? {};
  const costToPay = sumOf(services, 'cost_to_pay', 'services');
  const paidSum = sumOf(services, 'paid_sum', 'services');
  const lines = goods.flatMap(goodsLines);
  const goodsCost = sumDecimals(lines.map((g) => decimal(g.cost_to_pay ?? g.cost, 'goods_transactions.cost_to_pay')));
  const goodsPaid = sumOf(lines, 'paid_sum', 'goods_transactions');
  return {
    locationId,
    id,
    clientId: integer(r.client_id, 'client_id'),
    visitDate: localDate(startsAt, timeZone),
    startsAt,
    attendance: integer(first.visit_attendance ?? first.attendance, 'attendance'),
    recordsCount: records.length,
    firstCost: sumOf(services, 'first_cost', 'services'),
    costToPay,
    paidSum,
    goodsCost,
    goodsPaid,
    // As the API's `payment_statuses` filter reads a visit: services and goods together.
    paymentStatus: paymentStatus(sumDecimals([costToPay, goodsCost]), sumDecimals([paidSum, goodsPaid])),
    deletedAt: null,
    raw: { records: r.records, goods_transactions: r.goods_transactions },
  };
}

/** The API's names for how far a visit is paid. */
function paymentStatus(due: string, paid: string): string {
  if (compareDecimals(paid, '0') === 0) return compareDecimals(due, '0') === 0 ? 'paid_full' : 'not_paid';
  return ['paid_not_full', 'paid_full', 'paid_over'][compareDecimals(paid, due) + 1]!;
}
