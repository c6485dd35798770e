import { clientsToRead, type ClientRef } from './clients-to-read.js';
import { listedIds } from './map.js';
import type { Batch, DateWindow, RunContext, StreamState } from './types.js';

/**
 * The reader of the per-client endpoints (visit history, gift cards by phone,
 * loyalty cards): one answer per client, for the clients clientsToRead picks.
 * Each answer is a client's complete list, so a page tells `write` which
 * clients it holds in full and what each listed.
 */

export interface PerClientCursor {
  /** The database clock when the last complete run asked which clients to read. */
  since: string;
}

export interface PerClientProgress {
  /** The `since` the interrupted run asked with (null: every client). */
  since: string | null;
  asOf: string;
  /** Backfill window of the interrupted run; null for an incremental one. */
  window: DateWindow | null;
  /** Clients are read in id order; this one and those before it are done. */
  afterClientId: number;
}

/** One client read in full: the ids its answer listed, rejected records included. */
export interface ClientListing {
  clientId: number;
  ids: number[];
}

/** The meta of a per-client page. */
export interface ClientsPage {
  /** The backfill window the clients were read within; null: their whole history. */
  window: DateWindow | null;
  /** The clients whose answers the page holds, in full; a client that could not be asked is not here. */
  clients: ClientListing[];
}

export interface PerClientOptions {
  /**
   * One client's records (within `window` when there is one); null when the
   * client cannot be asked (no phone): it is skipped and its rows left alone.
   */
  read(client: ClientRef, window: DateWindow | null): Promise<unknown[] | null>;
  /** The field holding a record's id. Default `id`. */
  idField?: string;
  /** Clients a page; a page commits with its resume point. Default 25. */
  clientsPerPage?: number;
  /** Requests in flight at once; the shared request budget still paces them. Default 4. */
  parallel?: number;
}

/**
 * Pages of per-client answers: in a backfill every live client (within the
 * backfill's dates), otherwise those touched since the last run. Resumes
 * after the last client of the last committed page; a resumed run keeps its
 * first clock, so nothing touched in between is skipped.
 */
export async function* perClientPages(
  ctx: RunContext,
  state: StreamState<PerClientCursor, PerClientProgress>,
  options: PerClientOptions,
): AsyncGenerator<Batch<PerClientCursor, PerClientProgress, ClientsPage>> {
  const window = ctx.mode === 'backfill' && ctx.window ? ctx.window : null;
  const saved = state.progress;
  const resume = saved && typeof saved.afterClientId === 'number' && sameWindow(saved.window ?? null, window) ? saved : null;
  const since = resume ? resume.since : (state.cursor?.since ?? null);
  const asked = await clientsToRead(ctx, since);
  const asOf = resume?.asOf ?? asked.asOf;
  const clients = asked.clients.filter((c) => c.id > (resume?.afterClientId ?? 0));
  // A backfill keeps its own state: only an incremental run says how fresh the table is.
  const done = { progress: null, cursor: { since: asOf }, highWaterAt: ctx.mode === 'backfill' ? undefined : new Date(asOf) };
  if (clients.length === 0) {
    yield { items: [], meta: { window, clients: [] }, ...done, label: 'no clients to read' };
    return;
  }
  const perPage = options.clientsPerPage ?? 25;
  const parallel = options.parallel ?? 4;
  for (let start = 0; start < clients.length; start += perPage) {
    const page = clients.slice(start, start + perPage);
    const answers = await inParallel(page, parallel, (c) => options.read(c, window));
    const items: unknown[] = [];
    const listings: ClientListing[] = [];
    page.forEach((c, k) => {
      const answer = answers[k];
      if (!answer) return;
      items.push(...answer);
      listings.push({ clientId: c.id, ids: listedIds(answer, options.idField) });
    });
    const end = start + page.length;
    const meta = { window, clients: listings };
    const label = `clients ${start + 1}-${end}/${clients.length}`;
    if (end < clients.length) {
      yield { items, meta, progress: { since, asOf, window, afterClientId: page.at(-1)!.id }, label, done: end / clients.length };
    } else {
      yield { items, meta, ...done, label };
    }
  }
}

/** The client whose answer listed record `id` (the last one, if two clients share it, as the upsert keeps the last row). */
export function clientOf(page: ClientsPage, id: number): number | undefined {
  return page.clients.findLast((c) => c.ids.includes(id))?.clientId;
}

function sameWindow(a: DateWindow | null, b: DateWindow | null): boolean {
  return a?.from === b?.from && a?.to === b?.to;
}

/**
 * `work` over `items`, at most `limit` at once, a new one starting as soon as
 * one ends; answers in item order. After a failure no new one starts.
 */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await work(items[i]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
