import { randomUUID } from 'node:crypto';
import { getViewConfig } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BI_VIEWS } from '../src/bi/views.js';
import { grantReader } from '../src/db/reader-role.js';
import { appointmentsDaily } from '../src/db/schema/bi.js';
import { toMilli } from '../src/simulator/money.js';
import {
  backfilledWorld,
  averageHundredths,
  clockOf,
  hundredths,
  milli,
  monthOf,
  percentHundredths,
  tally,
  type Appointment,
} from './helpers/bi-truth.js';
import { ADMIN_URL } from './helpers/postgres.js';
import type { Pipeline } from './helpers/pipeline.js';

/** 120 days of history, few visits per client: months with new, returning and lost clients. */
const WORLD = { clients: 150, days: 120, locations: 2, recordsPerDay: 5 };
/** What the views read (the per-client visits and loyalty cards are not needed, and are the slow part). */
const STREAMS = ['locations', 'staff', 'clients', 'records', 'z_reports', 'memberships', 'gift_cards', 'analytics_overall', 'analytics_daily'];

let p: Pipeline;
let appts: Appointment[];
beforeAll(async () => {
  ({ p, appts } = await backfilledWorld(WORLD, STREAMS));
}, 120_000);
const reader = `altegio_bi_reader_${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  await p?.close();
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop role if exists ${reader}`);
  await admin.end();
});

const arrived = (a: Appointment) => a.attendance === 1;

