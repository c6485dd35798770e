import { AltegioMalformedResponseError } from '../errors.js';
import type { AltegioClient, Query } from './client.js';

export interface NumberedPage {
  /** 1-based page number. */
  page: number;
  items: unknown[];
  /** `meta.total_count` when the API sent one. */
  total?: number;
  /** The page size in force (it may shrink when the API truncates pages). */
  pageSize: number;
  /** True on the last page. */
  last: boolean;
}

export interface PagedOptions {
  /** Rows to ask for; capped at `maxPageSize`. */
  pageSize: number;
  /**
   * The endpoint's own maximum. A size above it is not refused but silently
   * replaced by the endpoint's default (over 100 fell back to 25), and a
   * short page then looks like the end: ask for at most this. Default 200.
   */
  maxPageSize?: number;
  /** Page to start from (resume), default 1. */
  startPage?: number;
  /** Query key of the page size: `count` (default), `page_size` or `limit`. */
  sizeParam?: 'count' | 'page_size' | 'limit';
  /** Where the rows are in `data`, when it is not the array itself. */
  select?: (data: unknown) => unknown;
  /**
   * For POST searches: the JSON body of a page. The page number and size go
   * in the body then, not in the query.
   */
  body?: (page: number, pageSize: number) => unknown;
}

/**
 * Every page of a `page`/`count` listing. The end is decided by `total_count`
 * when the API sends one, else only by an **empty** page: a short page is no
 * proof of the end, because the API silently replaces a page size it finds
 * too large by its default, and the rows "missing" from a short page would
 * then read as deleted. With a total, a page shorter than asked while the
 * total says there is more is not the end either: on page 1 we adopt the
 * size it actually served, which keeps later page numbers aligned. An
 * endpoint that ignores `page` (answers page 2 as page 1) is an error, not
 * an endless listing.
 */
export async function* pagedByNumber(
  client: AltegioClient,
  path: string,
  query: Query,
  options: PagedOptions,
): AsyncGenerator<NumberedPage> {
  let pageSize = Math.min(options.pageSize, options.maxPageSize ?? 200);
  const sizeParam = options.sizeParam ?? 'count';
  const endpoint = `${options.body ? 'POST' : 'GET'} ${path}`;
  let previous: string | undefined;
  for (let page = options.startPage ?? 1; ; page++) {
    const { data, meta } = options.body
      ? await client.post(path, options.body(page, pageSize), query)
      : await client.get(path, { ...query, page, [sizeParam]: pageSize });
    const selected = options.select ? options.select(data) : data;
    if (!Array.isArray(selected)) {
      throw new AltegioMalformedResponseError(`${endpoint}: page ${page} has no list of rows`, endpoint);
    }
    const ids = selected.length > 0 ? JSON.stringify(selected.map((row) => (row as { id?: unknown } | null)?.id ?? row)) : undefined;
    if (ids !== undefined && ids === previous) {
      throw new AltegioMalformedResponseError(`${endpoint}: page ${page} repeats page ${page - 1} (the endpoint ignores paging)`, endpoint);
    }
    previous = ids;
    const total = readTotal(meta);
    if (page === 1 && total !== undefined && selected.length > 0 && selected.length < pageSize && total > selected.length) {
      pageSize = selected.length;
    }
    const last = selected.length === 0 || (total !== undefined && page * pageSize >= total);
    yield { page, items: selected, total, pageSize, last };
    if (last) return;
  }
}

function readTotal(meta: Record<string, unknown>): number | undefined {
  const value = meta.total_count ?? meta.total;
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
