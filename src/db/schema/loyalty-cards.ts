import { index, integer, jsonb, numeric, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, money, synced } from './_columns.js';

/**
 * Loyalty cards of a location's clients, read per client
 * (`GET /loyalty/client_cards/{client_id}`). Keyed by location too: a chain
 * card can be listed for the same person's client record in several locations.
 */
export const loyaltyCards = altegio.table(
  'loyalty_cards',
  {
    locationId: locationId(),
    id: id().notNull(),
    /** `salon_group_id`. */
    chainId: id('chain_id'),
    /** The client it was read for. */
    clientId: id('client_id').notNull(),
    /** `type_id`: see `loyalty_card_types`. */
    typeId: id('type_id'),
    number: text('number'),
    /** Money on the card, in the location's currency. */
    balance: money('balance'),
    /** Bonus points (not money). */
    points: numeric('points'),
    /** Paid with the card so far (`paid_amount`). */
    paidAmount: money('paid_amount'),
    /** Sold to the card holder so far (`sold_amount`). */
    soldAmount: money('sold_amount'),
    visitsCount: integer('visits_count'),
    /** Set when a complete read of the client's cards no longer lists it. */
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] }), index('loyalty_cards_client_idx').on(t.locationId, t.clientId)],
);

/** Loyalty card types of the chain (`GET /chain/{chain}/loyalty/card_types`). */
export const loyaltyCardTypes = altegio.table('loyalty_card_types', {
  id: id().primaryKey(),
  /** `salon_group_id`; null only when read from a location listing that does not say. */
  chainId: id('chain_id'),
  title: text('title'),
  /** Loyalty programs the type takes part in (`programs[].id` / `program_ids`). */
  programIds: jsonb('program_ids'),
  deletedAt: deletedAt(),
  ...synced(),
});

/** The loyalty card types a location lists (`GET /loyalty/card_types/salon/{loc}`). */
export const locationLoyaltyCardTypes = altegio.table(
  'location_loyalty_card_types',
  {
    locationId: locationId(),
    /** The card type id. */
    id: id().notNull(),
    title: text('title'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

/** Loyalty programs (discount, cashback, bonus) a location takes part in (`GET /company/{loc}/loyalty/programs/search`). */
export const loyaltyPrograms = altegio.table(
  'loyalty_programs',
  {
    locationId: locationId(),
    id: id().notNull(),
    chainId: id('chain_id'),
    title: text('title'),
    /** Kind of program as the API numbers it (`type_id`; title in `raw`). */
    typeId: integer('type_id'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] })],
);

export type LoyaltyCard = typeof loyaltyCards.$inferSelect;
export type NewLoyaltyCard = typeof loyaltyCards.$inferInsert;
export type LoyaltyCardType = typeof loyaltyCardTypes.$inferSelect;
export type NewLoyaltyCardType = typeof loyaltyCardTypes.$inferInsert;
export type LocationLoyaltyCardType = typeof locationLoyaltyCardTypes.$inferSelect;
export type NewLocationLoyaltyCardType = typeof locationLoyaltyCardTypes.$inferInsert;
export type LoyaltyProgram = typeof loyaltyPrograms.$inferSelect;
export type NewLoyaltyProgram = typeof loyaltyPrograms.$inferInsert;
