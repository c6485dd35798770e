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

/** One chart's series `[{ label, data: [[x, value]] }]`: `GET /company/{loc}/analytics/overall/charts/{chart}`. */
export async function extractChart(client: AltegioClient, locationId: number, chart: Chart, window: DateWindow): Promise<unknown[]> {
  const { data } = await client.get(`/company/${locationId}/analytics/overall/charts/${chart}`, range(window));
  if (!Array.isArray(data)) {
    const endpoint = 'GET /company/{loc}/analytics/overall/charts/{chart}';
    throw new AltegioMalformedResponseError(`${endpoint}: ${chart} is not a list of series`, endpoint);
  }
  return data;
}

/** `{ client_stats, visits_stats_by_day }`: `GET /company/{loc}/analytics/loyalty_programs/visits`. */
export async function extractLoyaltyVisits(client: AltegioClient, locationId: number, window: DateWindow): Promise<unknown> {
  const { data } = await client.get(`/company/${locationId}/analytics/loyalty_programs/visits`, range(window));
  return data;
}

/** `[{ staff_id, staff_name, client_stats }]`: `GET /company/{loc}/analytics/loyalty_programs/staff`. */
export async function extractLoyaltyStaff(client: AltegioClient, locationId: number, window: DateWindow): Promise<unknown[]> {
  const { data } = await client.get(`/company/${locationId}/analytics/loyalty_programs/staff`, range(window));
  if (!Array.isArray(data)) {
    const endpoint = 'GET /company/{loc}/analytics/loyalty_programs/staff';
    throw new AltegioMalformedResponseError(`${endpoint}: data is not a list`, endpoint);
  }
  return data;
}