describe('BI views', () => {
  it('declare exactly the columns the database has, in order', async () => {
    for (const view of BI_VIEWS) {
      const { name, schema, selectedFields } = getViewConfig(view);
      const declared = Object.values(selectedFields).map((c) => (c as { name: string }).name);
      const actual = await p.rows<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = '${schema}' and table_name = '${name}' order by ordinal_position`,
      );
      expect(actual.map((c) => c.column_name), name).toEqual(declared);
    }
  });

  it('appointments: every live record once, in local time, with the price of its lines', async () => {
    const rows = await p.rows<Record<string, string | number | boolean | null>>(
      `select record_id, date::text, hour, status, source, length_seconds, services_price::text, goods_price::text, price::text,
              (extract(epoch from starts_at) * 1000)::bigint::text as starts_ms from altegio_bi.appointments order by record_id`,
    );
    const expected = [...appts].sort((a, b) => a.id - b.id);
    expect(rows.map((r) => Number(r.record_id))).toEqual(expected.map((a) => a.id));
    const got = rows.map((r) => ({
      id: Number(r.record_id),
      date: r.date,
      hour: r.hour,
      status: r.status,
      source: r.source,
      lengthSec: r.length_seconds,
      startMs: Number(r.starts_ms),
      servicesPrice: milli(r.services_price as string),
      goodsPrice: milli(r.goods_price as string),
      price: milli(r.price as string),
    }));
    expect(got).toEqual(
      expected.map((a) => ({ id: a.id, date: a.date, hour: a.hour, status: a.status, source: a.source, lengthSec: a.lengthSec, startMs: a.startMs, servicesPrice: a.servicesPrice, goodsPrice: a.goodsPrice, price: a.price })),
    );
  });

  it('daily_revenue: Z-report and records side by side for every local day, with the difference', async () => {
    const truth = p.sim.truth();
    const expected = new Map<string, { z: number | null; received: number | null; records: number; arrived: number }>();
    for (const loc of truth.locations) {
      for (const [date, z] of Object.entries(loc.zReports)) {
        const s = z.stats;
        const paid = toMilli(s.targets_paid) + toMilli(s.goods_paid) + toMilli(s.certificates_paid) + toMilli(s.abonement_paid);
        expected.set(`${loc.id}|${date}`, { z: paid, received: toMilli(z.total.accounts), records: 0, arrived: 0 });
      }
    }
    for (const a of appts.filter(arrived)) {
      const key = `${a.locationId}|${a.date}`;
      const e = expected.get(key) ?? { z: null, received: null, records: 0, arrived: 0 };
      expected.set(key, { ...e, records: e.records + a.price, arrived: e.arrived + 1 });
    }
    const rows = await p.rows<{ location_id: string; date: string; zreport_revenue: string | null; zreport_received: string | null; records_revenue: string; difference: string | null; arrived_records: number; currency: string }>(
      `select location_id, date::text, zreport_revenue, zreport_received, records_revenue, difference, arrived_records, currency from altegio_bi.daily_revenue`,
    );
    const currencies = new Map((await p.rows<{ id: string; currency: string }>('select id, currency from altegio.locations')).map((l) => [Number(l.id), l.currency]));
    const got = new Map(rows.map((r) => [`${r.location_id}|${r.date}`, { z: milli(r.zreport_revenue), received: milli(r.zreport_received), records: milli(r.records_revenue)!, arrived: r.arrived_records }]));
    // The backfill window is wider than the simulated history: the days around it are empty reports.
    const zero = { z: 0, received: 0, records: 0, arrived: 0 };
    for (const [key, value] of got) if (!expected.has(key)) expect(value, key).toEqual(zero);
    expect(new Map([...got].filter(([key]) => expected.has(key)))).toEqual(expected);
    for (const r of rows) {
      const diff = r.zreport_revenue === null ? null : milli(r.zreport_revenue)! - milli(r.records_revenue)!;
      expect(milli(r.difference)).toBe(diff);
      expect(r.currency).toBe(currencies.get(Number(r.location_id)));
    }
    // The simulator leaves some visits partly unpaid and some tipped: the two sources must disagree somewhere.
    expect(rows.some((r) => r.difference !== null && milli(r.difference) !== 0)).toBe(true);
  });

  it('appointments_daily: live appointments by local day, status and source', async () => {
    const expected = tally(appts, (a) => `${a.locationId}|${a.date}|${a.status}|${a.source}`, () => 0, (n) => n + 1);
    const rows = await p.rows<{ location_id: string; date: string; status: string; source: string; appointments: number }>(
      `select location_id, date::text, status, source, appointments from ${getViewConfig(appointmentsDaily).schema}.appointments_daily`,
    );
    expect(new Map(rows.map((r) => [`${r.location_id}|${r.date}|${r.status}|${r.source}`, r.appointments]))).toEqual(expected);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['arrived', 'confirmed', 'waiting', 'no-show']));
  });

  it('client_return_monthly: new and returning clients per month, and how many new ones came back', async () => {
    const days = tally(appts.filter((a) => arrived(a) && a.clientId !== null), (a) => `${a.locationId}|${a.clientId}`, () => new Set<string>(), (s, a) => s.add(a.date));
    const expected = new Map<string, { clients: number; fresh: number; returning: number; cameBack: number }>();
    for (const [key, dates] of days) {
      const sorted = [...dates].sort();
      const first = monthOf(sorted[0]!);
      for (const month of new Set(sorted.map(monthOf))) {
        const k = `${key.split('|')[0]}|${month}`;
        const e = expected.get(k) ?? { clients: 0, fresh: 0, returning: 0, cameBack: 0 };
        const isNew = month === first;
        expected.set(k, { clients: e.clients + 1, fresh: e.fresh + (isNew ? 1 : 0), returning: e.returning + (isNew ? 0 : 1), cameBack: e.cameBack + (isNew && sorted.length > 1 ? 1 : 0) });
      }
    }
    const rows = await p.rows<{ location_id: string; month: string; clients: number; new_clients: number; returning_clients: number; new_came_back: number; return_rate_percent: string | null }>(
      `select location_id, month::text, clients, new_clients, returning_clients, new_came_back, return_rate_percent from altegio_bi.client_return_monthly`,
    );
    expect(new Map(rows.map((r) => [`${r.location_id}|${r.month}`, { clients: r.clients, fresh: r.new_clients, returning: r.returning_clients, cameBack: r.new_came_back }]))).toEqual(expected);
    for (const r of rows) expect(hundredths(r.return_rate_percent)).toBe(percentHundredths(r.new_came_back, r.new_clients));
    expect(rows.some((r) => r.returning_clients > 0 && r.new_clients > 0)).toBe(true);
  });

  it('staff_monthly: appointments, no-shows, visits, revenue and average ticket per team member and month', async () => {
    const expected = tally(
      appts,
      (a) => `${a.locationId}|${a.staffId}|${monthOf(a.date)}`,
      () => ({ appointments: 0, arrived: 0, noShows: 0, visits: new Set<number>(), revenue: 0 }),
      (e, a) => {
        e.appointments++;
        if (a.attendance === -1) e.noShows++;
        if (arrived(a)) {
          e.arrived++;
          e.visits.add(a.visitId);
          e.revenue += a.price;
        }
        return e;
      },
    );
    const rows = await p.rows<{ location_id: string; staff_id: string; staff_name: string | null; month: string; appointments: number; arrived: number; no_shows: number; no_show_percent: string | null; visits: number; revenue: string; average_ticket: string | null }>(
      `select location_id, staff_id, staff_name, month::text, appointments, arrived, no_shows, no_show_percent, visits, revenue, average_ticket from altegio_bi.staff_monthly`,
    );
    expect(rows.length).toBe(expected.size);
    for (const r of rows) {
      const e = expected.get(`${r.location_id}|${r.staff_id}|${r.month}`);
      expect(e, `${r.location_id}|${r.staff_id}|${r.month}`).toBeDefined();
      expect({ appointments: r.appointments, arrived: r.arrived, noShows: r.no_shows, visits: r.visits, revenue: milli(r.revenue) }).toEqual({ ...e!, visits: e!.visits.size });
      expect(hundredths(r.no_show_percent)).toBe(percentHundredths(e!.noShows, e!.arrived + e!.noShows));
      expect(hundredths(r.average_ticket)).toBe(averageHundredths(e!.revenue, e!.visits.size));
      expect(r.staff_name).toBe(p.sim.world.location(Number(r.location_id))!.staff.find((s) => s.id === Number(r.staff_id))!.name);
    }
  });

  it('loyalty_liability: unspent gift card balances and membership visits, as of now', async () => {
    const { nowMs } = await clockOf(p);
    const world = p.sim.world;
    const live = (clientId: number) => world.findClient(clientId)?.deleted === false;
    const cards = world.chain.giftCards.filter((g) => live(g.clientId) && g.balance > 0 && g.expirationMs > nowMs);
    const memberships = world.chain.memberships.filter((m) => m.visitsLeft > 0 && m.expirationMs > nowMs);
    const expected = new Map<string, unknown>();
    for (const [k, v] of tally(cards, (g) => `${g.locId}|gift card`, () => ({ items: 0, balance: 0, visitsLeft: null as number | null, soldFor: 0 }), (e, g) => ({ ...e, items: e.items + 1, balance: e.balance + g.balance, soldFor: e.soldFor + g.defaultBalance }))) expected.set(k, v);
    for (const [k, v] of tally(memberships, (m) => `${m.locId}|membership`, () => ({ items: 0, balance: null as number | null, visitsLeft: 0, soldFor: 0 }), (e, m) => ({ ...e, items: e.items + 1, visitsLeft: e.visitsLeft + m.visitsLeft, soldFor: e.soldFor + m.cost }))) expected.set(k, v);
    const rows = await p.rows<{ location_id: string; kind: string; items: number; balance: string | null; visits_left: number | null; sold_for: string }>(
      `select location_id, kind, items, balance, visits_left, sold_for from altegio_bi.loyalty_liability`,
    );
    expect(new Map(rows.map((r) => [`${r.location_id}|${r.kind}`, { items: r.items, balance: milli(r.balance), visitsLeft: r.visits_left, soldFor: milli(r.sold_for) }]))).toEqual(expected);
    expect(cards.length).toBeGreaterThan(0);
    expect(memberships.length).toBeGreaterThan(0);
  });

  it('occupancy_daily: the API\'s occupancy with the booked hours of the records', async () => {
    const world = p.sim.world;
    const rows = await p.rows<{ location_id: string; date: string; occupancy_percent: string | null; appointments: number; booked_hours: string }>(
      `select location_id, date::text, occupancy_percent, appointments, booked_hours from altegio_bi.occupancy_daily`,
    );
    const booked = tally(appts, (a) => `${a.locationId}|${a.date}`, () => ({ n: 0, sec: 0 }), (e, a) => ({ n: e.n + 1, sec: e.sec + a.lengthSec }));
    const analyticsDays = new Set((await p.rows<{ k: string }>(`select location_id || '|' || date as k from altegio.analytics_overall`)).map((r) => r.k));
    expect(new Set(rows.map((r) => `${r.location_id}|${r.date}`))).toEqual(new Set([...booked.keys(), ...analyticsDays]));
    for (const r of rows) {
      const b = booked.get(`${r.location_id}|${r.date}`) ?? { n: 0, sec: 0 };
      const data = world.location(Number(r.location_id))!;
      // The simulator's definition of the API's figure: booked time over 11 working hours per active team member.
      const capacity = data.staff.filter((s) => !s.fired).length * 11 * 3600;
      expect({ n: r.appointments, hours: hundredths(r.booked_hours), pct: hundredths(r.occupancy_percent) }).toEqual({
        n: b.n,
        hours: averageHundredths(b.sec * 1000, 3600),
        pct: capacity === 0 ? 0 : Math.round((b.sec / capacity) * 10_000),
      });
    }
  });

  it('the read-only role of grant-reader reads every view and cannot change them', async () => {
    await grantReader(p.warehouse, reader, `pw-${randomUUID()}`);
    const url = new URL(p.config.databaseUrl!);
    url.username = reader;
    const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    try {
      for (const view of BI_VIEWS) await expect(sql.unsafe(`select count(*) from altegio_bi.${getViewConfig(view).name}`)).resolves.toBeDefined();
      await expect(sql.unsafe('create or replace view altegio_bi.daily_revenue as select 1 as x')).rejects.toThrow(/must be owner|permission denied|read-only transaction/);
    } finally {
      await sql.end();
    }
  });
});
