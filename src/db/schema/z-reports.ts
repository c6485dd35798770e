import { date, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, id, instant, locationId, money, synced } from './_columns.js';

/**
 * The day-end report (Z-report) of one location-local day
 * (`GET /reports/z_report/{loc}?start_date=&master_id=0`). A day without
 * activity is a row of zeros. Money is in `currency`.
 */
export const zReports = altegio.table(
  'z_reports',
  {
    locationId: locationId(),
    /** The location-local day (`start_date`). */
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    clients: integer('clients').notNull(),
    clientsAverage: money('clients_average'),
    records: integer('records').notNull(),
    recordsAverage: money('records_average'),
    visitRecords: integer('visit_records').notNull(),
    visitRecordsAverage: money('visit_records_average'),
    nonVisitRecords: integer('non_visit_records').notNull(),
    nonVisitRecordsAverage: money('non_visit_records_average'),
    /** Services sold (`targets`) and paid for them (`targets_paid`). */
    targets: integer('targets').notNull(),
    targetsPaid: money('targets_paid').notNull(),
    goods: integer('goods').notNull(),
    goodsPaid: money('goods_paid').notNull(),
    /** Gift cards sold (`certificates`, `certificates_paid`). */
    giftCards: integer('gift_cards').notNull(),
    giftCardsPaid: money('gift_cards_paid').notNull(),
    /** Memberships sold (`abonement`, `abonement_paid`). */
    memberships: integer('memberships').notNull(),
    membershipsPaid: money('memberships_paid').notNull(),
    /** `paids.total.accounts`: received into payment accounts. */
    accountsTotal: money('accounts_total').notNull(),
    /** `paids.total.discount`: discounts and loyalty write-offs. */
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
    /** 'account' or 'discount'. */
    kind: text('kind').notNull(),
    /** Position in the API's list (titles are not guaranteed unique). */
    position: integer('position').notNull(),
    /** Account title (e.g. "Cash") or discount title (e.g. "Promotion Discount"). */
    title: text('title').notNull(),
    amount: money('amount').notNull(),
    /** The `{ title, amount }` entry. */
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
    /** The `z_data` key (unix seconds): start of the session the item was sold in. */
    startsAt: instant('starts_at'),
    /** Null for walk-ins. */
    clientId: id('client_id'),
    clientName: text('client_name'),
    /** `master_id`. */
    staffId: id('staff_id'),
    /** `master_name`. */
    staffName: text('staff_name'),
    /** 'service' (`service[]`), 'good' (`good[]`) or 'other' (`others`). */
    kind: text('kind').notNull(),
    itemTitle: text('item_title'),
    firstCost: money('first_cost').notNull(),
    discount: money('discount').notNull(),
    resultCost: money('result_cost').notNull(),
    /** Sum of `transactions[].accounts_amount`: paid into accounts. */
    accountsAmount: money('accounts_amount').notNull(),
    /** Sum of `transactions[].loyalty_amount`: paid with loyalty cards, memberships, gift cards. */
    loyaltyAmount: money('loyalty_amount').notNull(),
    /** The item as sent, with its `transactions[]` (`payment_type` per part). */
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
