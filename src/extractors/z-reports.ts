import type { AltegioClient } from '../altegio/client.js';
import { AltegioForbiddenError, AltegioMalformedResponseError } from '../errors.js';
import { localDate, parseApiInstant } from '../util/dates.js';

/** How the day is written: `DD.MM.YYYY` (what Altegio's own client sends) or `YYYY-MM-DD`. */
export type ZReportDateFormat = 'dotted' | 'iso';

export interface ZReportQuery {
  locationId: number;
  /** The location-local day, `YYYY-MM-DD`. */
  date: string;
  /** The location's zone: `z_data` keys are instants, and must fall on `date`. */
  timeZone: string;
  format: ZReportDateFormat;
}

/**
 * The Z-report (day-end report) of one location-local day:
 * `GET /reports/z_report/{loc}?start_date=&end_date=&master_id=0` (0: every
 * team member). Altegio's own client sends the day as `DD.MM.YYYY` for both
 * bounds; the reference documents `start_date` alone, with no format. The
 * answer does not repeat the date, so it is added as `report_date`.
 *
 * A user without the right to past cash reports is answered today's report
 * whatever day was asked, and nothing in the answer says so: a report whose
 * sales (`z_data` keys) are not on the day asked is refused, never stored
 * under that day.
 *
 * The `z_data` keys are the only dates in the answer. Its `data` is `stats`,
 * `paids`, `z_data` and `currency`, and its `meta` is `[]`: no period, no
 * date, in the reference, in the YCLIENTS blueprint, and in the live answers
 * Altegio's own MCP server records (whose notes say the same: the day-end
 * report does not echo the period it covers, and only dated detail proves
 * it). So a clamped answer on a day when today has had no sales yet (all
 * zeros, `z_data: []`) cannot be told from a day without sales, and is
 * stored as the zero report of the day asked. Refusing every empty past day
 * instead would refuse the true ones (closed days, holidays) on every account.
 * The clamp shows as soon as today has a sale (the stream is then reported
 * unavailable, naming the missing right), and once the right is given, a
 * backfill of the days stores them right.
 */
export async function fetchZReport(client: AltegioClient, q: ZReportQuery): Promise<Record<string, unknown>> {
  const path = `/reports/z_report/${q.locationId}`;
  const day = q.format === 'dotted' ? q.date.split('-').reverse().join('.') : q.date;
  const { data } = await client.get(path, { start_date: day, end_date: day, master_id: 0 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new AltegioMalformedResponseError(`GET ${path}: the Z-report of ${q.date} is not an object`, `GET ${path}`);
  }
  const report = data as Record<string, unknown>;
  const other = otherDay(report.z_data, q.date, q.timeZone);
  if (other) {
    throw new AltegioForbiddenError(
      `GET ${path}: the Z-report asked for ${q.date} came back with the sales of ${other}: the user may see only ` +
        "today's cash report; give it the right to past reports (finances_z_report_no_limit_today_access)",
      `GET ${path}`,
      200,
    );
  }
  return { report_date: q.date, ...report };
}

/** The first local day among `z_data`'s keys (unix seconds or date-times) that is not `date`. */
function otherDay(zData: unknown, date: string, timeZone: string): string | null {
  if (zData === null || typeof zData !== 'object' || Array.isArray(zData)) return null;
  for (const key of Object.keys(zData)) {
    let at: Date | null;
    try {
      at = parseApiInstant(key, timeZone);
    } catch {
      // An unreadable key is the mapper's to reject, with the rest of the report.
      continue;
    }
    if (at && localDate(at, timeZone) !== date) return localDate(at, timeZone);
  }
  return null;
}
