import { date, integer, numeric, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, id, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/**
 * Key metrics of one location-local day (`GET /company/{loc}/analytics/overall`
 * with `date_from = date_to`): each metric's figure for the period asked
 * (`current_*`). The previous period's figures and change percents stay in `raw`.
 */
export const analyticsOverall = altegio.table(
  'analytics_overall',
  {
    locationId: locationId(),
    date: date('date', { mode: 'string' }).notNull(),
    incomeTotal: money('income_total'),
    incomeServices: money('income_services'),
    incomeGoods: money('income_goods'),
    incomeAverage: money('income_average'),
    records: integer('records'),
    recordsCompleted: integer('records_completed'),
    recordsPending: integer('records_pending'),
    recordsCanceled: integer('records_canceled'),
    clients: integer('clients'),
    clientsNew: integer('clients_new'),
    clientsReturning: integer('clients_returning'),
    clientsActive: integer('clients_active'),
    clientsLost: integer('clients_lost'),
    fullness: numeric('fullness'),
    currency: text('currency'),
    currencySymbol: text('currency_symbol'),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.date] })],
);

/**
 * One value of an analytics chart for one location-local day
 * (`GET /company/{loc}/analytics/overall/charts/{chart}`). `chart` is the
 * API's name: `income_daily` (revenue), `records_daily` (appointments),
 * `fullness_daily` (occupancy, %), where `label` is the series label;
 * `record_source` and `record_status` (appointments by source and by visit
 * status), where `label` is the source or the status.
 */
export const analyticsDaily = altegio.table(
  'analytics_daily',
  {
    locationId: locationId(),
    date: date('date', { mode: 'string' }).notNull(),
    chart: text('chart').notNull(),
    label: text('label').notNull(),
    value: numeric('value').notNull(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.date, t.chart, t.label] })],
);

/**
 * `client_stats` of the loyalty-program analytics: clients new to the location
 * in the period, known ones, and all of them; of each, how many came back
 * (two visits or more: `returned_count`, `returned_percent`) and how many did
 * not (`lost_count`).
 */
const clientStats = () => ({
  newClients: integer('new_clients'),
  newLost: integer('new_lost'),
  newReturned: integer('new_returned'),
  newReturnedPercent: numeric('new_returned_percent'),
  oldClients: integer('old_clients'),
  oldLost: integer('old_lost'),
  oldReturned: integer('old_returned'),
  oldReturnedPercent: numeric('old_returned_percent'),
  totalClients: integer('total_clients'),
  totalLost: integer('total_lost'),
  totalReturned: integer('total_returned'),
  totalReturnedPercent: numeric('total_returned_percent'),
});

/**
 * Visit statistics of one loyalty program and one location-local day
 * (`GET /company/{loc}/analytics/loyalty_programs/visits` for that day and
 * `loyalty_program_id`): visits of new and returning clients
 * (`visits_stats_by_day`) and the day's `client_stats` (new / old / total
 * clients: all, lost, returned).
 */
export const loyaltyAnalytics = altegio.table(
  'loyalty_analytics',
  {
    locationId: locationId(),
    date: date('date', { mode: 'string' }).notNull(),
    programId: id('program_id').notNull(),
    newVisits: integer('new_visits'),
    oldVisits: integer('old_visits'),
    ...clientStats(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.date, t.programId] })],
);

/**
 * The client statistics of a loyalty program per team member and day
 * (`GET .../analytics/loyalty_programs/staff`). The API sends one flat
 * `client_stats` per team member: it fills the `total_*` columns.
 */
export const loyaltyAnalyticsStaff = altegio.table(
  'loyalty_analytics_staff',
  {
    locationId: locationId(),
    date: date('date', { mode: 'string' }).notNull(),
    programId: id('program_id').notNull(),
    staffId: id('staff_id').notNull(),
    staffName: text('staff_name'),
    ...clientStats(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.date, t.programId, t.staffId] })],
);

export type AnalyticsOverall = typeof analyticsOverall.$inferSelect;
export type NewAnalyticsOverall = typeof analyticsOverall.$inferInsert;
export type AnalyticsDaily = typeof analyticsDaily.$inferSelect;
export type NewAnalyticsDaily = typeof analyticsDaily.$inferInsert;
export type LoyaltyAnalytics = typeof loyaltyAnalytics.$inferSelect;
export type NewLoyaltyAnalytics = typeof loyaltyAnalytics.$inferInsert;
export type LoyaltyAnalyticsStaff = typeof loyaltyAnalyticsStaff.$inferSelect;
export type NewLoyaltyAnalyticsStaff = typeof loyaltyAnalyticsStaff.$inferInsert;
