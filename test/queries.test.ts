import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQueriesDoc } from '../src/bi/docs.js';
import { QUERIES } from '../src/bi/queries.js';
import { toMilli } from '../src/simulator/money.js';
import { addDays } from '../src/util/dates.js';
import {
  backfilledWorld,
  averageHundredths,
  clientName,
  clockOf,
  hundredths,
  milli,
  monthOf,
  monthsBack,
  percentHundredths,
  sameDayMonthsBack,
  tally,
  type Appointment,
} from './helpers/bi-truth.js';
import type { Pipeline } from './helpers/pipeline.js';

/** 120 days of history and few visits per client: lost clients, expiring memberships, full months. */
const WORLD = { clients: 150, days: 120, locations: 2, recordsPerDay: 5 };
/** What the queries read (the per-client visits and loyalty cards are not needed, and are the slow part). */
const STREAMS = ['locations', 'staff', 'clients', 'records', 'z_reports', 'membership_types', 'memberships', 'gift_cards'];
const DAY_MS = 86_400_000;

/** The SQL exactly as docs/queries.md shows it to a reader. */
const DOCUMENTED = parseQueriesDoc(readFileSync(new URL('../docs/queries.md', import.meta.url), 'utf8'));

let p: Pipeline;
let appts: Appointment[];
beforeAll(async () => {
  ({ p, appts } = await backfilledWorld(WORLD, STREAMS));
}, 120_000);
afterAll(async () => {
  await p?.close();
});

type Row = Record<string, string | number | null>;

/** Runs a documented query; the clock is read just before, so "today" is the query's today. */
async function run(id: string) {
  const query = DOCUMENTED.get(id);
  expect(query, `docs/queries.md has no query ${id}`).toBeDefined();
  const clock = await clockOf(p);
  const rows = await p.rows<Row>(query!);
  return { rows, ...clock };
}

const arrivedWithClient = (a: Appointment) => a.attendance === 1 && a.clientId !== null;
const phoneOf = (clientId: number) => {
  const c = p.sim.world.findClient(clientId);
  return c && !c.deleted ? c.phone : null;
};
const nameOf = (clientId: number) => (p.sim.world.findClient(clientId)?.deleted === false ? clientName(p.sim, clientId) : '');
/** Epoch ms of a timestamptz as the driver returns it ("2026-12-01 10:00:00+00"). */
const instantMs = (value: unknown) => new Date(String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).getTime();

