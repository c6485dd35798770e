import { RejectError } from '../errors.js';
import { DateFormatError, parseApiDate, parseApiInstant } from '../util/dates.js';
import { sumDecimals } from '../util/decimal.js';

/**
 * Readers for source fields. Each one accepts every shape the API has been
 * seen to send for that kind of value and throws RejectError, naming the
 * field, for anything else. Empty strings read as null.
 */

export type Obj = Record<string, unknown>;

export function asObject(raw: unknown, what = 'record'): Obj {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new RejectError(`${what} is not an object`);
  return raw as Obj;
}

/** A required positive integer id. */
export function requireId(record: Obj, field: string): number {
  const value = integer(record[field], field);
  if (value === null || value <= 0) throw new RejectError(`${field} is missing or not a positive integer`);
  return value;
}

export function integer(value: unknown, field: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new RejectError(`${field} is not an integer: ${preview(value)}`);
  return n;
}

/** A money or decimal value as an exact decimal string for a numeric column. */
export function decimal(value: unknown, field: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RejectError(`${field} is not a finite number`);
    // String() gives the shortest text that reads back as the same double:
    // exactly what the API wrote for any value with up to 15 significant digits.
    return String(value);
  }
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return value.trim();
  throw new RejectError(`${field} is not a number: ${preview(value)}`);
}

/** Text; numbers (phones, card numbers) become their digits. */
export function text(value: unknown, field: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new RejectError(`${field} is not text: ${preview(value)}`);
}

export function bool(value: unknown, field: string): boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  throw new RejectError(`${field} is not a boolean: ${preview(value)}`);
}

/** An instant in any of the API's formats; naive values are read in `timeZone`. */
export function instant(value: unknown, field: string, timeZone: string): Date | null {
  try {
    return parseApiInstant(value, timeZone);
  } catch (err) {
    if (err instanceof DateFormatError) throw new RejectError(`${field}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** A calendar date; "0000-00-00" reads as null. */
export function calendarDate(value: unknown, field: string): string | null {
  try {
    return parseApiDate(value);
  } catch (err) {
    if (err instanceof DateFormatError) throw new RejectError(`${field}: ${err.message}`, { cause: err });
    throw err;
  }
}

/**
 * An object-valued field that the API sends as `[]` when empty
 * (custom_fields). With `field`, a value of another kind (a text, a number)
 * is refused rather than read as empty: `client: "someone"` is no walk-in.
 */
export function objectField(value: unknown, field?: string): Obj {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Obj;
  if (field !== undefined && !isEmpty(value) && !(Array.isArray(value) && value.length === 0)) {
    throw new RejectError(`${field} is not an object: ${preview(value)}`);
  }
  return {};
}

/**
 * A list-valued field that the API sends as `{}` when empty (categories).
 * With `field`, a value of another kind is refused rather than read as
 * empty: `services: "none"` is no appointment without services.
 */
export function listField(value: unknown, field?: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.values(value);
  if (field !== undefined && !isEmpty(value)) throw new RejectError(`${field} is not a list: ${preview(value)}`);
  return [];
}

/** One of `allowed` (or null when absent). */
export function oneOf(value: unknown, field: string, allowed: readonly number[]): number | null {
  const n = integer(value, field);
  if (n !== null && !allowed.includes(n)) throw new RejectError(`${field} is ${n}, not one of ${allowed.join(', ')}`);
  return n;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || value === 0 || value === false;
}

/**
 * A money block's currency: an object `{ id, iso, name, symbol,
 * is_symbol_after_amount }` as the API sends it, or a bare code or symbol.
 * A three-letter text is taken for the ISO code, anything else for a symbol.
 */
export function currencyOf(value: unknown, field: string): { iso: string | null; symbol: string | null } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const c = value as Obj;
    return { iso: text(c.iso ?? c.code, `${field}.iso`), symbol: text(c.symbol, `${field}.symbol`) };
  }
  const t = text(value, field);
  if (t === null) return { iso: null, symbol: null };
  return /^[A-Z]{3}$/.test(t) ? { iso: t, symbol: null } : { iso: null, symbol: t };
}

/** The `id` of a raw record, for the rejects table. */
export function idOf(raw: unknown): string | undefined {
  return keyOf(raw, 'id');
}

/** A raw record's `field` (a number or text) as a key, e.g. for the rejects table. */
export function keyOf(raw: unknown, field: string): string | undefined {
  const id = (raw as Obj | null)?.[field];
  return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
}

/**
 * The ids (`field`, non-zero integers: negative ones key rows the API gives
 * no id of their own, such as sales outside any visit) of a listing's raw
 * records, read before `map`: a record it rejects is still there at the
 * source, so it must count as listed and never be marked deleted.
 */
export function listedIds(items: readonly unknown[], field = 'id'): number[] {
  const ids: number[] = [];
  for (const item of items) {
    const id = Number((item as Obj | null)?.[field]);
    if (Number.isSafeInteger(id) && id !== 0) ids.push(id);
  }
  return ids;
}

/** The exact sum of one decimal field over a record's lines (see sumDecimals); `list` names them for a reject. */
export function sumOf(lines: readonly Obj[], field: string, list?: string): string {
  return sumDecimals(lines.map((line) => decimal(line[field], list ? `${list}.${field}` : field)));
}

function preview(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
