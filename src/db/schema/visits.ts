import { date, index, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

/**
 * Visits (one arrival of a client: one or more records, plus the goods sold
 * with them), from the client's visit history
 * (`POST /company/{loc}/clients/visits/search`). Walk-in visits (no client)
 * are not reachable through that endpoint; see `records.visit_id`.
 */
export const visits = altegio.table(
  'visits',
  {
    locationId: locationId(),
    /** `visit_id`. */
    id: id().notNull(),
    clientId: id('client_id'),
    /** Location-local date of the visit's first record. */
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    /** Start of the visit's first record. */
    startsAt: instant('starts_at'),
    /** -1 no-show, 0 waiting, 1 arrived, 2 confirmed (`visit_attendance`, else the first record's `attendance`). */
    attendance: integer('attendance'),
    /** Records (appointments) of the visit. */
    recordsCount: integer('records_count').notNull(),
    /** Sum of the services' list prices (`first_cost`), in the location's currency. */
    firstCost: money('first_cost'),
    /** Sum of the services' prices after discounts (`cost_to_pay`). */
    costToPay: money('cost_to_pay'),
    /** Sum of what was paid for the services (`paid_sum`). */
    paidSum: money('paid_sum'),
    /** Sum of the goods sold in the visit, after discounts (`goods_transactions[].cost_to_pay`). */
    goodsCost: money('goods_cost'),
    /** Sum of what was paid for those goods (`goods_transactions[].paid_sum`). */
    goodsPaid: money('goods_paid'),
    /** not_paid | paid_not_full | paid_full | paid_over, of services and goods together. */
    paymentStatus: text('payment_status'),
    /** Set when a complete read of the client's history no longer lists the visit. */
    deletedAt: deletedAt(),
    /** `{ records, goods_transactions }` of the visit, as the API sent them. */
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] }), index('visits_client_idx').on(t.locationId, t.clientId, t.visitDate)],
);

export type Visit = typeof visits.$inferSelect;
export type NewVisit = typeof visits.$inferInsert;
