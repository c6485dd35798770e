/** Query-string parsing with the API's paging and date rules. */
import { invalid } from './envelope.js';
import { dateOfLocal, parseDate, parseNaiveDateTime } from '../time.js';

/** The API's page size when `count` is absent, and what it silently falls back to above the max. */
export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 200;

export interface Paging {
  page: number;
  count: number;
  offset: number;
}

function positiveInt(q: URLSearchParams, name: string, fallback: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalid(name, `${name} must be a positive integer`);
  return n;
}

/**
 * `page` (1-based) and the page size under `countKey`, with the endpoint's own
 * maximum and default. Quirk: a size above the maximum is not refused but silently
 * answered with the default (count=5000 on /clients gives 20 rows) while
 * `total_count` still reports every row.
 */
export function paging(q: URLSearchParams, countKey = 'count', max = MAX_COUNT, fallback = DEFAULT_COUNT): Paging {
  const page = positiveInt(q, 'page', 1);
  let count = positiveInt(q, countKey, fallback);
  if (count > max) count = fallback;
  return { page, count, offset: (page - 1) * count };
}

export function pageOf<T>(rows: readonly T[], p: Paging): T[] {
  return rows.slice(p.offset, p.offset + p.count);
}

/** An optional "YYYY-MM-DD" parameter; a malformed value is a 422. */
export function dateParam(q: URLSearchParams, name: string, required = false): string | null {
  const raw = q.get(name);
  if (raw === null || raw === '') {
    if (required) throw invalid(name, `${name} is required (YYYY-MM-DD)`);
    return null;
  }
  const ms = parseDate(raw);
  if (ms === null) throw invalid(name, `${name} must be a date YYYY-MM-DD`);
  return dateOfLocal(ms);
}

/** An optional naive local date-time (`YYYY-MM-DDTHH:MM:SS`, `YYYY-MM-DD HH:MM:SS` or a date), as local ms. */
export function naiveParam(q: URLSearchParams, name: string): number | null {
  const raw = q.get(name);
  if (raw === null || raw === '') return null;
  const ms = parseNaiveDateTime(raw.trim());
  if (ms === null) throw invalid(name, `${name} must be a date-time YYYY-MM-DDTHH:MM:SS`);
  return ms;
}

/** The API reads boolean flags as "1"/"true". */
export function flagParam(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name);
  return raw === '1' || raw === 'true';
}

const DOTTED_RE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

/**
 * A report date as `DD.MM.YYYY` (what Altegio's own web client sends to the
 * Z-report) or `YYYY-MM-DD`; returned as "YYYY-MM-DD".
 */
export function reportDateParam(q: URLSearchParams, name: string, required = false): string | null {
  const raw = q.get(name);
  if (raw === null || raw === '') {
    if (required) throw invalid(name, `${name} is required (DD.MM.YYYY or YYYY-MM-DD)`);
    return null;
  }
  const m = DOTTED_RE.exec(raw);
  const ms = parseDate(m ? `${m[3]}-${m[2]}-${m[1]}` : raw);
  if (ms === null) throw invalid(name, `${name} must be a date DD.MM.YYYY or YYYY-MM-DD`);
  return dateOfLocal(ms);
}
