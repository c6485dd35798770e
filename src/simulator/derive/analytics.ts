/**
 * Analytics over a range of location-local dates, from the same live records as the
 * Z-report: income is what was paid, fullness is booked time over the working time
 * of active staff (11 hours a day).
 */
import { percentOf } from '../money.js';
import { datesBetween } from '../time.js';
import type { LocationData, SimRecord } from '../world/types.js';
import type { World } from '../world/world.js';
import { liveRecordsByDate, paidOf } from './views.js';

export interface DayFigures {
  date: string;
  income: number;
  incomeServices: number;
  incomeGoods: number;
  records: number;
  visitRecords: number;
  bookedSec: number;
  bySource: Record<SimRecord['source'], number>;
  byAttendance: Record<string, number>;
  /** Client ids with a visit record that day. */
  clients: Set<number>;
}

const WORK_SEC_PER_STAFF = 11 * 3600;

export function dayFigures(world: World, data: LocationData, date: string): DayFigures {
  const memo = world.derived(`day-figures:${data.loc.id}`, () => new Map<string, DayFigures>());
  let f = memo.get(date);
  if (f) return f;
  f = {
    date,
    income: 0,
    incomeServices: 0,
    incomeGoods: 0,
    records: 0,
    visitRecords: 0,
    bookedSec: 0,
    bySource: { admin: 0, online: 0, mobile: 0 },
    byAttendance: { '1': 0, '2': 0, '0': 0, '-1': 0 },
    clients: new Set(),
  };
  for (const r of liveRecordsByDate(world, data).get(date) ?? []) {
    f.records++;
    f.bookedSec += r.lengthSec;
    f.bySource[r.source]++;
    f.byAttendance[String(r.attendance)] = (f.byAttendance[String(r.attendance)] ?? 0) + 1;
    if (r.attendance === 1) {
      f.visitRecords++;
      if (r.clientId !== null) f.clients.add(r.clientId);
    }
    for (const l of r.lines) {
      const paid = paidOf(l);
      f.income += paid;
      if (l.kind === 'service') f.incomeServices += paid;
      else f.incomeGoods += paid;
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
  clients: number;
  fullness: number;
}

export function periodFigures(world: World, data: LocationData, from: string, to: string): PeriodFigures {
  const days = datesBetween(from, to).map((d) => dayFigures(world, data, d));
  const clients = new Set<number>();
  let booked = 0;
  const p: PeriodFigures = { income: 0, incomeServices: 0, incomeGoods: 0, records: 0, visitRecords: 0, clients: 0, fullness: 0 };
  for (const d of days) {
    p.income += d.income;
    p.incomeServices += d.incomeServices;
    p.incomeGoods += d.incomeGoods;
    p.records += d.records;
    p.visitRecords += d.visitRecords;
    booked += d.bookedSec;
    for (const c of d.clients) clients.add(c);
  }
  p.clients = clients.size;
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
