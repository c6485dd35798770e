/**
 * Analytics over a range of location-local dates, from the same live records and
 * goods-only sales as the Z-report: income is what was paid, fullness is booked
 * time over the working time of active staff (11 hours a day).
 */
import { percentOf } from '../money.js';
import { datesBetween } from '../time.js';
import type { LocationData, SimRecord } from '../world/types.js';
import type { World } from '../world/world.js';
import { goodsSalesByDate, liveRecordsByDate, paidOf } from './views.js';

export interface DayFigures {
  date: string;
  /** Payments of the day's records and goods-only sales, in milli. */
  income: number;
  incomeServices: number;
  incomeGoods: number;
  /** Live records of the day. */
  records: number;
  /** Of which attendance 1 (came), and -1 (did not come). */
  visitRecords: number;
  noShows: number;
  /** Records of clients who had not come before that day (first attended visit that day, later or never). */
  newClientRecords: number;
  bookedSec: number;
  bySource: Record<SimRecord['source'], number>;
  byAttendance: Record<string, number>;
  /** Client ids with a visit record that day. */
  clients: Set<number>;
}

const WORK_SEC_PER_STAFF = 11 * 3600;

function emptyDay(date: string): DayFigures {
  return {
    date,
    income: 0,
    incomeServices: 0,
    incomeGoods: 0,
    records: 0,
    visitRecords: 0,
    noShows: 0,
    newClientRecords: 0,
    bookedSec: 0,
    bySource: { admin: 0, online: 0, mobile: 0 },
    byAttendance: { '1': 0, '2': 0, '0': 0, '-1': 0 },
    clients: new Set(),
  };
}

export function dayFigures(world: World, data: LocationData, date: string): DayFigures {
  const memo = world.derived(`day-figures:${data.loc.id}`, () => new Map<string, DayFigures>());
  let f = memo.get(date);
  if (f) return f;
  f = emptyDay(date);
  const first = firstVisits(world, data);
  for (const r of liveRecordsByDate(world, data).get(date) ?? []) {
    f.records++;
    f.bookedSec += r.lengthSec;
    f.bySource[r.source]++;
    f.byAttendance[String(r.attendance)] = (f.byAttendance[String(r.attendance)] ?? 0) + 1;
    if (r.attendance === -1) f.noShows++;
    if (r.attendance === 1) {
      f.visitRecords++;
      if (r.clientId !== null) f.clients.add(r.clientId);
    }
    if (r.clientId !== null && (first.get(r.clientId) ?? '9999-12-31') >= date) f.newClientRecords++;
    for (const l of r.lines) {
      const paid = paidOf(l);
      f.income += paid;
      if (l.kind === 'service') f.incomeServices += paid;
      else f.incomeGoods += paid;
    }
  }
  for (const s of goodsSalesByDate(world, data).get(date) ?? []) {
    for (const l of s.lines) {
      const paid = paidOf(l);
      f.income += paid;
      f.incomeGoods += paid;
    }
  }
  memo.set(date, f);
  return f;
}

export function capacitySec(data: LocationData): number {
  return data.staff.filter((s) => !s.fired).length * WORK_SEC_PER_STAFF;
}

export interface PeriodFigures {
  income: number;
  incomeServices: number;
  incomeGoods: number;
  records: number;
  visitRecords: number;
  noShows: number;
  /** Distinct clients with a visit record (attendance 1) in the period. */
  clients: Set<number>;
  /** Booked time over working time, percent with two decimals. */
  fullness: number;
}

export function periodFigures(world: World, data: LocationData, from: string, to: string): PeriodFigures {
  const days = datesBetween(from, to).map((d) => dayFigures(world, data, d));
  let booked = 0;
  const p: PeriodFigures = { income: 0, incomeServices: 0, incomeGoods: 0, records: 0, visitRecords: 0, noShows: 0, clients: new Set(), fullness: 0 };
  for (const d of days) {
    p.income += d.income;
    p.incomeServices += d.incomeServices;
    p.incomeGoods += d.incomeGoods;
    p.records += d.records;
    p.visitRecords += d.visitRecords;
    p.noShows += d.noShows;
    booked += d.bookedSec;
    for (const c of d.clients) p.clients.add(c);
  }
  p.fullness = percentOf(booked, capacitySec(data) * days.length);
  return p;
}

/** First visit date (attendance 1) of every client, over the whole history. */
export function firstVisits(world: World, data: LocationData): Map<number, string> {
  return world.derived(`first-visits:${data.loc.id}`, () => {
    const out = new Map<number, string>();
    const dates = [...liveRecordsByDate(world, data).keys()].sort();
    for (const d of dates) {
      for (const r of liveRecordsByDate(world, data).get(d) ?? []) {
        if (r.attendance === 1 && r.clientId !== null && !out.has(r.clientId)) out.set(r.clientId, d);
      }
    }
    return out;
  });
}
