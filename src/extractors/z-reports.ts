import type { AltegioClient } from '../altegio/client.js';
import { AltegioMalformedResponseError } from '../errors.js';

/**
 * The Z-report (day-end report) of one location-local day:
 * `GET /reports/z_report/{loc}?start_date=YYYY-MM-DD&master_id=0` (0: every
 * team member). The answer does not repeat the date, so it is added as
 * `report_date`.
 */
export async function fetchZReport(client: AltegioClient, locationId: number, date: string): Promise<Record<string, unknown>> {
  const path = `/reports/z_report/${locationId}`;
  const { data } = await client.get(path, { start_date: date, master_id: 0 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new AltegioMalformedResponseError(`GET ${path}: the Z-report of ${date} is not an object`, `GET ${path}`);
  }
  return { report_date: date, ...(data as Record<string, unknown>) };
}
