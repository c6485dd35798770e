/**
 * Ground truth for the BI views and the example queries, computed straight
 * from the simulator's world (its records, loyalty data and Z-reports), with
 * no SQL, so that a view and its expected answer are written twice, apart.
 * Money is integer milli-units; local dates are "YYYY-MM-DD" in the location's zone.
 */
import { DAY_MS, localDate, utcToLocal } from '../../src/simulator/time.js';
import { toMilli } from '../../src/simulator/money.js';
import type { Simulator } from '../../src/simulator/index.js';
import { addDays } from '../../src/util/dates.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { startPipeline, type Pipeline } from './pipeline.js';

export interface Appointment {
  locationId: number;
  id: number;
  visitId: number;
  clientId: number | null;
  staffId: number;
  date: string;
  startMs: number;
  hour: number;
  attendance: number;
  status: string;
  source: string;
  lengthSec: number;
  servicesPrice: number;
  goodsPrice: number;
  price: number;
}

const STATUS: Record<number, string> = { 1: 'arrived', 2: 'confirmed', 0: 'waiting', [-1]: 'no-show' };
/** `record_from` as the simulator serves it: empty for the front desk. */
const SOURCE: Record<string, string> = { admin: 'front desk', online: 'online widget', mobile: 'mobile app' };

/** Every live (not deleted) record of the world, as the `appointments` view should show it. */
export function appointmentsOf(sim: Simulator): Appointment[] {
  const out: Appointment[] = [];
  for (const data of sim.world.locations.values()) {
    const zone = data.loc.zone;
    for (const r of data.records) {
      if (r.deleted) continue;
      const sum = (kind: string) => r.lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.cost, 0);
      const local = utcToLocal(zone, r.startMs);
      out.push({
        locationId: data.loc.id,
        id: r.id,
        visitId: r.visitId,
        clientId: r.clientId,
        staffId: r.staffId,
        date: localDate(zone, r.startMs),
        startMs: r.startMs,
        hour: Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000),
        attendance: r.attendance,
        status: STATUS[r.attendance]!,
        source: SOURCE[r.source]!,
        lengthSec: r.lengthSec,
        servicesPrice: sum('service'),
        goodsPrice: sum('good'),
        price: sum('service') + sum('good'),
      });
    }
  }
  return out;
}

/** The first day of the month of a local date. */
export const monthOf = (date: string): string => `${date.slice(0, 7)}-01`;

/** First day of the month `n` months before the month of `date` (n may be 0). */
export function monthsBack(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 - n;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/** The same day `n` months earlier, clamped to the month's end as Postgres does (`date - interval 'n months'`). */
export function sameDayMonthsBack(date: string, n: number): string {
  const first = monthsBack(date, n);
  const last = addDays(monthsBack(date, n - 1), -1);
  const candidate = `${first.slice(0, 8)}${date.slice(8, 10)}`;
  return candidate > last ? last : candidate;
}

/** The database's clock and each location's local today, read in one statement. */
export async function clockOf(p: Pipeline): Promise<{ nowMs: number; today: Map<number, string> }> {
  const rows = await p.rows<{ id: string; today: string; now_ms: string }>(
    `select id, (now() at time zone timezone)::date::text as today, (extract(epoch from now()) * 1000)::bigint as now_ms from altegio.locations`,
  );
  return { nowMs: Number(rows[0]!.now_ms), today: new Map(rows.map((r) => [Number(r.id), r.today])) };
}

/** Milli-units of a numeric column as Postgres prints it (null stays null). */
export const milli = (value: string | number | null | undefined): number | null => (value === null || value === undefined ? null : toMilli(value));

/** Hundredths of a value Postgres rounded to 2 decimals (null stays null). */
export const hundredths = (value: string | null): number | null => (value === null ? null : Math.round(Number(value) * 100));

/** round(100 * part / whole, 2) as Postgres computes it, in hundredths; null when whole is 0. */
export function percentHundredths(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.floor((2 * 10_000 * part + whole) / (2 * whole));
}

/** round(amount / count, 2) of a milli amount, in hundredths; null when count is 0. */
export function averageHundredths(amountMilli: number, count: number): number | null {
  if (count === 0) return null;
  return Math.floor((2 * amountMilli + 10 * count) / (20 * count));
}

/** Groups items by a key, summing what `add` extracts. */
export function tally<T, V>(items: Iterable<T>, key: (t: T) => string | null, init: () => V, add: (acc: V, t: T) => V): Map<string, V> {
  const out = new Map<string, V>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    out.set(k, add(out.get(k) ?? init(), item));
  }
  return out;
}

/** Name parts as the `clients` table holds them (name, surname). */
export function clientName(sim: Simulator, clientId: number): string {
  const c = sim.world.findClient(clientId);
  return [c?.name, c?.surname].filter((s) => s !== undefined && s !== '').join(' ');
}

/**
 * A pipeline whose simulator's whole history (`world.days` back, a week
 * ahead) is backfilled for `streams`, and its appointments as ground truth.
 * The caller closes the pipeline.
 */
export async function backfilledWorld(world: SimulatorOptions & { days: number }, streams: string[]): Promise<{ p: Pipeline; appts: Appointment[] }> {
  const p = await startPipeline({ sim: world });
  const anchor = p.sim.truth().anchor.slice(0, 10);
  const result = await p.backfill({ from: addDays(anchor, -world.days - 1), to: addDays(anchor, 8) }, streams);
  if (!result.ok) {
    await p.close();
    throw new Error(`the backfill failed: ${JSON.stringify(result.runs.filter((r) => r.status !== 'succeeded'))}`);
  }
  return { p, appts: appointmentsOf(p.sim) };
}
