import type { AltegioClient } from '../altegio/client.js';
import { pagedByNumber, type NumberedPage } from '../altegio/paginate.js';

export interface TransactionsQuery {
  locationId: number;
  /** First location-local date (`start_date`), inclusive. */
  from: string;
  /** Last location-local date (`end_date`), inclusive. */
  to: string;
  /** At most 200. */
  pageSize: number;
  /** Resume from this page, default 1. */
  startPage?: number;
}

/**
 * Financial transactions of a date range: `GET /transactions/{loc}`. `meta` is
 * `[]` (no total), so the listing ends at the first short page.
 */
export function extractTransactions(client: AltegioClient, query: TransactionsQuery): AsyncGenerator<NumberedPage> {
  return pagedByNumber(
    client,
    `/transactions/${query.locationId}`,
    { start_date: query.from, end_date: query.to },
    { pageSize: query.pageSize, startPage: query.startPage },
  );
}
