import { index, integer, jsonb, numeric, primaryKey, text } from 'drizzle-orm/pg-core';
import { altegio, deletedAt, id, locationId, money, synced } from './_columns.js';

// What each column means, its API source and units: the data dictionary
// (src/db/dictionary*.ts), never a comment beside the column (npm run docs:check).

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
    chainId: id('chain_id'),
    clientId: id('client_id').notNull(),
    typeId: id('type_id'),
    number: text('number'),
    balance: money('balance'),
    points: numeric('points'),
    paidAmount: money('paid_amount'),
    soldAmount: money('sold_amount'),
    visitsCount: integer('visits_count'),
    deletedAt: deletedAt(),
    ...synced(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.id] }), index('loyalty_cards_client_idx').on(t.locationId, t.clientId)],
);

/** Loyalty card types of the chain (`GET /chain/{chain}/loyalty/card_types`). */
export const loyaltyCardTypes = altegio.table('loyalty_card_types', {
  id: id().primaryKey(),
  chainId: id('chain_id'),
  title: text('title'),
  programIds: jsonb('program_ids'),
  deletedAt: deletedAt(),
  ...synced(),
});

/** The loyalty card types a location lists (`GET /loyalty/card_types/salon/{loc}`). */
export const locationLoyaltyCardTypes = altegio.table(
  'location_loyalty_card_types',
  {
    locationId: locationId(),
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
