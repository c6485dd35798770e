import type { AltegioClient } from '../altegio/client.js';
import { pagedByNumber } from '../altegio/paginate.js';

export interface ClientIdsQuery {
  locationId: number;
  /** At most 200 (above it the search silently pages by its default, 25). */
  pageSize: number;
  /** Only these clients (the search's `id` filter); default every live client. */
  ids?: number[];
}

export interface ClientIdsPage {
  /** 1-based page number. */
  page: number;
  /** The `id` of every row, as sent. */
  ids: unknown[];
  /** `meta.total_count` when sent. */
  total?: number;
  last: boolean;
}

/**
 * Ids of the live clients of a location, by id:
 * `POST /company/{loc}/clients/search` with `fields: ["id"]`, the cheapest
 * complete listing. Deleted clients are simply absent (the API has no flag).
 */
export async function* extractClientIds(client: AltegioClient, query: ClientIdsQuery): AsyncGenerator<ClientIdsPage> {
  const filters = query.ids ? [{ type: 'id', state: { value: query.ids } }] : [];
  const pages = pagedByNumber(client, `/company/${query.locationId}/clients/search`, {}, {
    pageSize: query.pageSize,
    // The direction is an enum of upper-case names (ASC, DESC).
    body: (page, pageSize) => ({ page, page_size: pageSize, fields: ['id'], filters, order_by: 'id', order_by_direction: 'ASC' }),
  });
  for await (const page of pages) {
    yield { page: page.page, ids: page.items.map((row) => (row as { id?: unknown } | null)?.id), total: page.total, last: page.last };
  }
}
