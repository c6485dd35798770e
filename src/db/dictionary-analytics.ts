/** Dictionary entries of the API's own analytics, stored one location-local day a row. */
import { COUNT, LOCAL_DATE, LOCATION_ID, PERCENT, col, synced, type ColumnDoc, type Dictionary } from './dictionary-words.js';

const DAY = col('The location-local day the figures cover (asked for as `date_from = date_to`).', 'request `date_from`', LOCAL_DATE);
const ANALYTICS_MONEY = 'numeric, the currency in `currency` (the location\'s)';

/**
 * `client_stats { new, old, total: { all_count, lost_count, returned_count, returned_percent } }`:
 * the API's client counts for the day asked for.
 */
function clientStats(): Record<string, ColumnDoc> {
  const groups = [
    ['new', 'clients new to the location (first visit ever on this day)'],
    ['old', 'clients who had visited before'],
    ['total', 'all clients who visited'],
  ] as const;
  const out: Record<string, ColumnDoc> = {};
  for (const [key, who] of groups) {
    out[`${key}_clients`] = col(`Of ${who}: how many.`, `\`client_stats.${key}.all_count\``, COUNT);
    out[`${key}_lost`] = col(`Of ${who}: how many did not come twice in the period (the API's "lost").`, `\`client_stats.${key}.lost_count\``, COUNT);
    out[`${key}_returned`] = col(`Of ${who}: how many came twice or more in the period.`, `\`client_stats.${key}.returned_count\``, COUNT);
    out[`${key}_returned_percent`] = col(`Returned share of ${who}.`, `\`client_stats.${key}.returned_percent\``, PERCENT);
  }
  return out;
}

export const ANALYTICS: Dictionary = {
  'altegio.analytics_overall': {
    about:
      'The API\'s key metrics of one location-local day. The previous period\'s figures and change percents the API also sends stay in `raw`.',
    source: '`GET /company/{location_id}/analytics/overall?date_from=&date_to=` for one day, stream `analytics_overall`.',
    columns: {
      ...LOCATION_ID,
      date: DAY,
      income_total: col('Revenue of the day: what was paid.', '`income_total_stats.current_sum`', ANALYTICS_MONEY),
      income_services: col('Of which for services.', '`income_services_stats.current_sum`', ANALYTICS_MONEY),
      income_goods: col('Of which for goods.', '`income_goods_stats.current_sum`', ANALYTICS_MONEY),
      income_average: col('Average revenue per visit.', '`income_average_stats.current_sum`', ANALYTICS_MONEY),
      records: col('Appointments of the day.', '`record_stats.current_sum`', COUNT),
      clients: col('Clients who came.', '`client_stats.current_sum`', COUNT),
      fullness: col('Occupancy: booked time over the team\'s working time, as Altegio computes it.', '`fullness_stats.current_sum`', PERCENT),
      currency: col('Currency of the money columns.', '`income_total_stats.currency`'),
      ...synced('the whole answer'),
    },
  },
  'altegio.analytics_daily': {
    about:
      'One value of one of the API\'s analytics charts for one location-local day. `chart` is the API\'s name: `income_daily` (revenue), ' +
      '`records_daily` (appointments), `fullness_daily` (occupancy, %) with `label` the series label; `record_source` and `record_status` ' +
      '(appointments by booking channel and by visit status) with `label` the channel or the status. Long format: pivot on `label`.',
    source: '`GET /company/{location_id}/analytics/overall/charts/{chart}?date_from=&date_to=`, stream `analytics_daily`.',
    columns: {
      ...LOCATION_ID,
      date: DAY,
      chart: col('The chart: `income_daily`, `records_daily`, `fullness_daily`, `record_source` or `record_status`.', 'the `{chart}` of the request'),
      label: col('Series label (daily charts) or category (e.g. "Online", "No-show") of the value.', '`label`, or the point\'s x for structure charts'),
      value: col(
        'The value: money for `income_daily`, a percent for `fullness_daily`, a count of appointments otherwise.',
        'the point\'s y',
        "numeric: the location's currency (`income_daily`), percent (`fullness_daily`), or count",
      ),
      ...synced('`{ series, point }` as sent'),
    },
  },
  'altegio.loyalty_analytics': {
    about:
      'The API\'s loyalty-program visit statistics of one location-local day: visits of new and returning clients, and the day\'s client statistics. ' +
      'Counts are for that one day: they do not add up to a month (a client counts once per day). `altegio_bi.client_return_monthly` has monthly figures.',
    source: '`GET /company/{location_id}/analytics/loyalty_programs/visits?date_from=&date_to=` for one day, stream `loyalty_analytics`.',
    columns: {
      ...LOCATION_ID,
      date: DAY,
      new_visits: col('Visits of clients new to the location.', '`visits_stats_by_day[].new_count`', COUNT),
      old_visits: col('Visits of clients who had come before.', '`visits_stats_by_day[].old_count`', COUNT),
      ...clientStats(),
      ...synced('the whole answer'),
    },
  },
  'altegio.loyalty_analytics_staff': {
    about: 'The same client statistics as `loyalty_analytics`, per team member and location-local day.',
    source: '`GET /company/{location_id}/analytics/loyalty_programs/staff?date_from=&date_to=` for one day, stream `loyalty_analytics`.',
    columns: {
      ...LOCATION_ID,
      date: DAY,
      staff_id: col('The team member (`staff.id`).', '`staff_id`'),
      staff_name: col('Team member name as the report prints it.', '`staff_name`'),
      ...clientStats(),
      ...synced('the team member\'s row'),
    },
  },
};
