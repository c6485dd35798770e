/** Dictionary entries of the BI views (schema `altegio_bi`, defined in src/db/schema/bi.ts). */
import { COUNT, INSTANT, LOCAL_DATE, MONEY, PERCENT, SECONDS, col, type Dictionary } from './dictionary-words.js';

const LOCATION_ID = col('The location (`locations.id`).', '`location_id` of the tables read');
const LOCATION = col('Name of the location.', '`locations.title`');
const CURRENCY = col('Currency of the money columns of the row.', '`locations.currency`');
const MONTH = col('The month, as its first day.', 'month of `records.session_date`', "date, first day of a month of the location's local calendar");
const ARRIVED_ONLY = 'appointments where the client came (`attendance = 1`), not deleted';

export const BI: Dictionary = {
  'altegio_bi.appointments': {
    about:
      'One row per live appointment (deleted records excluded), in the location\'s local time, with the price of its lines: the building block of the other views. ' +
      '`price` is what the appointment is worth after discounts whatever its outcome; revenue is the `price` of `status = \'arrived\'` rows.',
    source: '`records`, `record_services`, `record_goods`, `locations`.',
    columns: {
      location_id: LOCATION_ID,
      record_id: col('The record (`records.id`).', '`records.id`'),
      visit_id: col('The visit: the records of one arrival share it.', '`records.visit_id`'),
      client_id: col('The client; null for a walk-in.', '`records.client_id`'),
      staff_id: col('The team member (`staff.id`).', '`records.staff_id`'),
      date: col('Calendar day of the session in the location.', '`records.session_date`', LOCAL_DATE),
      starts_at: col('Start of the session.', '`records.starts_at`', INSTANT),
      starts_local: col('Start of the session on the location\'s wall clock.', '`starts_at at time zone locations.timezone`', 'timestamp without time zone, location-local'),
      hour: col('Hour of the day the session starts in, location-local (0–23).', '`starts_local`', 'hour'),
      attendance: col('-1 no-show, 0 waiting, 1 arrived, 2 confirmed.', '`records.attendance`'),
      status: col('`arrived`, `confirmed`, `waiting` or `no-show` (`unknown` for other codes).', '`records.attendance`'),
      source: col('Booking channel: `front desk` where the API gives none, else as the API names it (e.g. `online widget`).', '`records.source`'),
      online: col('Booked by the client online.', '`records.online`', 'boolean'),
      length_seconds: col('Length of the session.', '`records.seance_length`, else `records.length`', SECONDS),
      services_price: col('Price of the service lines after discounts.', 'sum of `record_services.cost`', MONEY),
      goods_price: col('Price of the goods lines after discounts.', 'sum of `record_goods.cost`', MONEY),
      price: col('`services_price + goods_price`.', 'computed', MONEY),
      currency: CURRENCY,
    },
  },
  'altegio_bi.daily_revenue': {
    about:
      'Revenue per location and local day from two sources side by side: the day-end report (what was paid) and the records (what the ' +
      'appointments where the client came cost after discounts). `difference` shows unpaid balances, tips, and sales outside appointments. ' +
      'A day is listed when either source has it.',
    source: '`z_reports`, and `records` with their lines (as in `altegio_bi.appointments`).',
    columns: {
      location_id: LOCATION_ID,
      location: LOCATION,
      date: col('The local day.', '`z_reports.report_date` / `records.session_date`', LOCAL_DATE),
      currency: CURRENCY,
      zreport_revenue: col(
        'Paid that day for services, goods, gift cards and memberships, per the Z-report; null when the day\'s report is not loaded.',
        '`targets_paid + goods_paid + gift_cards_paid + memberships_paid`',
        MONEY,
      ),
      zreport_received: col('Received into payment accounts that day, per the Z-report (excludes loyalty and gift-card payments).', '`z_reports.accounts_total`', MONEY),
      records_revenue: col(`Price after discounts of the day's ${ARRIVED_ONLY}; 0 when there were none.`, 'sum of `appointments.price`', MONEY),
      difference: col('`zreport_revenue - records_revenue`; null when the Z-report is missing.', 'computed', MONEY),
      arrived_records: col('Appointments where the client came.', 'count of records with `attendance = 1`', COUNT),
    },
  },
  'altegio_bi.appointments_daily': {
    about:
      'Live appointments (deleted excluded) per location, local day, outcome and booking channel. Long format: pivot on `status` or `source` in the BI tool.',
    source: '`altegio_bi.appointments`.',
    columns: {
      location_id: LOCATION_ID,
      date: col('The local day of the sessions.', '`records.session_date`', LOCAL_DATE),
      attendance: col('-1 no-show, 0 waiting, 1 arrived, 2 confirmed.', '`records.attendance`'),
      status: col('`arrived`, `confirmed`, `waiting` or `no-show`.', '`records.attendance`'),
      source: col('Booking channel: `front desk`, `online widget`, `mobile app`...', '`records.source`'),
      appointments: col('Appointments with that day, status and channel.', 'count of records', COUNT),
    },
  },
  'altegio_bi.client_return_monthly': {
    about:
      'New and returning clients per location and local month, from the appointments where the client came. A client is new in the month of ' +
      'their first arrival in the warehouse\'s history (history starts where the backfill started), returning in later months. Walk-ins are not counted.',
    source: '`records` (`attendance = 1`, not deleted, with a client).',
    columns: {
      location_id: LOCATION_ID,
      month: MONTH,
      clients: col('Clients who came in the month (`new_clients + returning_clients`).', 'computed', COUNT),
      new_clients: col('Clients whose first arrival was in the month.', 'computed', COUNT),
      returning_clients: col('Clients who came in the month and had come in an earlier month.', 'computed', COUNT),
      new_came_back: col('Of the new clients, those who came again on a later day (any time up to now).', 'computed', COUNT),
      return_rate_percent: col('`new_came_back / new_clients`, rounded to 2 decimals; null without new clients. Recent months are still filling up.', 'computed', PERCENT),
    },
  },
  'altegio_bi.staff_monthly': {
    about:
      'Performance per team member and local month: appointments, outcomes, visits, revenue and average ticket. A visit with records by two team ' +
      'members counts for both, each with the revenue of their own records. Filter on `location_id` and `staff_id` for speed.',
    source: '`altegio_bi.appointments`, `staff`.',
    columns: {
      location_id: LOCATION_ID,
      staff_id: col('The team member (`staff.id`).', '`records.staff_id`'),
      staff_name: col('Team member name.', '`staff.name`'),
      month: MONTH,
      currency: CURRENCY,
      appointments: col('Live appointments of the month, whatever the outcome (future ones included).', 'count of records', COUNT),
      arrived: col('Appointments where the client came.', '`attendance = 1`', COUNT),
      no_shows: col('Appointments where the client did not come.', '`attendance = -1`', COUNT),
      no_show_percent: col('`no_shows / (arrived + no_shows)`, rounded to 2 decimals; null before any outcome.', 'computed', PERCENT),
      visits: col('Visits (arrivals) the team member worked in.', 'distinct `visit_id` of arrived records', COUNT),
      revenue: col(`Price after discounts of the team member's ${ARRIVED_ONLY}.`, 'sum of `appointments.price`', MONEY),
      average_ticket: col('`revenue / visits`, rounded to 2 decimals; null without visits.', 'computed', MONEY),
    },
  },
  'altegio_bi.loyalty_liability': {
    about:
      'What is still owed to clients as of now, per location: unspent gift card balances and membership visits not yet used, counting only those ' +
      'with something left that have not expired (`expires_at` in the future or none) and are not deleted. One row per location and `kind`.',
    source: '`gift_cards`, `memberships`, `locations`.',
    columns: {
      location_id: LOCATION_ID,
      location: LOCATION,
      kind: col('`gift card` or `membership`.', 'computed'),
      currency: CURRENCY,
      items: col('Gift cards or memberships with something left.', 'count', COUNT),
      balance: col('Unspent money on the gift cards; null for memberships (their balance is visits).', 'sum of `gift_cards.balance`', MONEY),
      visits_left: col('Unused visits on the memberships; null for gift cards.', 'sum of `memberships.balance`', 'visits'),
      sold_for: col('What those items were sold for: face value of the gift cards, price of the memberships.', 'sum of `gift_cards.default_balance` / `memberships.cost`', MONEY),
    },
  },
  'altegio_bi.occupancy_daily': {
    about:
      'Occupancy per location and local day. `occupancy_percent` is Altegio\'s own figure (booked time over the team\'s working time; the ' +
      'warehouse has no work schedules to recompute it), from the analytics streams; the appointments and booked hours come from the records.',
    source: '`analytics_overall.fullness`, else `analytics_daily` (`chart = \'fullness_daily\'`); `altegio_bi.appointments`.',
    columns: {
      location_id: LOCATION_ID,
      date: col('The local day.', '`analytics_overall.date` / `records.session_date`', LOCAL_DATE),
      occupancy_percent: col('Occupancy as Altegio computes it; null when the analytics of the day are not loaded.', '`analytics_overall.fullness`', PERCENT),
      appointments: col('Live appointments of the day, whatever the outcome.', 'count of records', COUNT),
      booked_hours: col('Booked time of those appointments, rounded to 2 decimals.', 'sum of `appointments.length_seconds` / 3600', 'hours'),
    },
  },
};
