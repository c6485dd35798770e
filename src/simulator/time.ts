/**
 * Time-zone arithmetic for location-local dates. Intl is the only source of zone
 * rules; offsets are cached per zone and UTC hour because every transition of the
 * zones the simulator uses falls on a whole UTC hour.
 *
 * A "local ms" value is the naive wall-clock time encoded as if it were UTC
 * (Date.UTC(y, m, d, h, mi, s)); it is never an instant.
 */

const HOUR = 3_600_000;

/**
 * The zone of Altegio's servers. The transactions list prints its dates in it,
 * whatever the location's zone, and filters on its calendar dates.
 */
export const SERVER_TIMEZONE = 'Asia/Dubai';
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset in minutes at an instant (e.g. -300 for New York in winter). */
export function offsetMinutes(zone: string, utcMs: number): number {
  const bucket = Math.floor(utcMs / HOUR);
  let perZone = offsets.get(zone);
  if (!perZone) {
    perZone = new Map();
    offsets.set(zone, perZone);
  }
  const cached = perZone.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * HOUR;
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  const offset = Math.round((asUtc - at) / 60_000);
  perZone.set(bucket, offset);
  return offset;
}

/**
 * The instant of a naive local time. In the autumn overlap the earlier instant wins
 * (an inclusive `changed_after` then includes the whole repeated hour); in the spring
 * gap the time is read with the offset from before the change, as Temporal's
 * "compatible" disambiguation does.
 */
export function localToUtc(zone: string, localMs: number): number {
  const before = offsetMinutes(zone, localMs - 12 * HOUR);
  const after = offsetMinutes(zone, localMs + 12 * HOUR);
  const c1 = localMs - before * 60_000;
  const c2 = localMs - after * 60_000;
  const ok1 = offsetMinutes(zone, c1) === before;
  const ok2 = offsetMinutes(zone, c2) === after;
  if (ok1 && ok2) return Math.min(c1, c2);
  if (ok2) return c2;
  return c1;
}

export function utcToLocal(zone: string, utcMs: number): number {
  return utcMs + offsetMinutes(zone, utcMs) * 60_000;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "YYYY-MM-DD" of a local ms value. */
export function dateOfLocal(localMs: number): string {
  const d = new Date(localMs);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function timeOfLocal(localMs: number): string {
  const d = new Date(localMs);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** The location-local calendar date of an instant. */
export function localDate(zone: string, utcMs: number): string {
  return dateOfLocal(utcToLocal(zone, utcMs));
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(abs / 60))}${colon ? ':' : ''}${pad2(abs % 60)}`;
}

/**
 * The date-time formats the API mixes, even inside one object:
 * - `naive`:   "2026-09-21 16:00:00" (location-local, no zone)
 * - `iso`:     "2026-09-21T16:00:00+09:00"
 * - `compact`: "2026-02-01T12:00:00-0500" (offset without a colon)
 * - `millis`:  "2026-09-21T23:00:00.000-05:00"
 * Every one denotes the same instant once read in the location's zone.
 */
export type DateStyle = 'naive' | 'iso' | 'compact' | 'millis';
export const DATE_STYLES: readonly DateStyle[] = ['naive', 'iso', 'compact', 'millis'];

export function formatInZone(zone: string, utcMs: number, style: DateStyle): string {
  const offset = offsetMinutes(zone, utcMs);
  const local = utcMs + offset * 60_000;
  const date = dateOfLocal(local);
  const time = timeOfLocal(local);
  switch (style) {
    case 'naive':
      return `${date} ${time}`;
    case 'iso':
      return `${date}T${time}${offsetText(offset, true)}`;
    case 'compact':
      return `${date}T${time}${offsetText(offset, false)}`;
    case 'millis':
      return `${date}T${time}.000${offsetText(offset, true)}`;
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})$/;

function validLocal(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const t = new Date(ms);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  return ms;
}

/** Parses "YYYY-MM-DD" into a local ms value (midnight), or null when malformed. */
export function parseDate(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  return validLocal(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Parses a naive filter value: "YYYY-MM-DDTHH:MM:SS", "YYYY-MM-DD HH:MM:SS", or a
 * bare date (midnight). Anything else (offsets, milliseconds) is null.
 */
export function parseNaiveDateTime(text: string): number | null {
  const m = DATETIME_RE.exec(text);
  if (!m) return parseDate(text);
  return validLocal(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** "YYYY-MM-DD" plus n days. */
export function addDays(date: string, n: number): string {
  const ms = parseDate(date);
  if (ms === null) throw new Error(`bad date ${date}`);
  return dateOfLocal(ms + n * DAY_MS);
}

/** Every date from `from` to `to`, both inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Whole-hour offset the API prints as `timezone` (e.g. -5, 9). */
export function hourOffset(zone: string, utcMs: number): number {
  return Math.trunc(offsetMinutes(zone, utcMs) / 60);
}
