import type { AltegioClient } from '../altegio/client.js';
import { AltegioMalformedResponseError } from '../errors.js';

export interface ClientVisitsQuery {
  locationId: number;
  clientId: number;
  /** First local date (`from`); null for the whole history. */
  from: string | null;
  /** Last local date (`to`); null for the whole history. */
  to: string | null;
}

/** One answer of the visit history: records and goods of up to 25 visits (more on a shared date). */
export interface VisitHistoryPage {
  records: unknown[];
  goodsTransactions: unknown[];
  /** 1-based request number for this client. */
  page: number;
}

interface DateCursor {
  from: string | null;
  to: string | null;
  count?: number;
}

/**
 * A client's visit history (`POST /company/{loc}/clients/visits/search`),
 * newest first, following `meta.dateCursor.next` until there is no next page.
 * Pages may overlap (every visit on the date of a page's last item is on that
 * page, and the next page may start on that date again): callers dedupe.
 */
export async function* extractClientVisits(client: AltegioClient, query: ClientVisitsQuery): AsyncGenerator<VisitHistoryPage> {
  const path = `/company/${query.locationId}/clients/visits/search`;
  const endpoint = `POST ${path}`;
  const asked = new Set<string>();
  let range: { from: string | null; to: string | null } = { from: query.from, to: query.to };
  for (let page = 1; ; page++) {
    const key = `${range.from}..${range.to}`;
    if (asked.has(key)) {
      throw new AltegioMalformedResponseError(
        `${endpoint}: the date cursor of client ${query.clientId} does not move (next page is ${key} again)`,
        endpoint,
      );
    }
    asked.add(key);
    // Every key is required by the API, null or not.
    const body = { client_id: query.clientId, client_phone: null, from: range.from, to: range.to, payment_statuses: [], attendance: null };
    const { data, meta } = await client.post(path, body);
    const d = (data ?? {}) as { records?: unknown; goods_transactions?: unknown };
    if (!Array.isArray(d.records ?? [])) {
      throw new AltegioMalformedResponseError(`${endpoint}: data.records is not a list (client ${query.clientId})`, endpoint);
    }
    const records = (d.records as unknown[] | undefined) ?? [];
    const goodsTransactions = Array.isArray(d.goods_transactions) ? d.goods_transactions : [];
    yield { records, goodsTransactions, page };
    const next = nextCursor(meta);
    if (!next) return;
    range = { from: next.from, to: next.to };
  }
}

/** `meta.dateCursor.next`, or null at the end (no next, or a next of count 0). */
function nextCursor(meta: Record<string, unknown>): DateCursor | null {
  const cursor = meta.dateCursor as { next?: unknown } | undefined;
  const next = cursor?.next as DateCursor | null | undefined;
  if (!next || typeof next !== 'object' || Array.isArray(next)) return null;
  if (next.count !== undefined && Number(next.count) === 0) return null;
  if (next.from == null && next.to == null) return null;
  return next;
}
