import { date, index, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

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
    id: id().notNull(),
    clientId: id('client_id'),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    startsAt: instant('starts_at'),
    attendance: integer('attendance'),
    recordsCount: integer('records_count').notNull(),
    firstCost: money('first_cost'),
    costToPay: money('cost_to_pay'),
    paidSum: money('paid_sum'),
    goodsCost: money('goods_cost'),
    goodsPaid: money('goods_paid'),
    paymentStatus: text('payment_status'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] }), index('visits_client_idx').on(t.locationId, t.clientId, t.visitDate)],
);

export type Visit = typeof visits.$inferSelect;
export type NewVisit = typeof visits.$inferInsert;
