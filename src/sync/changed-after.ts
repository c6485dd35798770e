import type { NumberedPage } from '../altegio/paginate.js';
import { formatFilterLowerBound, parseApiInstant } from '../util/dates.js';
import { zoneOf } from './scope.js';
import type { Batch, RunContext, StreamState } from './types.js';

export interface ChangedAfterCursor {
  /** ISO instant: every change at or before it is loaded. */
  changedAfter: string;
}

export interface ChangedAfterProgress {
  /** `changed_after` as sent, kept so a resumed run asks the same question. */
  lowerBound: string | null;
  nextPage: number;
  pageSize: number;
  /** Latest change seen so far in this run (ISO). */
  maxSeen: string | null;
  /** Start of the run that began this pass (ISO). */
  startedAt: string;
}

/** Asks for one listing from `startPage` on, filtered on `changedAfter` (naive, inclusive). */
export type ChangedAfterFetch = (query: { changedAfter?: string; startPage: number; pageSize: number }) => AsyncIterable<NumberedPage>;

/**
 * Pages of an incremental listing on `changed_after`. The lower bound is the
 * cursor minus the lookback, inclusive; the listing's order is not assumed.
 * The new cursor is the latest change seen, but never later than the start
 * of the run: a row that changes while we page may move to a page already
 * read, and the next run must still catch it.
 */
export async function* changedAfterPages(
  ctx: RunContext,
  state: StreamState<ChangedAfterCursor, ChangedAfterProgress>,
  fetch: ChangedAfterFetch,
  changeField = 'last_change_date',
): AsyncGenerator<Batch<ChangedAfterCursor, ChangedAfterProgress>> {
  const timeZone = zoneOf(ctx);
  let progress = state.progress;
  if (!progress) {
    const lookbackMs = ctx.config.sync.lookbackMinutes * 60_000;
    const since = state.cursor ? new Date(Date.parse(state.cursor.changedAfter) - lookbackMs) : null;
    progress = {
      lowerBound: since ? formatFilterLowerBound(since, timeZone, ctx.config.sync.filterTimezone) : null,
      nextPage: 1,
      pageSize: ctx.config.altegio.pageSize,
      maxSeen: state.cursor?.changedAfter ?? null,
      startedAt: ctx.now.toISOString(),
    };
  }
  const pages = fetch({ changedAfter: progress.lowerBound ?? undefined, startPage: progress.nextPage, pageSize: progress.pageSize });
  for await (const page of pages) {
    const maxSeen = latestChange(page.items, changeField, timeZone, progress.maxSeen);
    progress = { ...progress, nextPage: page.page + 1, pageSize: page.pageSize, maxSeen };
    const label = `page ${page.page}${page.total !== undefined ? `/${Math.max(1, Math.ceil(page.total / page.pageSize))}` : ''}`;
    if (!page.last) {
      yield { items: page.items, progress, label, total: page.total };
      continue;
    }
    const cap = Date.parse(progress.startedAt);
    const cursorAt = maxSeen ? new Date(Math.min(Date.parse(maxSeen), cap)) : null;
    yield {
      items: page.items,
      progress: null,
      cursor: cursorAt ? { changedAfter: cursorAt.toISOString() } : state.cursor,
      highWaterAt: new Date(cap),
      label,
      total: page.total,
    };
  }
}

/** The latest parseable change of a page; unparseable ones are rejected later by the stream's map. */
function latestChange(items: unknown[], field: string, timeZone: string, start: string | null): string | null {
  let max = start ? Date.parse(start) : -Infinity;
  for (const item of items) {
    try {
      const at = parseApiInstant((item as Record<string, unknown> | null)?.[field], timeZone);
      if (at && at.getTime() > max) max = at.getTime();
    } catch {
      // rejected with its reason by map()
    }
  }
  return Number.isFinite(max) ? new Date(max).toISOString() : null;
}
