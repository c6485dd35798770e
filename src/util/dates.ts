import { TZDate, tzOffset } from '@date-fns/tz';

/**
 * Date handling for the API's mixed formats. Seen in one and the same object:
 *   "2026-09-21 16:00:00"            naive, in the location's zone
 *   "2026-09-21T16:00:00+09:00"      offset with colon
 *   "2026-02-01T12:00:00-0500"       offset without colon
 *   "2026-09-21T23:00:00.000-05:00"  milliseconds
 *   "2026-09-21"                     plain date (local midnight)
 *   1481101200 / "1481101200"        unix seconds (Z-report z_data keys)
 * and "0000-00-00" for "no date".
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/;

/** Thrown for a value that is not any of the formats above. */
export class DateFormatError extends Error {
  constructor(value: unknown) {
    super(`unrecognised date ${JSON.stringify(value)}`);
    this.name = this.constructor.name;
  }
}

function isZeroDate(value: string): boolean {
  return /^0000-00-00/.test(value);
}

/**
 * Parses any of the API's instant formats into a Date (a UTC instant). Naive
 * values are read in `timeZone` (the location's IANA zone). Returns null for
 * empty values and "0000-00-00"; throws DateFormatError for anything else.
 */
export function parseApiInstant(value: unknown, timeZone: string): Date | null {
  if (value === null || value === undefined || value === '' || value === 0) return null;
  if (typeof value === 'number') return fromUnix(value, value);
  if (typeof value !== 'string') throw new DateFormatError(value);
  const text = value.trim();
  if (/^\d{9,11}$/.test(text)) return fromUnix(Number(text), value);
  if (isZeroDate(text)) return null;
  const m = DATE_TIME.exec(text);
  if (!m) throw new DateFormatError(value);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  if (!validParts(...parts)) throw new DateFormatError(value);
  if (zone) {
    const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms);
    return new Date(utc - offsetMinutes(zone) * 60_000);
  }
  return new Date(wallTimeToUtc(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms), timeZone));
}

const HOUR_MS = 3_600_000;
/**
 * Hours either side of an instant in which a zone's offset must not change
 * for a wall-clock time to have that instant as its only reading: larger
 * than any clock change since 1970 but one (Kwajalein's day in 1969).
 */
const STEADY_HOURS = 4;
/** Per zone, UTC hour (ms / HOUR_MS) → the zone's offset in minutes throughout that hour, NaN where it changes within it. */
const steadyOffsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset in minutes throughout UTC hour `hour`, or NaN when it
 * changes within the hour (clocks never change twice in an hour). Asking
 * Intl for an offset is what made mapping a page slow; an hour is asked once.
 */
function steadyOffset(timeZone: string, hour: number): number {
  let hours = steadyOffsets.get(timeZone);
  if (!hours) steadyOffsets.set(timeZone, (hours = new Map()));
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = tzOffset(timeZone, new Date(hour * HOUR_MS));
    offset = Number.isInteger(start) && start === tzOffset(timeZone, new Date((hour + 1) * HOUR_MS - 1)) ? start : NaN;
    if (hours.size >= 100_000) hours.clear();
    hours.set(hour, offset);
  }
  return offset;
}

/**
 * The instant at which the clocks of `timeZone` read `wall` (a wall-clock
 * time written as if in UTC, ms). Where the zone's offset holds for
 * STEADY_HOURS either side of the answer, that answer is the only one;
 * around a clock change (a skipped or a repeated hour) TZDate decides.
 */
function wallTimeToUtc(wall: number, timeZone: string): number {
  const offset = steadyOffset(timeZone, Math.floor(wall / HOUR_MS));
  if (!Number.isNaN(offset)) {
    const utc = wall - offset * 60_000;
    const hour = Math.floor(utc / HOUR_MS);
    let steady = true;
    for (let h = hour - STEADY_HOURS; steady && h <= hour + STEADY_HOURS; h++) steady = steadyOffset(timeZone, h) === offset;
    if (steady) return utc;
  }
  const w = new Date(wall);
  const local = new TZDate(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), w.getUTCMilliseconds(), timeZone);
  return local.getTime();
}

function fromUnix(seconds: number, original: unknown): Date {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new DateFormatError(original);
  return new Date(seconds * 1000);
}

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 24 || mi > 59 || s > 60) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

/**
 * Parses a calendar date ("2026-09-21", or the date part of a date-time as
 * written, without converting zones). Null for empty and "0000-00-00".
 */
export function parseApiDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new DateFormatError(value);
  const text = value.trim();
  if (isZeroDate(text)) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m || !validParts(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0)) throw new DateFormatError(value);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** True for a zone name the runtime knows (IANA, e.g. `America/New_York`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock reading of `instant` in `timeZone`, as `YYYY-MM-DDTHH:MM:SS`. */
export function formatNaive(instant: Date, timeZone: string): string {
  const offset = steadyOffset(timeZone, Math.floor(instant.getTime() / HOUR_MS));
  if (!Number.isNaN(offset)) {
    // The wall clock is the instant moved by the offset in force then, read in UTC.
    const w = new Date(instant.getTime() + offset * 60_000);
    return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
  }
  const t = new TZDate(instant.getTime(), timeZone);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
}

/** The calendar date of `instant` in `timeZone`, as `YYYY-MM-DD`. */
export function localDate(instant: Date, timeZone: string): string {
  return formatNaive(instant, timeZone).slice(0, 10);
}

/**
 * A naive date-time for a filter such as `changed_after`. The API does not say
 * in which zone it reads these, so `safe` writes the instant in whichever of the
 * location's zone, UTC and `otherZones` gives the earliest reading: a lower bound read any
 * way then never lies after the instant we meant (we may re-read a little more).
 */
export function formatFilterLowerBound(
  instant: Date,
  timeZone: string,
  mode: 'safe' | 'location' | 'utc',
  /** More zones the server may read it in (`safe` only), e.g. its own. */
  otherZones: readonly string[] = [],
): string {
  if (mode === 'utc') return formatNaive(instant, 'UTC');
  if (mode === 'location') return formatNaive(instant, timeZone);
  // The earliest reading is the zone's with the smallest offset.
  const zones = [timeZone, 'UTC', ...otherZones];
  const earliest = zones.reduce((a, b) => (tzOffset(b, instant) < tzOffset(a, instant) ? b : a));
  return formatNaive(instant, earliest);
}

/** Adds whole days to a `YYYY-MM-DD` calendar date. */
export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Every calendar date from `from` to `to`, both included. */
export function eachDate(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}
