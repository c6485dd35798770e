import { boolean, index, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

/**
 * Gift cards (`certificate` in the API) of a location's clients, read per
 * client phone (`GET /loyalty/certificates?company_id={loc}&phone=`).
 */
export const giftCards = altegio.table(
  'gift_cards',
  {
    locationId: locationId(),
    id: id().notNull(),
    clientId: id('client_id').notNull(),
    number: text('number'),
    balance: money('balance'),
    defaultBalance: money('default_balance'),
    typeId: id('type_id'),
    statusId: integer('status_id'),
    status: text('status'),
    createdAt: instant('created_at'),
    expiresAt: instant('expires_at'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] }), index('gift_cards_client_idx').on(t.locationId, t.clientId)],
);

/** Gift card types of the chain (`GET /chain/{chain}/loyalty/certificate_types`). */
export const giftCardTypes = altegio.table('gift_card_types', {
  id: id().primaryKey(),
  chainId: id('chain_id').notNull(),
  title: text('title'),
  balance: money('balance'),
  isMulti: boolean('is_multi'),
  itemTypeId: integer('item_type_id'),
  expirationTypeId: integer('expiration_type_id'),
  expiresAt: instant('expires_at'),
  expirationTimeout: integer('expiration_timeout'),
  expirationTimeoutUnitId: integer('expiration_timeout_unit_id'),
  isAllowEmptyCode: boolean('is_allow_empty_code'),
  deletedAt: deletedAt(),
  ...synced(),
});

export type GiftCard = typeof giftCards.$inferSelect;
export type NewGiftCard = typeof giftCards.$inferInsert;
export type GiftCardType = typeof giftCardTypes.$inferSelect;
export type NewGiftCardType = typeof giftCardTypes.$inferInsert;
