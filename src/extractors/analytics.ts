import type { AltegioClient } from '../altegio/client.js';
import { AltegioMalformedResponseError } from '../errors.js';
import type { DateWindow } from '../sync/types.js';

/**
 * Analytics of a location over location-local dates, both included
 * (`date_from`, `date_to`). Each call aggregates its whole range, so a figure
 * "of a day" is a call for that day; only the `*_daily` charts split a range
 * into days by themselves.
 */

/** Charts with one point per day of the range. */
export const DAILY_CHARTS = ['income_daily', 'records_daily', 'fullness_daily'] as const;
/** Charts with one point per category, summed over the range. */
export const STRUCTURE_CHARTS = ['record_source', 'record_status'] as const;
export type Chart = (typeof DAILY_CHARTS)[number] | (typeof STRUCTURE_CHARTS)[number];

const range = (window: DateWindow) => ({ date_from: window.from, date_to: window.to });

/** Key metrics: `GET /company/{loc}/analytics/overall`. */
export async function extractOverall(client: AltegioClient, locationId: number, window: DateWindow): Promise<unknown> {
  const { data } = await client.get(`/company/${locationId}/analytics/overall`, range(window));
  return data;
}

/**
 * One chart: `GET /company/{loc}/analytics/overall/charts/{chart}`. The
 * answer is a bare list with no envelope: daily charts `[{ label, slug?,
 * data: [[x, value]] }]` (x in epoch milliseconds at 00:00 UTC of the day),
 * structure charts `[{ label, data: value }]`. An answer seen wrapped in
 * `{ data: [...] }` is read too.
 */
export async function extractChart(client: AltegioClient, locationId: number, chart: Chart, window: DateWindow): Promise<unknown[]> {
  const { data } = await client.get(`/company/${locationId}/analytics/overall/charts/${chart}`, range(window), { bareBody: true });
  const wrapped = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as { data?: unknown }).data : undefined;
  const series = Array.isArray(data) ? data : wrapped;
  if (!Array.isArray(series)) {
    const endpoint = 'GET /company/{loc}/analytics/overall/charts/{chart}';
    throw new AltegioMalformedResponseError(`${endpoint}: ${chart} is not a list of series`, endpoint);
  }
  return series;
}

/** The query of a loyalty program's analytics: the reference requires the program, and one program is asked at a time. */
const programRange = (programId: number, window: DateWindow) => ({ ...range(window), loyalty_program_id: programId });

/**
 * `{ client_stats, visits_stats_by_day }` of one loyalty program:
 * `GET /company/{loc}/analytics/loyalty_programs/visits`. The by-day
 * statistics are sent only when asked for (`include[]=visits_stats_by_day`).
 */
export async function extractLoyaltyVisits(client: AltegioClient, locationId: number, programId: number, window: DateWindow): Promise<unknown> {
  const query = { ...programRange(programId, window), 'include[]': ['visits_stats_by_day'] };
  const { data } = await client.get(`/company/${locationId}/analytics/loyalty_programs/visits`, query);
  return data;
}

/** `[{ staff: { id, name }, client_stats }]` of one loyalty program: `GET /company/{loc}/analytics/loyalty_programs/staff`. */
export async function extractLoyaltyStaff(client: AltegioClient, locationId: number, programId: number, window: DateWindow): Promise<unknown[]> {
  const { data } = await client.get(`/company/${locationId}/analytics/loyalty_programs/staff`, programRange(programId, window));
  if (!Array.isArray(data)) {
    const endpoint = 'GET /company/{loc}/analytics/loyalty_programs/staff';
    throw new AltegioMalformedResponseError(`${endpoint}: data is not a list`, endpoint);
  }
  return data;
}
