import { date, index, integer } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, money, synced } from './_columns.js';

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
    /** The chain (`salon_group_id`) the transactions were listed for. */
    chainId: id('chain_id').notNull(),
    /** The location (`salon_id` / `company_id`) where it happened. */
    locationId: id('location_id'),
    /** Points or money moved, in the location's currency; see `type_id` for the direction. */
    amount: money('amount'),
    /** Kind of movement as the API numbers it (`type_id`, title in `raw.type`). */
    typeId: integer('type_id'),
    /** Status as the API numbers it (`status_id`). */
    statusId: integer('status_id'),
    cardId: id('card_id'),
    programId: id('program_id'),
    clientId: id('client_id'),
    /** `record_id` (older payloads: `item_record_id`). */
    recordId: id('record_id'),
    visitId: id('visit_id'),
    /** The day of the `created_*` window that listed it (the chain's days are the API's, see the notes). */
    createdDate: date('created_date', { mode: 'string' }).notNull(),
    /** Set when a complete re-read of its day no longer lists it. */
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [index('loyalty_transactions_date_idx').on(t.chainId, t.createdDate), index('loyalty_transactions_visit_idx').on(t.visitId)],
);

export type LoyaltyTransaction = typeof loyaltyTransactions.$inferSelect;
export type NewLoyaltyTransaction = typeof loyaltyTransactions.$inferInsert;
