import { date, index, integer } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/**
 * Loyalty transactions of the chain: accruals to and withdrawals from
 * loyalty cards (`GET /chain/{chain}/loyalty/transactions`). The API's rows
 * carry no timestamp; `created_date` is the one-day `created_after` /
 * `created_before` window the row was listed under.
 */
export const loyaltyTransactions = altegio.table(
  'loyalty_transactions',
  {
    id: id().primaryKey(),
    chainId: id('chain_id').notNull(),
    locationId: id('location_id'),
    amount: money('amount'),
    typeId: integer('type_id'),
    statusId: integer('status_id'),
    cardId: id('card_id'),
    programId: id('program_id'),
    clientId: id('client_id'),
    recordId: id('record_id'),
    visitId: id('visit_id'),
    createdDate: date('created_date', { mode: 'string' }).notNull(),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [index('loyalty_transactions_date_idx').on(t.chainId, t.createdDate), index('loyalty_transactions_visit_idx').on(t.visitId)],
);

export type LoyaltyTransaction = typeof loyaltyTransactions.$inferSelect;
export type NewLoyaltyTransaction = typeof loyaltyTransactions.$inferInsert;
