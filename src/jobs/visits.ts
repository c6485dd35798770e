import { and, eq, gte, inArray, isNull, lte, not, sql, type SQL } from 'drizzle-orm';
import { visits, type NewVisit } from '../db/schema/index.js';
import type { Tx } from '../db/connect.js';
import { upsertRows } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { extractClientVisits } from '../extractors/visits.js';
import { clientsToRead } from '../sync/clients-to-read.js';
import { asObject, decimal, instant, integer, listField, requireId, type Obj } from '../sync/map.js';
import type { AltegioClient } from '../altegio/client.js';
import type { Batch, DateWindow, RunContext, StreamDef } from '../sync/types.js';
import { localDate } from '../util/dates.js';
import { compareDecimals, sumDecimals } from '../util/decimal.js';

export interface VisitsCursor {
  /** Database clock when the clients to read were chosen: the next run reads those touched since. */
  since: string;
}

export interface VisitsProgress {
  /** The `since` the interrupted run asked with (null: every client). */
  since: string | null;
  asOf: string;
  /** Backfill window of the interrupted run; null for an incremental one. */
  window: DateWindow | null;
  /** Clients up to this id are done. */
  afterClientId: number;
}

/**
 * "The history of this client (within these dates) has been read in full":
 * its visits not listed are gone at the source. Emitted after a client's
 * visits, so a visit rejected by map() still counts as listed.
 */
interface Sweep {
  sweep: { client_id: number; from: string | null; to: string | null; visit_ids: number[] };
}

type VisitsRow = { kind: 'visit'; visit: NewVisit } | { kind: 'sweep'; clientId: number; window: DateWindow | null; ids: number[] };

/**
 * Visits, read per client (`POST /company/{loc}/clients/visits/search`): in a
 * backfill every client's visits within the window, otherwise the whole
 * history of the clients touched since the last run (see clientsToRead).
 * One page per client, so an interrupted run resumes after the last client done.
 */
export const visitsStream: StreamDef<VisitsRow, VisitsCursor, VisitsProgress> = {
  name: 'visits',
  scope: 'location',
  description: 'visit history of the clients touched since the last run (POST /company/{loc}/clients/visits/search)',
  cursor: 'per_client',
  backfill: 'window',
  async *extract(ctx, state) {
    const locationId = locationOf(ctx);
    const window = ctx.mode === 'backfill' && ctx.window ? ctx.window : null;
    const resume = state.progress && sameWindow(state.progress.window, window) ? state.progress : null;
    const since = resume ? resume.since : (state.cursor?.since ?? null);
    const chosen = await clientsToRead(ctx, since);
    // A resumed run keeps its first clock, so nothing touched in between is skipped.
    const asOf = resume?.asOf ?? chosen.asOf;
    const todo = chosen.clients.filter((c) => c.id > (resume?.afterClientId ?? 0));
    const done: Batch<VisitsCursor, VisitsProgress> = {
      items: [],
      cursor: { since: asOf },
      progress: null,
      highWaterAt: window ? undefined : new Date(asOf),
    };
    if (todo.length === 0) {
      yield done;
      return;
    }
    for (const [i, client] of todo.entries()) {
      const items = await readClientHistory(ctx.client, locationId, client.id, window);
      const label = `client ${client.id} (${i + 1}/${todo.length})`;
      if (i === todo.length - 1) yield { ...done, items, label };
      else yield { items, progress: { since, asOf, window, afterClientId: client.id }, label, done: (i + 1) / todo.length };
    }
  },
  map(raw, ctx) {
    const r = asObject(raw, 'visit');
    if ('sweep' in r) {
      const s = (r as unknown as Sweep).sweep;
      return { kind: 'sweep', clientId: s.client_id, window: s.from && s.to ? { from: s.from, to: s.to } : null, ids: s.visit_ids };
    }
    return { kind: 'visit', visit: mapVisit(r, locationOf(ctx), timeZoneOf(ctx)) };
  },
  async write(tx, rows, ctx) {
    const written = await upsertRows(
      tx,
      visits,
      rows.flatMap((r) => (r.kind === 'visit' ? [r.visit] : [])),
      ['locationId', 'id'],
    );
    for (const row of rows) if (row.kind === 'sweep') written.updated += await markGone(tx, locationOf(ctx), row);
    return written;
  },
  sourceKey: (raw) => {
    const id = (raw as Obj | null)?.visit_id;
    return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
  },
};

