import { date, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, id, instant, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/**
 * The day-end report (Z-report) of one location-local day
 * (`GET /reports/z_report/{loc}?start_date=&master_id=0`). A day without
 * activity is a row of zeros. Money is in `currency`.
 */
export const zReports = altegio.table(
  'z_reports',
  {
    locationId: locationId(),
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    clients: integer('clients').notNull(),
    clientsAverage: money('clients_average'),
    records: integer('records').notNull(),
    recordsAverage: money('records_average'),
    visitRecords: integer('visit_records').notNull(),
    visitRecordsAverage: money('visit_records_average'),
    nonVisitRecords: integer('non_visit_records').notNull(),
    nonVisitRecordsAverage: money('non_visit_records_average'),
    targets: integer('targets').notNull(),
    targetsPaid: money('targets_paid').notNull(),
    goods: integer('goods').notNull(),
    goodsPaid: money('goods_paid').notNull(),
    giftCards: integer('gift_cards').notNull(),
    giftCardsPaid: money('gift_cards_paid').notNull(),
    memberships: integer('memberships').notNull(),
    membershipsPaid: money('memberships_paid').notNull(),
    accountsTotal: money('accounts_total').notNull(),
    discountTotal: money('discount_total').notNull(),
    currency: text('currency'),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.reportDate] })],
);

/** `paids.accounts[]` (kind 'account') and `paids.discount[]` (kind 'discount') of a Z-report. */
export const zReportPayments = altegio.table(
  'z_report_payments',
  {
    locationId: locationId(),
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    amount: money('amount').notNull(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.reportDate, t.kind, t.position] })],
);

/**
 * One sold item of a Z-report (`z_data`): client × team member × item. `line`
 * numbers the items of the day in the API's order.
 */
export const zReportItems = altegio.table(
  'z_report_items',
  {
    locationId: locationId(),
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    line: integer('line').notNull(),
    startsAt: instant('starts_at'),
    clientId: id('client_id'),
    clientName: text('client_name'),
    staffId: id('staff_id'),
    staffName: text('staff_name'),
    kind: text('kind').notNull(),
    itemTitle: text('item_title'),
    firstCost: money('first_cost').notNull(),
    discount: money('discount').notNull(),
    resultCost: money('result_cost').notNull(),
    accountsAmount: money('accounts_amount').notNull(),
    loyaltyAmount: money('loyalty_amount').notNull(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.reportDate, t.line] })],
);

export type ZReport = typeof zReports.$inferSelect;
export type NewZReport = typeof zReports.$inferInsert;
export type ZReportPayment = typeof zReportPayments.$inferSelect;
export type NewZReportPayment = typeof zReportPayments.$inferInsert;
export type ZReportItem = typeof zReportItems.$inferSelect;
export type NewZReportItem = typeof zReportItems.$inferInsert;
