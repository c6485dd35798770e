import { and, eq, inArray, isNotNull, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/connect.js';
import { clients } from '../db/schema/index.js';
import { upsertRows, type WriteCounts } from '../db/upsert.js';
import { clientsToRead, type ClientRef } from '../sync/clients-to-read.js';
import { asObject, requireId, type Obj } from '../sync/map.js';
import type { Batch, RunContext, StreamDef, StreamState } from '../sync/types.js';

/**
 * Per-client loyalty endpoints (gift cards by phone, loyalty cards by client
 * id): one request per client, so only clients touched since the last run are
 * read, and every client in a backfill (see clientsToRead).
 */

export interface PerClientCursor {
  /** The database clock when the last complete run asked which clients to read. */
  since: string;
}

export interface PerClientProgress {
  since: string | null;
  asOf: string;
  /** Clients are read in id order; this one and those before it are done. */
  afterId: number;
}

/** One client's complete answer: the source rows of that client. */
export interface ClientAnswer {
  clientId: number;
  items: unknown[];
}

/** The mapped rows of one client's answer; the client's other rows are marked deleted. */
export interface ClientRows<R> {
  clientId: number;
  rows: R[];
}

/** Clients a page: a page commits with its resume point. */
const CLIENTS_PER_PAGE = 25;
/** Requests in flight at once; the shared request budget still paces them. */
const PARALLEL = 4;

/**
 * Pages of per-client answers, CLIENTS_PER_PAGE clients a page. `read`
 * returns null for a client that cannot be asked (no phone): it is skipped,
 * and its rows are left as they are.
 */
export async function* perClientPages(
  ctx: RunContext,
  state: StreamState<PerClientCursor, PerClientProgress>,
  read: (client: ClientRef) => Promise<unknown[] | null>,
): AsyncGenerator<Batch<PerClientCursor, PerClientProgress>> {
  const resume = state.progress;
  const since = resume ? resume.since : (state.cursor?.since ?? null);
  const asked = await clientsToRead(ctx, since);
  const asOf = resume?.asOf ?? asked.asOf;
  const clients = asked.clients.filter((c) => c.id > (resume?.afterId ?? 0));
  // A backfill keeps its own state: only an incremental run says how fresh the table is.
  const done = { progress: null, cursor: { since: asOf }, highWaterAt: ctx.mode === 'backfill' ? undefined : new Date(asOf) };
  if (clients.length === 0) {
    yield { items: [], ...done, label: 'no clients to read' };
    return;
  }
  for (let start = 0; start < clients.length; start += CLIENTS_PER_PAGE) {
    const page = clients.slice(start, start + CLIENTS_PER_PAGE);
    const items: ClientAnswer[] = [];
    for (let i = 0; i < page.length; i += PARALLEL) {
      const group = page.slice(i, i + PARALLEL);
      const answers = await Promise.all(group.map((c) => read(c)));
      group.forEach((c, k) => {
        const answer = answers[k];
        if (answer) items.push({ clientId: c.id, items: answer });
      });
    }
    const end = start + page.length;
    const label = `clients ${start + 1}-${end}/${clients.length}`;
    if (end < clients.length) {
      yield { items, progress: { since, asOf, afterId: page.at(-1)!.id }, label, done: end / clients.length };
    } else {
      yield { items, ...done, label };
    }
  }
}

/** A location table of per-client rows: key `location_id, id`, with `client_id` and `deleted_at`. */
type ClientTable = PgTable & { locationId: PgColumn; id: PgColumn; clientId: PgColumn; deletedAt: PgColumn; syncedAt: PgColumn };

export interface PerClientSpec<T extends ClientTable> {
  name: string;
  description: string;
  table: T;
  /** One client's source rows; null when the client cannot be asked. */
  read(ctx: RunContext, client: ClientRef, locationId: number): Promise<unknown[] | null>;
  /** The columns of one source row, apart from the location, the client, `deleted_at` and `raw`. */
  columns(r: Obj, ctx: RunContext): Partial<T['$inferInsert']>;
}

function locationOf(ctx: RunContext): number {
  if (ctx.scope.kind !== 'location') throw new Error('per-client streams are location streams');
  return ctx.scope.locationId;
}

/**
 * A per-client stream: each client's answer is complete, so the client's rows
 * it no longer lists are marked `deleted_at` in the page's transaction. A
 * malformed row rejects its client's whole answer (the raw answer is kept in
 * the rejects), which then leaves that client's rows untouched.
 */
export function perClientStream<T extends ClientTable>(
  spec: PerClientSpec<T>,
): StreamDef<ClientRows<T['$inferInsert']>, PerClientCursor, PerClientProgress> {
  return {
    name: spec.name,
    scope: 'location',
    description: spec.description,
    cursor: 'per_client',
    // 'window' makes a backfill run in backfill mode, where every client is read,
    // on its own state: the incremental cursor is left alone.
    backfill: 'window',
    extract: (ctx, state) => perClientPages(ctx, state, (client) => spec.read(ctx, client, locationOf(ctx))),
    map(raw, ctx) {
      const answer = asObject(raw, 'answer') as unknown as ClientAnswer;
      const rows = answer.items.map((item) => {
        const r = asObject(item, spec.name);
        requireId(r, 'id');
        return { ...spec.columns(r, ctx), locationId: locationOf(ctx), clientId: answer.clientId, deletedAt: null, raw: r } as T['$inferInsert'];
      });
      return { clientId: answer.clientId, rows };
    },
    write: (tx, answers, ctx) => writeClientRows(tx, spec.table, answers, locationOf(ctx)),
    sourceKey: (raw) => `client:${String((raw as ClientAnswer | null)?.clientId)}`,
  };
}

/**
 * Upserts the answers' rows, marks the rows of each answered client that the
 * answer no longer lists, and those of clients deleted at the source (the
 * client sweep flags them; they are never asked again).
 */
async function writeClientRows<T extends ClientTable>(
  tx: Tx,
  table: T,
  answers: ClientRows<T['$inferInsert']>[],
  locationId: number,
): Promise<WriteCounts> {
  const rows = answers.flatMap((a) => a.rows);
  const written = await upsertRows(tx, table, rows, ['locationId', 'id'] as never);
  const ids = rows.map((r) => (r as { id: number }).id);
  const unlisted = answers.length
    ? and(inArray(table.clientId, answers.map((a) => a.clientId)), ids.length ? notInArray(table.id, ids) : undefined)
    : undefined;
  const deletedClients = tx
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.locationId, locationId), isNotNull(clients.deletedAt)));
  const gone = await tx
    .update(table)
    .set({ deletedAt: sql`now()`, syncedAt: sql`now()` } as never)
    .where(and(eq(table.locationId, locationId), isNull(table.deletedAt), or(unlisted, inArray(table.clientId, deletedClients))))
    .returning({ id: table.id });
  return { ...written, updated: written.updated + gone.length };
}
