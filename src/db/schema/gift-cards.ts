import { boolean, index, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, instant, locationId, money, synced } from './_columns.js';

/**
 * Gift cards (`certificate` in the API) of a location's clients, read per
 * client phone (`GET /loyalty/certificates?company_id={loc}&phone=`).
 */
export const giftCards = altegio.table(
  'gift_cards',
  {
    locationId: locationId(),
    id: id().notNull(),
    /** The client whose phone listed it (the payload does not name the client). */
    clientId: id('client_id').notNull(),
    /** The card's code (`number`; the API sends a number or a string). */
    number: text('number'),
    /** What is left on it, in the location's currency. */
    balance: money('balance'),
    /** Face value when sold (`default_balance`). */
    defaultBalance: money('default_balance'),
    /** `type_id`: see `gift_card_types`. */
    typeId: id('type_id'),
    /** `status_id` (title in `raw.status`). */
    statusId: integer('status_id'),
    status: text('status'),
    /** `created_date`: when it was sold. */
    createdAt: instant('created_at'),
    /** `expiration_date`: when what is left burns. */
    expiresAt: instant('expires_at'),
    /** Set when a complete read of the client's gift cards no longer lists it. */
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
  /** Face value (`balance`). */
  balance: money('balance'),
  /** Can be spent in several goes (`is_multi`). */
  isMulti: boolean('is_multi'),
  /** What it pays for: 0 anything, 1 services only, 2 some services + all goods, 3 some services, 4 goods only. */
  itemTypeId: integer('item_type_id'),
  /** 0 never expires, 1 on a fixed date (`expiration_date`), 2 after `expiration_timeout` units. */
  expirationTypeId: integer('expiration_type_id'),
  expiresAt: instant('expires_at'),
  expirationTimeout: integer('expiration_timeout'),
  /** 1 day, 2 week, 3 month, 4 year. */
  expirationTimeoutUnitId: integer('expiration_timeout_unit_id'),
  /** Sold without a code (`is_allow_empty_code`). */
  isAllowEmptyCode: boolean('is_allow_empty_code'),
  deletedAt: deletedAt(),
  ...synced(),
});

export type GiftCard = typeof giftCards.$inferSelect;
export type NewGiftCard = typeof giftCards.$inferInsert;
export type GiftCardType = typeof giftCardTypes.$inferSelect;
export type NewGiftCardType = typeof giftCardTypes.$inferInsert;
