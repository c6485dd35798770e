import { TZDate } from '@date-fns/tz';

/**
 * 23:00 of today in `zone`, by the real clock: an anchor for a simulator whose
 * "today" must already have sales (a clamped Z-report is recognised only by its
 * sales) while the engine, which reads the real clock, sees the same local day.
 */
export function lateToday(zone: string): Date {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 23, 0, 0, zone).getTime());
}
