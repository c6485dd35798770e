import { TZDate, tzOffset } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { formatFilterLowerBound, formatNaive, localDate, parseApiDate, parseApiInstant } from '../src/util/dates.js';

const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';

describe('parseApiInstant reads every format the API sends', () => {
  it.each([
    ['2026-09-21 16:00:00', NY, '2026-09-21T20:00:00.000Z'],
    ['2026-09-21T16:00:00', NY, '2026-09-21T20:00:00.000Z'],
    ['2026-09-21 16:00:00', TOKYO, '2026-09-21T07:00:00.000Z'],
    ['2026-09-21T16:00:00+09:00', NY, '2026-09-21T07:00:00.000Z'],
    ['2026-02-01T12:00:00-0500', TOKYO, '2026-02-01T17:00:00.000Z'],
    ['2026-09-21T23:00:00.000-05:00', TOKYO, '2026-09-22T04:00:00.000Z'],
    ['2026-09-21T23:00:00.250Z', TOKYO, '2026-09-21T23:00:00.250Z'],
    ['2026-09-21T05:30:00+0530', NY, '2026-09-21T00:00:00.000Z'],
    ['2026-09-21', TOKYO, '2026-09-20T15:00:00.000Z'],
    ['2026-09-21 16:00', NY, '2026-09-21T20:00:00.000Z'],
    [1481101200, NY, '2016-12-07T09:00:00.000Z'],
    ['1481101200', TOKYO, '2016-12-07T09:00:00.000Z'],
  ])('%s in %s', (value, zone, expected) => {
    expect(parseApiInstant(value, zone)?.toISOString()).toBe(expected);
  });

  it('reads naive times on both sides of a DST change in the location zone', () => {
    // New York left daylight saving time at 2026-11-01 02:00 local.
    expect(parseApiInstant('2026-10-31 12:00:00', NY)?.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(parseApiInstant('2026-11-02 12:00:00', NY)?.toISOString()).toBe('2026-11-02T17:00:00.000Z');
    // And entered it at 2026-03-08 02:00 local.
    expect(parseApiInstant('2026-03-07 12:00:00', NY)?.toISOString()).toBe('2026-03-07T17:00:00.000Z');
    expect(parseApiInstant('2026-03-09 12:00:00', NY)?.toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });

  it('treats empty and zero dates as no date', () => {
    for (const value of [null, undefined, '', '0000-00-00', '0000-00-00 00:00:00']) {
      expect(parseApiInstant(value, NY)).toBeNull();
    }
  });

  it('refuses what is not a date', () => {
    for (const value of ['yesterday', '2026-13-01', '2026-02-30 10:00:00', '21.09.2026', { at: 1 }, true]) {
      expect(() => parseApiInstant(value, NY)).toThrow(/unrecognised date/);
    }
  });
});

describe('calendar dates', () => {
  it('keeps the written date and maps 0000-00-00 to null', () => {
    expect(parseApiDate('1990-05-17')).toBe('1990-05-17');
    expect(parseApiDate('2026-09-21 16:00:00')).toBe('2026-09-21');
    expect(parseApiDate('0000-00-00')).toBeNull();
    expect(() => parseApiDate('1990-02-31')).toThrow();
  });

  it('gives the local day of an instant in each zone', () => {
    const instant = new Date('2026-09-21T20:30:00Z');
    expect(localDate(instant, NY)).toBe('2026-09-21');
    expect(localDate(instant, TOKYO)).toBe('2026-09-22');
    expect(formatNaive(instant, 'Pacific/Auckland')).toBe('2026-09-22T08:30:00');
  });
});

describe('filter lower bounds', () => {
  const instant = new Date('2026-11-20T12:00:00Z');
  it('writes the earlier of the location and UTC readings in safe mode', () => {
    expect(formatFilterLowerBound(instant, NY, 'safe')).toBe('2026-11-20T07:00:00');
    expect(formatFilterLowerBound(instant, TOKYO, 'safe')).toBe('2026-11-20T12:00:00');
  });
  it('can be told the zone', () => {
    expect(formatFilterLowerBound(instant, TOKYO, 'location')).toBe('2026-11-20T21:00:00');
    expect(formatFilterLowerBound(instant, NY, 'utc')).toBe('2026-11-20T12:00:00');
  });
  it('is never after the instant however the server reads it', () => {
    for (const zone of [NY, TOKYO, 'Pacific/Auckland', 'Europe/London', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const written = formatFilterLowerBound(instant, zone, 'safe');
      for (const readIn of [zone, 'UTC']) expect(parseApiInstant(written, readIn)!.getTime()).toBeLessThanOrEqual(instant.getTime());
    }
  });
});

describe('zone arithmetic agrees with TZDate everywhere, clock changes included', () => {
  // Whole-hour, half-hour and 45-minute offsets, 30-minute DST (Lord Howe), a 3-hour change (Casey), DST in the southern hemisphere, Ramadan DST (Casablanca), and none.
  const ZONES = [NY, TOKYO, 'UTC', 'Europe/London', 'Europe/Moscow', 'America/St_Johns', 'America/Sao_Paulo', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Apia', 'Antarctica/Casey', 'Africa/Casablanca'];
  const MINUTE = 60_000;
  const DAY = 24 * 60 * MINUTE;

  /** Instants (to 6 hours) where `zone` changed its clocks between 2009 and 2027. */
  function changes(zone: string): number[] {
    const found: number[] = [];
    let before = tzOffset(zone, new Date(Date.UTC(2009, 0, 1)));
    for (let t = Date.UTC(2009, 0, 1); t < Date.UTC(2027, 0, 1); t += 6 * 60 * MINUTE) {
      const now = tzOffset(zone, new Date(t));
      if (now !== before) found.push(t);
      before = now;
    }
    return found;
  }

  /** Instants every 7 minutes from a day before each change to a day after, and at random (seeded) since 1970. */
  const sampled = new Map<string, number[]>();
  function samples(zone: string): number[] {
    const known = sampled.get(zone);
    if (known) return known;
    const out: number[] = [];
    sampled.set(zone, out);
    for (const change of changes(zone)) for (let t = change - DAY; t <= change + DAY; t += 7 * MINUTE) out.push(t);
    let seed = 7;
    for (let i = 0; i < 3000; i++) {
      seed = (seed * 48271) % 2147483647;
      out.push(Date.UTC(1970, 0, 1) + Math.floor((seed / 2147483647) * 65 * 365 * DAY / MINUTE) * MINUTE + (i % 60) * 1000);
    }
    return out;
  }

  const naive = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

  it.each(ZONES)('reads wall-clock times in %s as TZDate does', (zone) => {
    const walls = samples(zone);
    expect(walls.length).toBeGreaterThanOrEqual(3000);
    const differ = walls.filter((wall) => {
      const w = new Date(wall);
      const expected = new TZDate(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), 0, zone).getTime();
      return parseApiInstant(naive(wall), zone)!.getTime() !== expected;
    });
    expect(differ.map(naive)).toEqual([]);
  });

  it.each(ZONES)('writes instants as wall-clock times in %s as TZDate does', (zone) => {
    const differ = samples(zone).filter((t) => {
      const z = new TZDate(t, zone);
      const expected = `${z.getFullYear()}-${String(z.getMonth() + 1).padStart(2, '0')}-${String(z.getDate()).padStart(2, '0')}T${String(z.getHours()).padStart(2, '0')}:${String(z.getMinutes()).padStart(2, '0')}:${String(z.getSeconds()).padStart(2, '0')}`;
      return formatNaive(new Date(t), zone) !== expected;
    });
    expect(differ.map(naive)).toEqual([]);
  });
});