/**
 * Every page of one client's history, grouped into visits, then the sweep.
 * Overlapping pages repeat records: they are keyed by id, the later copy wins.
 */
export async function readClientHistory(client: AltegioClient, locationId: number, clientId: number, window: DateWindow | null): Promise<unknown[]> {
  const records = new Map<string, Obj>();
  const goods = new Map<string, Obj>();
  const pages = extractClientVisits(client, { locationId, clientId, from: window?.from ?? null, to: window?.to ?? null });
  for await (const page of pages) {
    page.records.forEach((r, i) => records.set(keyOf(r, `r${page.page}:${i}`), r as Obj));
    page.goodsTransactions.forEach((g, i) => goods.set(keyOf(g, `g${page.page}:${i}`), g as Obj));
  }
  const byVisit = new Map<string, { visit_id: unknown; client_id: number; records: Obj[]; goods_transactions: Obj[] }>();
  const visitOfRecord = new Map<string, string>();
  const group = (visitId: unknown) => {
    const key = String(visitId);
    let v = byVisit.get(key);
    if (!v) byVisit.set(key, (v = { visit_id: visitId, client_id: clientId, records: [], goods_transactions: [] }));
    return v;
  };
  for (const r of records.values()) {
    group(r?.visit_id).records.push(r);
    visitOfRecord.set(String(r?.id), String(r?.visit_id));
  }
  // Goods name their visit, or at least their record.
  for (const g of goods.values()) group(g?.visit_id ?? visitOfRecord.get(String(g?.record_id))).goods_transactions.push(g);
  const items: unknown[] = [...byVisit.values()];
  const ids = items.map((v) => Number((v as { visit_id: unknown }).visit_id)).filter((id) => Number.isSafeInteger(id) && id > 0);
  const sweep: Sweep = { sweep: { client_id: clientId, from: window?.from ?? null, to: window?.to ?? null, visit_ids: ids } };
  items.push(sweep);
  return items;
}

function keyOf(item: unknown, fallback: string): string {
  const id = (item as Obj | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : fallback;
}

function mapVisit(r: Obj, locationId: number, timeZone: string): NewVisit {
  const id = requireId(r, 'visit_id');
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
  const costToPay = sumDecimals(services.map((s) => decimal(s.cost_to_pay, 'services.cost_to_pay')));
  const paidSum = sumDecimals(services.map((s) => decimal(s.paid_sum, 'services.paid_sum')));
  const goodsCost = sumDecimals(goods.map((g) => decimal(g.cost_to_pay ?? g.cost, 'goods_transactions.cost_to_pay')));
  const goodsPaid = sumDecimals(goods.map((g) => decimal(g.paid_sum, 'goods_transactions.paid_sum')));
  return {
    locationId,
    id,
    clientId: integer(r.client_id, 'client_id'),
    visitDate: localDate(startsAt, timeZone),
    startsAt,
    attendance: integer(first.visit_attendance ?? first.attendance, 'attendance'),
    recordsCount: records.length,
    firstCost: sumDecimals(services.map((s) => decimal(s.first_cost, 'services.first_cost'))),
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

/** Marks the client's visits (within the window) that the complete read did not list. */
async function markGone(tx: Tx, locationId: number, sweep: Extract<VisitsRow, { kind: 'sweep' }>): Promise<number> {
  const conditions: SQL[] = [eq(visits.locationId, locationId), eq(visits.clientId, sweep.clientId), isNull(visits.deletedAt)];
  if (sweep.window) conditions.push(gte(visits.visitDate, sweep.window.from), lte(visits.visitDate, sweep.window.to));
  if (sweep.ids.length > 0) conditions.push(not(inArray(visits.id, sweep.ids)));
  const gone = await tx
    .update(visits)
    .set({ deletedAt: sql`now()`, syncedAt: sql`now()` })
    .where(and(...conditions))
    .returning({ id: visits.id });
  return gone.length;
}

function locationOf(ctx: RunContext): number {
  if (ctx.scope.kind !== 'location') throw new Error('visits is a location stream');
  return ctx.scope.locationId;
}

function timeZoneOf(ctx: RunContext): string {
  return ctx.scope.kind === 'location' ? ctx.scope.timezone : 'UTC';
}

function sameWindow(a: DateWindow | null, b: DateWindow | null): boolean {
  return a?.from === b?.from && a?.to === b?.to;
}