describe('docs/queries.md', () => {
  it('documents every query of src/bi/queries.ts, in order', () => {
    expect([...DOCUMENTED.keys()]).toEqual(QUERIES.map((q) => q.id));
  });

  it('revenue-last-month: Z-report and records revenue of last calendar month, per location', async () => {
    const { rows, today } = await run('revenue-last-month');
    const currencies = new Map((await p.rows<{ id: string; currency: string }>('select id, currency from altegio.locations')).map((l) => [Number(l.id), l.currency]));
    const expected = p.sim.truth().locations.map((loc) => {
      const [from, to] = [monthsBack(today.get(loc.id)!, 1), monthsBack(today.get(loc.id)!, 0)];
      let z = 0;
      let records = 0;
      let difference = 0;
      for (const [date, report] of Object.entries(loc.zReports)) {
        if (date < from || date >= to) continue;
        const s = report.stats;
        const paid = toMilli(s.targets_paid) + toMilli(s.goods_paid) + toMilli(s.certificates_paid) + toMilli(s.abonement_paid);
        const day = appts.filter((a) => a.locationId === loc.id && a.date === date && a.attendance === 1).reduce((sum, a) => sum + a.price, 0);
        z += paid;
        records += day;
        difference += paid - day;
      }
      return { location: loc.id, currency: currencies.get(loc.id), z, records, difference };
    });
    expect(rows.map((r) => ({ location: Number(r.location_id), currency: r.currency, z: milli(r.zreport_revenue), records: milli(r.records_revenue), difference: milli(r.difference) }))).toEqual(expected);
    expect(expected.every((e) => e.records > 0)).toBe(true);
  });

  it('top-clients: the five best clients of each location over 12 months', async () => {
    const { rows, today } = await run('top-clients');
    const recent = appts.filter((a) => arrivedWithClient(a) && a.date >= sameDayMonthsBack(today.get(a.locationId)!, 12));
    const perClient = tally(recent, (a) => `${a.locationId}|${a.clientId}`, () => ({ visits: new Set<number>(), revenue: 0 }), (e, a) => (e.visits.add(a.visitId), { ...e, revenue: e.revenue + a.price }));
    const expected = [...perClient]
      .map(([key, e]) => ({ location: Number(key.split('|')[0]), client: Number(key.split('|')[1]), visits: e.visits.size, revenue: e.revenue }))
      .sort((a, b) => a.location - b.location || b.revenue - a.revenue || a.client - b.client)
      .filter((e, i, all) => all.filter((o, j) => j < i && o.location === e.location).length < 5)
      .map((e, i, all) => ({ ...e, rank: all.filter((o, j) => j <= i && o.location === e.location).length, name: nameOf(e.client), phone: phoneOf(e.client) }));
    expect(rows.map((r) => ({ location: Number(r.location_id), client: Number(r.client_id), visits: r.visits, revenue: milli(r.revenue), rank: Number(r.rank), name: r.client, phone: r.phone }))).toEqual(expected);
  });

  it('no-show-rate: no-shows over outcomes per team member, last 90 days', async () => {
    const { rows, today, nowMs } = await run('no-show-rate');
    const recent = appts.filter((a) => a.date >= addDays(today.get(a.locationId)!, -90) && a.startMs < nowMs);
    const perStaff = tally(recent, (a) => `${a.locationId}|${a.staffId}`, () => ({ arrived: 0, noShows: 0 }), (e, a) => ({ arrived: e.arrived + (a.attendance === 1 ? 1 : 0), noShows: e.noShows + (a.attendance === -1 ? 1 : 0) }));
    const expected = [...perStaff]
      .map(([key, e]) => {
        const [location, staff] = key.split('|').map(Number) as [number, number];
        const name = p.sim.world.location(location)!.staff.find((s) => s.id === staff)!.name;
        return { location, staff, name, ...e, percent: percentHundredths(e.noShows, e.arrived + e.noShows) };
      })
      .sort((a, b) => (b.percent ?? -1) - (a.percent ?? -1) || a.location - b.location || a.staff - b.staff);
    expect(rows.map((r) => ({ location: Number(r.location_id), staff: Number(r.staff_id), name: r.team_member, arrived: r.arrived, noShows: r.no_shows, percent: hundredths(r.no_show_percent as string | null) }))).toEqual(expected);
    expect(expected.some((e) => e.noShows > 0)).toBe(true);
  });

  it('memberships-expiring: memberships with visits left expiring within 30 days', async () => {
    const { rows, nowMs } = await run('memberships-expiring');
    const types = new Map(p.sim.world.chain.membershipTypes.map((t) => [t.id, t.title]));
    const expected = p.sim.world.chain.memberships
      .filter((m) => m.visitsLeft > 0 && m.expirationMs > nowMs && m.expirationMs <= nowMs + 30 * DAY_MS)
      .sort((a, b) => a.expirationMs - b.expirationMs || a.id - b.id)
      .map((m) => ({ id: m.id, type: types.get(m.typeId), client: m.clientId, name: nameOf(m.clientId), visitsLeft: m.visitsLeft, expiresMs: m.expirationMs }));
    expect(rows.map((r) => ({ id: Number(r.membership_id), type: r.membership_type, client: Number(r.client_id), name: r.client, visitsLeft: r.visits_left, expiresMs: instantMs(r.expires_at) }))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('average-ticket: revenue per visit per location and month, three months', async () => {
    const { rows, today } = await run('average-ticket');
    const recent = appts.filter((a) => a.attendance === 1 && a.date >= monthsBack(today.get(a.locationId)!, 2));
    const perMonth = tally(recent, (a) => `${a.locationId}|${monthOf(a.date)}`, () => ({ visits: new Set<number>(), revenue: 0 }), (e, a) => (e.visits.add(a.visitId), { ...e, revenue: e.revenue + a.price }));
    const expected = [...perMonth].sort(([a], [b]) => a.localeCompare(b)).map(([key, e]) => ({ key, visits: e.visits.size, revenue: e.revenue, average: averageHundredths(e.revenue, e.visits.size) }));
    expect(rows.map((r) => ({ key: `${r.location_id}|${String(r.month)}`, visits: r.visits, revenue: milli(r.revenue), average: hundredths(r.average_ticket as string) }))).toEqual(expected);
    expect(expected.length).toBe(3 * WORLD.locations);
  });

  it('busiest-hours: appointments by local starting hour over the last 28 complete days', async () => {
    const { rows, today } = await run('busiest-hours');
    const recent = appts.filter((a) => a.date >= addDays(today.get(a.locationId)!, -28) && a.date < today.get(a.locationId)!);
    const perHour = tally(recent, (a) => `${a.locationId}|${a.hour}`, () => 0, (n) => n + 1);
    const expected = [...perHour]
      .map(([key, n]) => ({ location: Number(key.split('|')[0]), hour: Number(key.split('|')[1]), n, perDay: averageHundredths(n * 1000, 28) }))
      .sort((a, b) => a.location - b.location || b.n - a.n || a.hour - b.hour);
    expect(rows.map((r) => ({ location: Number(r.location_id), hour: r.hour, n: r.appointments, perDay: hundredths(r.per_day as string) }))).toEqual(expected);
  });

  it('gift-card-liability: unspent balances of unexpired gift cards', async () => {
    const { rows, nowMs } = await run('gift-card-liability');
    const world = p.sim.world;
    const cards = world.chain.giftCards.filter((g) => world.findClient(g.clientId)?.deleted === false && g.balance > 0 && g.expirationMs > nowMs);
    const expected = [...tally(cards, (g) => String(g.locId), () => ({ n: 0, balance: 0, sold: 0 }), (e, g) => ({ n: e.n + 1, balance: e.balance + g.balance, sold: e.sold + g.defaultBalance }))]
      .map(([loc, e]) => ({ location: Number(loc), ...e }))
      .sort((a, b) => a.location - b.location);
    expect(rows.map((r) => ({ location: Number(r.location_id), n: r.gift_cards, balance: milli(r.outstanding), sold: milli(r.sold_for) }))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('clients-lost: live clients whose last visit is over 90 days ago with nothing booked since', async () => {
    const { rows, today } = await run('clients-lost');
    const visits = tally(appts.filter(arrivedWithClient), (a) => `${a.locationId}|${a.clientId}`, () => ({ last: '', visits: new Set<number>(), revenue: 0 }), (e, a) => (e.visits.add(a.visitId), { ...e, last: a.date > e.last ? a.date : e.last, revenue: e.revenue + a.price }));
    const expected = [...visits]
      .map(([key, e]) => ({ location: Number(key.split('|')[0]), client: Number(key.split('|')[1]), last: e.last, visits: e.visits.size, revenue: e.revenue }))
      .filter((e) => p.sim.world.findClient(e.client)?.deleted === false)
      .filter((e) => e.last < addDays(today.get(e.location)!, -90))
      .filter((e) => !appts.some((a) => a.locationId === e.location && a.clientId === e.client && a.date > e.last))
      .sort((a, b) => b.revenue - a.revenue || a.location - b.location || a.client - b.client);
    expect(rows.map((r) => ({ location: Number(r.location_id), client: Number(r.client_id), last: String(r.last_visit), visits: r.visits, revenue: milli(r.revenue) }))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('revenue-by-account: last month\'s Z-report payments by payment account', async () => {
    const { rows, today } = await run('revenue-by-account');
    const expected = p.sim.truth().locations.flatMap((loc) => {
      const [from, to] = [monthsBack(today.get(loc.id)!, 1), monthsBack(today.get(loc.id)!, 0)];
      const byAccount = new Map<string, number>();
      for (const [date, z] of Object.entries(loc.zReports)) {
        if (date < from || date >= to) continue;
        for (const [title, amount] of Object.entries(z.accounts)) byAccount.set(title, (byAccount.get(title) ?? 0) + toMilli(amount));
      }
      return [...byAccount].map(([account, received]) => ({ location: loc.id, account, received })).sort((a, b) => b.received - a.received || a.account.localeCompare(b.account));
    });
    expect(rows.map((r) => ({ location: Number(r.location_id), account: r.account, received: milli(r.received) }))).toEqual(expected);
    expect(rows.length).toBeGreaterThan(WORLD.locations);
  });

  it('new-clients-per-month: new, returning and came-back clients per month, last 12 months', async () => {
    const { rows, today } = await run('new-clients-per-month');
    const days = tally(appts.filter(arrivedWithClient), (a) => `${a.locationId}|${a.clientId}`, () => new Set<string>(), (s, a) => s.add(a.date));
    const perMonth = new Map<string, { fresh: number; returning: number; cameBack: number }>();
    for (const [key, dates] of days) {
      const location = Number(key.split('|')[0]);
      const sorted = [...dates].sort();
      for (const month of new Set(sorted.map(monthOf))) {
        if (month < monthsBack(today.get(location)!, 11)) continue;
        const k = `${location}|${month}`;
        const e = perMonth.get(k) ?? { fresh: 0, returning: 0, cameBack: 0 };
        const isNew = month === monthOf(sorted[0]!);
        perMonth.set(k, { fresh: e.fresh + (isNew ? 1 : 0), returning: e.returning + (isNew ? 0 : 1), cameBack: e.cameBack + (isNew && sorted.length > 1 ? 1 : 0) });
      }
    }
    const expected = [...perMonth].sort(([a], [b]) => a.localeCompare(b)).map(([key, e]) => ({ key, ...e, rate: percentHundredths(e.cameBack, e.fresh) }));
    expect(rows.map((r) => ({ key: `${r.location_id}|${String(r.month)}`, fresh: r.new_clients, returning: r.returning_clients, cameBack: r.new_came_back, rate: hundredths(r.return_rate_percent as string | null) }))).toEqual(expected);
  });
});
