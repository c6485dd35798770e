import type { NumberedPage } from '../altegio/paginate.js';
import { addDays, localDate } from '../util/dates.js';
import { listedIds } from './map.js';
import { zoneOf } from './scope.js';
import type { Batch, DateWindow, RunContext, StreamState } from './types.js';

export interface WindowCursor {
  /** Last location-local date read in full by an incremental run. */
  through: string;
}

export interface WindowProgress {
  from: string;
  to: string;
  /** First date of the chunk being read. */
  chunkFrom: string;
  nextPage: number;
}

/** One page of a chunk, as an extractor yields it. */
export interface ChunkPage<M = undefined> {
  items: unknown[];
  /** 1-based page number within the chunk. */
  page: number;
  last: boolean;
  /** The page's meta, passed on as the batch's (see `Batch.meta`). */
  meta?: M;
  /** Rows of the chunk's whole listing, when the API says. */
  total?: number;
}

export interface WindowOptions<M = undefined> {
  /** Dates per request window (1 for one-day endpoints such as the Z-report). */
  chunkDays: number;
  /**
   * Incremental runs re-read this many local days up to today, because the
   * source corrects recent days after the fact. Default 3.
   */
  recentDays?: number;
  /** A first incremental run (no cursor) reads this many days back. Default 30. */
  initialDays?: number;
  /** Incremental runs also read this many days after today (future appointments). Default 0. */
  aheadDays?: number;
  /** Reads one chunk from `startPage` on. */
  fetch: (chunk: DateWindow, startPage: number) => AsyncIterable<ChunkPage<M>>;
}

/** Today in the scope's zone (UTC for the chain, whose zone the API does not give). */
export function today(ctx: RunContext): string {
  return localDate(ctx.now, zoneOf(ctx));
}

/** The dates an incremental run covers: from the cursor (minus the recent days) through today. */
export function incrementalWindow<M>(ctx: RunContext, cursor: WindowCursor | null, options: WindowOptions<M>): DateWindow {
  const now = today(ctx);
  const recent = addDays(now, -((options.recentDays ?? 3) - 1));
  const from = cursor ? min(addDays(cursor.through, -((options.recentDays ?? 3) - 1)), recent) : addDays(now, -((options.initialDays ?? 30) - 1));
  return { from, to: addDays(now, options.aheadDays ?? 0) };
}

/**
 * Pages of a date-windowed stream: the backfill window, or the incremental
 * window, cut into chunks. The position (chunk and page) commits with every
 * page, so an interrupted run resumes where it stopped; a backfill keeps its
 * state apart from the incremental cursor and never moves it.
 */
export async function* windowPages<M = undefined>(
  ctx: RunContext,
  state: StreamState<WindowCursor, WindowProgress>,
  options: WindowOptions<M>,
): AsyncGenerator<Batch<WindowCursor, WindowProgress, M>> {
  const window = ctx.mode === 'backfill' && ctx.window ? ctx.window : incrementalWindow(ctx, state.cursor, options);
  const resume = state.progress && state.progress.from === window.from && state.progress.to === window.to ? state.progress : null;
  const chunks = chunkWindow(window, options.chunkDays);
  let index = resume ? Math.max(0, chunks.findIndex((c) => c.from === resume.chunkFrom)) : 0;
  let startPage = resume ? resume.nextPage : 1;
  if (chunks.length === 0) {
    yield { items: [], progress: null, cursor: { through: window.to }, highWaterAt: ctx.now };
    return;
  }
  for (; index < chunks.length; index++, startPage = 1) {
    const chunk = chunks[index]!;
    const lastChunk = index === chunks.length - 1;
    const label = `${chunk.from === chunk.to ? chunk.from : `${chunk.from}..${chunk.to}`} (${index + 1}/${chunks.length})`;
    for await (const page of options.fetch(chunk, startPage)) {
      const next = page.last ? chunks[index + 1] : chunk;
      if (page.last && lastChunk) {
        const done = { through: min(window.to, today(ctx)) };
        const highWaterAt = ctx.mode === 'backfill' ? undefined : ctx.now;
        yield { items: page.items, meta: page.meta, progress: null, cursor: done, highWaterAt, label, total: page.total };
      } else {
        const progress = { from: window.from, to: window.to, chunkFrom: next!.from, nextPage: page.last ? 1 : page.page + 1 };
        const position = { label: `${label} page ${page.page}`, done: (index + (page.last ? 1 : 0.5)) / chunks.length };
        yield { items: page.items, meta: page.meta, progress, ...position, total: page.total };
      }
    }
  }
}

/** What a page of a dated listing covers: its chunk, and once the chunk is read in full, every id it listed. */
export interface ListedChunk {
  window: DateWindow;
  /**
   * On the chunk's last page, when this run read the chunk from its first
   * page: the ids of every record of the chunk. Absent otherwise: a chunk
   * resumed mid-way lost the ids of its first pages and cannot tell what is gone.
   */
  ids?: number[];
}

/** The pages of one chunk's listing, each with the chunk, the last with the ids it listed (ListedChunk). */
export async function* listChunk(
  chunk: DateWindow,
  startPage: number,
  pages: AsyncIterable<NumberedPage>,
): AsyncGenerator<ChunkPage<ListedChunk>> {
  const ids: number[] = [];
  for await (const page of pages) {
    ids.push(...listedIds(page.items));
    const complete = page.last && startPage === 1;
    yield { items: page.items, page: page.page, last: page.last, meta: complete ? { window: chunk, ids } : { window: chunk }, total: page.total };
  }
}

/** One request of a chunk: its answer's records and what they are. */
export type PageRequest<M> = () => Promise<{ items: unknown[]; meta: M }>;

/**
 * A chunk read as a fixed list of requests (the reports of a day, the charts
 * of a week), one page each, so that a resumed chunk skips those done.
 */
export async function* requestPages<M>(requests: ReadonlyArray<PageRequest<M>>, startPage: number): AsyncGenerator<ChunkPage<M>> {
  for (let page = startPage; page <= requests.length; page++) {
    const { items, meta } = await requests[page - 1]!();
    yield { items, meta, page, last: page === requests.length };
  }
}

/** `window` cut into runs of `days` dates; the last may be shorter. */
export function chunkWindow(window: DateWindow, days: number): DateWindow[] {
  const chunks: DateWindow[] = [];
  for (let from = window.from; from <= window.to; from = addDays(from, days)) {
    chunks.push({ from, to: min(addDays(from, days - 1), window.to) });
  }
  return chunks;
}

function min(a: string, b: string): string {
  return a < b ? a : b;
}
