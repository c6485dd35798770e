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
      records: col('Appointments of the day.', '`record_stats.current_total_count`', COUNT),
      records_completed: col('Of which completed (the client came).', '`record_stats.current_completed_count`', COUNT),
      records_pending: col('Of which pending (waiting or confirmed).', '`record_stats.current_pending_count`', COUNT),
      records_canceled: col('Of which canceled (no-shows).', '`record_stats.current_canceled_count`', COUNT),
      clients: col('Clients of the day.', '`client_stats.total_count`', COUNT),
      clients_new: col('Of which new to the location.', '`client_stats.new_count`', COUNT),
      clients_returning: col('Of which returning.', '`client_stats.return_count`', COUNT),
      clients_active: col('Active clients, as Altegio counts them.', '`client_stats.active_count`', COUNT),
      clients_lost: col('Lost clients, as Altegio counts them.', '`client_stats.lost_count`', COUNT),
      fullness: col('Occupancy: booked time over the team\'s working time, as Altegio computes it.', '`fullness_stats.current_percent`', PERCENT),
      currency: col('ISO code of the currency of the money columns.', '`income_total_stats.currency.iso`'),
      currency_symbol: col('Its symbol, as Altegio prints it.', '`income_total_stats.currency.symbol`'),
      ...synced('the whole answer'),
    },
  },
  'altegio.analytics_daily': {
    about:
      'One value of one of the API\'s analytics charts for one location-local day. `chart` is the API\'s name: `income_daily` (revenue), ' +
      '`records_daily` (appointments), `fullness_daily` (occupancy, %) with `label` the series\' stable `slug` (`income_total`, ' +
      '`income_services`, `income_goods`, `fullness_spent`, `fullness_no_show`; the series label where the API sends no slug); `record_source` and `record_status` ' +
      '(appointments by booking channel and by visit status) with `label` the channel or the status. Long format: pivot on `label`.',
    source: '`GET /company/{location_id}/analytics/overall/charts/{chart}?date_from=&date_to=`, stream `analytics_daily`.',
    columns: {
      ...LOCATION_ID,
      date: DAY,
      chart: col('The chart: `income_daily`, `records_daily`, `fullness_daily`, `record_source` or `record_status`.', 'the `{chart}` of the request'),
      label: col(
        'Series key (daily charts: the slug, else the label) or category (e.g. "Online booking form", "Did not come") of the value.',
        '`slug` or `label` of the series, or the row\'s `label` for structure charts',
      ),
      value: col(
        'The value: money for `income_daily`, a percent for `fullness_daily`, a count of appointments otherwise.',
        'the point\'s y',
        "numeric: the location's currency (`income_daily`), percent (`fullness_daily`), or count",
      ),
      ...synced('`{ series, label, point }` as sent'),
    },
  },
  'altegio.loyalty_analytics': {
    about:
      'The API\'s visit statistics of one loyalty program and one location-local day: visits of new and returning clients, and the day\'s client statistics. ' +
      'Counts are for that one day: they do not add up to a month (a client counts once per day). `altegio_bi.client_return_monthly` has monthly figures.',
    source:
      '`GET /company/{location_id}/analytics/loyalty_programs/visits?date_from=&date_to=&loyalty_program_id=&include[]=visits_stats_by_day` ' +
      'for one day and program, stream `loyalty_analytics`.',
    columns: {
      ...LOCATION_ID,
      date: DAY,
      program_id: col('The loyalty program (see `loyalty_programs`).', 'request `loyalty_program_id`'),
      new_visits: col('Visits of clients new to the location.', '`visits_stats_by_day[].new_count`', COUNT),
      old_visits: col('Visits of clients who had come before.', '`visits_stats_by_day[].old_count`', COUNT),
      ...clientStats(),
      ...synced('the whole answer'),
    },
  },
  'altegio.loyalty_analytics_staff': {
    about:
      'The client statistics of a loyalty program per team member and location-local day. The API sends one flat `client_stats` per ' +
      'team member: it fills the `total_*` columns, and the `new_*` and `old_*` ones stay null.',
    source: '`GET /company/{location_id}/analytics/loyalty_programs/staff?date_from=&date_to=&loyalty_program_id=` for one day and program, stream `loyalty_analytics`.',
    columns: {
      ...LOCATION_ID,
      date: DAY,
      program_id: col('The loyalty program (see `loyalty_programs`).', 'request `loyalty_program_id`'),
      staff_id: col('The team member.', '`staff.id`'),
      staff_name: col('Team member name as the report prints it.', '`staff.name`'),
      ...clientStats(),
      ...synced('the team member\'s row'),
    },
  },
};
