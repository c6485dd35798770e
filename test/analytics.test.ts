import { afterEach, describe, expect, it } from 'vitest';
import type { PassResult } from '../src/sync/pass.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const ANALYTICS = ['analytics_overall', 'analytics_daily', 'loyalty_analytics'];

function totals(result: PassResult, streams: string[] = ANALYTICS) {
  const runs = result.runs.filter((r) => streams.includes(r.stream));
  const sum = (k: 'inserted' | 'updated' | 'rejected' | 'requests') => runs.reduce((n, r) => n + r[k], 0);
  return { written: sum('inserted') + sum('updated'), rejected: sum('rejected'), requests: sum('requests') };
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const localDay = (ms: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
const eachDate = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

/** The location's clients in a loyalty program: holders of a card whose type lists it, straight from the world. */
function programMembers(pipeline: Pipeline, locationId: number, programId: number): Set<number> {
  const chain = pipeline.sim.world.chain;
  const types = new Set(chain.cardTypes.filter((t) => t.programIds.includes(programId)).map((t) => t.id));
  const data = pipeline.sim.world.location(locationId)!;
  return new Set(chain.loyaltyCards.filter((c) => c.locId === locationId && types.has(c.typeId) && data.clientById.get(c.clientId)?.deleted === false).map((c) => c.clientId));
}

/** The loyalty programs of a location, straight from the world (none where it has no loyalty module). */
function programsOf(pipeline: Pipeline, locationId: number): number[] {
  if (pipeline.sim.options.account.noLoyalty.includes(locationId)) return [];
  return pipeline.sim.world.chain.programs.filter((g) => g.locIds.includes(locationId)).map((g) => g.id).sort((a, b) => a - b);
}

/** Visits of a program's clients who came (attendance 1) on a local day, straight from the world. */
function clientVisits(pipeline: Pipeline, locationId: number, timeZone: string, date: string, members: Set<number>): number {
  const data = pipeline.sim.world.location(locationId)!;
  const visits = new Set<number>();
  for (const r of data.records) {
    if (!r.deleted && r.attendance === 1 && r.clientId !== null && members.has(r.clientId) && localDay(r.startMs, timeZone) === date) visits.add(r.visitId);
  }
  return visits.size;
}

type Day = { date: string; income_total: string; income_services: string; records: number; currency: string };
type ProgramDay = { date: string; program_id: string; staff: string; visits: number | null };

/**
 * Every day of `dates` against the ground truth. The simulator's truth has no
 * analytics section: revenue and appointments are the Z-report's (paid
 * services + goods of the day; its live records), visits come from the world.
 */
async function expectDays(pipeline: Pipeline, dates: string[]): Promise<void> {
  const truth = pipeline.sim.truth();
  for (const loc of truth.locations) {
    const days = await pipeline.rows<Day>(
      `select date::text, income_total::numeric(20,3)::text as income_total, income_services::text, records, currency
         from altegio.analytics_overall where location_id = ${loc.id} and date between '${dates[0]}' and '${dates.at(-1)}' order by date`,
    );
    expect(days.map((d) => d.date)).toEqual(dates);
    const programs = await pipeline.rows<ProgramDay>(
      `select l.date::text, l.program_id::text,
              (select count(*) from altegio.loyalty_analytics_staff s
                where s.location_id = l.location_id and s.date = l.date and s.program_id = l.program_id)::text as staff,
              l.new_visits + l.old_visits as visits
         from altegio.loyalty_analytics l where l.location_id = ${loc.id} order by l.date, l.program_id`,
    );
    const charts = await pipeline.rows<{ date: string; chart: string; label: string; value: string }>(
      `select date::text, chart, label, value::text from altegio.analytics_daily where location_id = ${loc.id} order by label`,
    );
    for (const day of days) {
      const z = loc.zReports[day.date];
      const income = z?.total.accounts ?? '0.000';
      const records = z?.stats.records ?? 0;
      expect(day.income_total).toBe(income);
      expect(Number(day.income_services)).toBe(z?.stats.targets_paid ?? 0);
      expect(day.records).toBe(records);
      expect(day.currency).toBe(loc.currency);
      const ofDay = programs.filter((g) => g.date === day.date);
      expect(ofDay.map((g) => Number(g.program_id))).toEqual(programsOf(pipeline, loc.id));
      for (const g of ofDay) {
        expect(Number(g.staff)).toBe(loc.staff.count);
        expect(g.visits).toBe(clientVisits(pipeline, loc.id, loc.timezone, day.date, programMembers(pipeline, loc.id, Number(g.program_id))));
      }
      const of = (chart: string) => charts.filter((c) => c.date === day.date && c.chart === chart);
      const total = (chart: string) => of(chart).reduce((s, c) => s + Number(c.value), 0);
      const value = (chart: string, label: string) => Number(of(chart).find((c) => c.label === label)?.value);
      expect(of('income_daily').map((c) => c.label)).toEqual(['income_goods', 'income_services', 'income_total']);
      expect(value('income_daily', 'income_total')).toBe(Number(income));
      expect(value('records_daily', 'Number of appointments')).toBe(records);
      expect(total('record_source')).toBe(records);
      expect(total('record_status')).toBe(records);
      expect(value('record_status', 'Came')).toBe(z?.stats.visit_records ?? 0);
      expect(of('fullness_daily').map((c) => c.label)).toEqual(['fullness_no_show', 'fullness_spent']);
    }
  }
}

/** Programs of every location of the world. */
function truthPrograms(pipeline: Pipeline): number {
  return pipeline.sim.truth().locations.reduce((n, l) => n + programsOf(pipeline, l.id).length, 0);
}

/** The programs stream first: the loyalty analytics ask for each program it lists. */
const WITH_PROGRAMS = ['loyalty_programs', ...ANALYTICS];

describe('analytics streams', () => {
  it('a backfill loads each day of the window exactly, with few requests, and a second one rewrites nothing', async () => {
    p = await startPipeline({ sim: { clients: 60, days: 10 } });
    const anchor = p.sim.truth().anchor.slice(0, 10);
    const window = { from: addDays(anchor, -9), to: addDays(anchor, 2) };
    const first = await p.backfill(window, WITH_PROGRAMS);
    expect(first.ok).toBe(true);
    expect(totals(first).rejected).toBe(0);
    await expectDays(p, eachDate(window.from, window.to));

    // Per location: 12 one-day calls of key metrics; the three daily charts once per
    // 7-day chunk (2 chunks) plus the two structure charts per day; two loyalty reports a day per program.
    for (const loc of p.sim.truth().locations) {
      const requests = (stream: string) => first.runs.find((r) => r.stream === stream && r.scope === `location:${loc.id}`)!.requests;
      const programs = programsOf(p, loc.id).length;
      expect([requests('analytics_overall'), requests('analytics_daily'), requests('loyalty_analytics')]).toEqual([12, 2 * 3 + 12 * 2, 12 * 2 * programs]);
    }

    const second = await p.backfill(window, WITH_PROGRAMS);
    expect(second.ok).toBe(true);
    expect(totals(second).written).toBe(0);
  });

  it('re-reads the recent days after a change, and a re-run rewrites nothing', async () => {
    p = await startPipeline({ sim: { clients: 60, days: 10, locations: 2 } });
    expect((await p.sync(WITH_PROGRAMS)).ok).toBe(true);
    const loc = p.sim.truth().locations[0]!;
    const world = p.sim.world;
    const today = localDay(world.now(), loc.timezone);
    const yesterday = addDays(today, -1);
    const data = world.location(loc.id)!;
    const before = loc.zReports[today]?.total.accounts ?? '0.000';
    const client = data.clients.find((c) => !c.deleted)!;
    // A client comes in today and pays; yesterday's first paid appointment is cancelled.
    p.sim.mutate.addRecord(loc.id, { clientId: client.id, attendance: 1, startAt: new Date(world.now()) });
    const cancelled = data.records.find((r) => !r.deleted && r.attendance === 1 && localDay(r.startMs, loc.timezone) === yesterday)!;
    p.sim.mutate.deleteRecord(loc.id, cancelled.id);
    expect(p.sim.truth().locations[0]!.zReports[today]!.total.accounts).not.toBe(before);

    const second = await p.sync(WITH_PROGRAMS);
    expect(second.ok).toBe(true);
    expect(totals(second).rejected).toBe(0);
    // Three recent days a location: 3 key-metric calls, 3 + 3 × 2 chart calls, 3 × 2 loyalty calls per program.
    const programs = truthPrograms(p);
    expect(totals(second).requests).toBe(2 * (3 + 9) + 3 * 2 * programs);
    await expectDays(p, eachDate(addDays(today, -2), today));

    const mark = new Date().toISOString();
    const third = await p.sync(WITH_PROGRAMS);
    expect(totals(third).written).toBe(0);
    const [logged] = await p.rows<{ runs: string; n: string }>(
      `select count(*) as runs, coalesce(sum(rows_written), 0) as n from altegio.sync_runs where started_at >= '${mark}'`,
    );
    expect([Number(logged!.runs), Number(logged!.n)]).toEqual([8, 0]);
  });
});
