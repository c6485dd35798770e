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
  /** Rows to ask for; at most 200. */
  pageSize: number;
  /** Page to start from (resume), default 1. */
  startPage?: number;
  /** Query key of the page size: `count` (default) or `page_size`. */
  sizeParam?: 'count' | 'page_size';
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
 * when the API sends one, else by a short page. A page shorter than asked
 * while the total says there is more is not the end: the API silently caps
 * page sizes (count=1000 answered 20 rows), so on page 1 we adopt the size it
 * actually served, which keeps later page numbers aligned.
 */
export async function* pagedByNumber(
  client: AltegioClient,
  path: string,
  query: Query,
  options: PagedOptions,
): AsyncGenerator<NumberedPage> {
  let pageSize = options.pageSize;
  const sizeParam = options.sizeParam ?? 'count';
  for (let page = options.startPage ?? 1; ; page++) {
    const { data, meta } = options.body
      ? await client.post(path, options.body(page, pageSize), query)
      : await client.get(path, { ...query, page, [sizeParam]: pageSize });
    const selected = options.select ? options.select(data) : data;
    if (!Array.isArray(selected)) {
      const endpoint = `${options.body ? 'POST' : 'GET'} ${path}`;
      throw new AltegioMalformedResponseError(`${endpoint}: page ${page} has no list of rows`, endpoint);
    }
    const total = readTotal(meta);
    if (page === 1 && total !== undefined && selected.length > 0 && selected.length < pageSize && total > selected.length) {
      pageSize = selected.length;
    }
    const last =
      selected.length === 0 || (total !== undefined ? page * pageSize >= total : selected.length < pageSize);
    yield { page, items: selected, total, pageSize, last };
    if (last) return;
  }
}

function readTotal(meta: Record<string, unknown>): number | undefined {
  const value = meta.total_count ?? meta.total;
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
