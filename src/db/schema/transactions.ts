import { date, index, jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/**
 * Financial transactions of a location (`GET /transactions/{loc}`): payments
 * into a payment account (positive) and expenses out of one (negative).
 */
export const transactions = altegio.table(
  'transactions',
  {
    locationId: locationId(),
    id: id().notNull(),
    documentId: id('document_id'),
    paidAt: instant('paid_at').notNull(),
    transactionDate: date('transaction_date', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
    expenseId: id('expense_id'),
    expense: jsonb('expense'),
    accountId: id('account_id'),
    clientId: id('client_id'),
    staffId: id('staff_id'),
    recordId: id('record_id'),
    visitId: id('visit_id'),
    soldItemId: id('sold_item_id'),
    soldItemType: text('sold_item_type'),
    comment: text('comment'),
    lastChangeAt: instant('last_change_at'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [
    primaryKey({ columns: [t.locationId, t.id] }),
    index('transactions_date_idx').on(t.locationId, t.transactionDate),
    // "Payments of this client": the usual client filter of analysts.
    index('transactions_client_idx').on(t.locationId, t.clientId),
  ],
);

export type Transaction = typeof transactions.$inferSelect;
export type NewTransaction = typeof transactions.$inferInsert;
