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
