import { ConfigError } from '../errors.js';
import type { DateWindow } from '../sync/types.js';
import { localDate, parseApiDate } from '../util/dates.js';

/** `--from`/`--to` as a window; fails naming the flag. */
export function parseWindow(from?: string, to?: string): DateWindow {
  const read = (value: string | undefined, flag: string) => {
    let date: string | null = null;
    try {
      date = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseApiDate(value) : null;
    } catch {
      date = null;
    }
    if (!date) throw new ConfigError(`${flag} expects a date YYYY-MM-DD, e.g. ${flag} 2026-01-01 (got ${value ?? 'nothing'})`, flag);
    return date;
  };
  const window = { from: read(from, '--from'), to: read(to, '--to') };
  if (window.from > window.to) throw new ConfigError(`--from ${window.from} is after --to ${window.to}`, '--from');
  return window;
}

/** The zone whose date is the latest anywhere (UTC+14): no location's today is after its today. */
const LATEST_ZONE = 'Etc/GMT-14';

/** The latest date that is today somewhere on Earth. */
export function latestToday(now = new Date()): string {
  return localDate(now, LATEST_ZONE);
}

/**
 * Refuses a backfill that starts after today in every zone: it would read
 * nothing (appointments booked ahead are read by `sync`, and by a backfill
 * whose `--to` is later than today).
 */
export function refuseFutureStart(window: DateWindow, now = new Date()): void {
  const today = latestToday(now);
  if (window.from > today) {
    throw new ConfigError(
      `--from ${window.from} is after today (${today} in the easternmost time zone, UTC+14): a backfill re-reads days up to today; ` +
        `start it on a past day, e.g. --from ${today.slice(0, 4)}-01-01`,
      '--from',
    );
  }
}

/** A warning when `--to` is after today everywhere: those days are read as far as the API has them. */
export function futureEndWarning(window: DateWindow, now = new Date()): string | undefined {
  const today = latestToday(now);
  if (window.to <= today) return undefined;
  return `--to ${window.to} is after today (${today} at the latest, UTC+14): days after today are read as far as the API has them (appointments booked ahead), and later syncs keep them up to date`;
}
