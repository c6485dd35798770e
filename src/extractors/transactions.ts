import type { AltegioClient } from '../altegio/client.js';
import { pagedByNumber, type NumberedPage } from '../altegio/paginate.js';

export interface TransactionsQuery {
  locationId: number;
  /** First date (`start_date`), inclusive. */
  from: string;
  /** Last date (`end_date`), inclusive. */
  to: string;
  /**
   * Only the transactions changed or created at or after this naive
   * date-time (`changed_after`); absent: every transaction of the dates.
   */
  changedAfter?: string;
  /** At most 200. */
  pageSize: number;
  /** Resume from this page, default 1. */
  startPage?: number;
}

/**
 * Financial transactions of a date range: `GET /transactions/{loc}`. `meta`
 * is `[]` (no total), so the listing is paged until an empty page: a short
 * page is no proof of the end (a page size over the endpoint's maximum is
 * silently served at its default).
 *
 * The YCLIENTS blueprint documents two filters beyond the dates, which
 * Altegio's reference leaves out:
 * - `deleted` ("whether the transaction was deleted", example 0), also in the
 *   public OpenAPI description. Every listing sends `deleted=0`: a date
 *   range's transactions that a listing leaves out are marked deleted, which
 *   is only right if the listing holds the live ones alone, whatever the
 *   server's default. `deleted=1` is not asked: whether it lists the deleted
 *   transactions only or every one is not documented, and a server that
 *   ignored it would list live payments as deleted.
 * - `changed_after` / `changed_before`, in the blueprint's parameter list but
 *   not in its URI template, described with the words of the goods
 *   transactions' filter. `changedAfter` sends it, for the listing of recent
 *   changes to older transactions; since it may be ignored, that listing
 *   checks what comes back (see the transactions stream).
 */
export function extractTransactions(client: AltegioClient, query: TransactionsQuery): AsyncGenerator<NumberedPage> {
  const filters = { start_date: query.from, end_date: query.to, deleted: 0, ...(query.changedAfter ? { changed_after: query.changedAfter } : {}) };
  return pagedByNumber(client, `/transactions/${query.locationId}`, filters, { pageSize: query.pageSize, startPage: query.startPage });
}
