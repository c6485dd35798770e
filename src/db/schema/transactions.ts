import { date, index, jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

/**
 * Financial transactions of a location (`GET /transactions/{loc}`): payments
 * into a payment account (positive) and expenses out of one (negative).
 */
export const transactions = altegio.table(
  'transactions',
  {
    locationId: locationId(),
    id: id().notNull(),
    /** The sale document (receipt) the transaction belongs to. */
    documentId: id('document_id'),
    /** `date`, read in the location's zone when it has no offset. */
    paidAt: instant('paid_at').notNull(),
    /** Location-local date of `paid_at`: the day the API's start_date/end_date filter on. */
    transactionDate: date('transaction_date', { mode: 'string' }).notNull(),
    /** Signed, in the location's currency: negative for money going out. */
    amount: money('amount').notNull(),
    /** `expense.id`: the cash-flow item (e.g. "Service payments", "Rent"). */
    expenseId: id('expense_id'),
    /** `expense{}` as sent. */
    expense: jsonb('expense'),
    /** `account.id`: the payment account (cash desk, card terminal...). */
    accountId: id('account_id'),
    /** `client.id`; null when the transaction has no client. */
    clientId: id('client_id'),
    /** `master.id`: the team member. */
    staffId: id('staff_id'),
    recordId: id('record_id'),
    visitId: id('visit_id'),
    soldItemId: id('sold_item_id'),
    /** What was sold (`sold_item_type`, e.g. service, good). */
    soldItemType: text('sold_item_type'),
    comment: text('comment'),
    /** `last_change_date`. */
    lastChangeAt: instant('last_change_at'),
    /** Set when a complete re-read of the transaction's day no longer lists it (refunded, deleted). */
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
