/** Dictionary entries of the loyalty module: cards, transactions, memberships, gift cards, programs. */
import { COUNT, GONE_FROM_LISTING, INSTANT, LOCATION_ID, MONEY, OUR_CLOCK, col, synced, type ColumnDoc, type Dictionary } from './dictionary-words.js';

const CHAIN_ID = col('The chain (`salon_group_id` in the API) the row belongs to.', '`salon_group_id`, else the request\'s `{chain_id}`');
const SOLD_AT = col('The location that sold it (`company_id` / `salon_id`), when the API says; null otherwise.', '`company_id`, else `salon_id`');
const PERIOD_UNITS = '1 day, 2 week, 3 month, 4 year';
const SWEPT = (what: string): ColumnDoc =>
  col(`Set when a complete read of ${what} no longer lists it; cleared if it comes back. Filter \`deleted_at is null\`.`, 'computed by the stream', OUR_CLOCK);

export const LOYALTY: Dictionary = {
  'altegio.loyalty_transactions': {
    about:
      'Accruals to and withdrawals from loyalty cards, chain-wide. The API\'s rows carry no timestamp: `created_date` is the day of the ' +
      'one-day `created_after`/`created_before` window that listed the row.',
    source: '`GET /chain/{chain_id}/loyalty/transactions?created_after=&created_before=`, one day a window, stream `loyalty_transactions`.',
    columns: {
      id: col('Loyalty transaction id.', '`id`'),
      chain_id: CHAIN_ID,
      location_id: col('The location where it happened.', '`salon_id`, else `company_id`'),
      amount: col('Money or points moved on the card; `type_id` says the direction (withdrawals may be printed negative).', '`amount`', MONEY),
      type_id: col('Kind of movement: 1 accrual, 2 withdrawal, as the API numbers them (title in `raw.type`).', '`type_id`, else `type.id`'),
      status_id: col('Status as the API numbers it.', '`status_id`'),
      card_id: col('The loyalty card (`loyalty_cards.id`).', '`card_id`'),
      program_id: col('The loyalty program (`loyalty_programs.id`).', '`program_id`'),
      client_id: col('The card holder (`clients.id`).', '`client_id`'),
      record_id: col('The record that caused it.', '`record_id`, else `item_record_id`'),
      visit_id: col('The visit that caused it.', '`visit_id`'),
      created_date: col(
        'The day of the listing window the row was found in; the API does not document whose time zone its days are in.',
        'request `created_after` (= `created_before`)',
        'date, the API\'s calendar day',
      ),
      deleted_at: SWEPT('its day'),
      ...synced('the transaction object'),
    },
  },
  'altegio.memberships': {
    about:
      'Memberships (`abonement` in the API) sold in the chain: prepaid packages of visits. `balance` is visits, not money. ' +
      'The listing has no deletion signal.',
    source: '`GET /chain/{chain_id}/loyalty/abonements?created_after=&created_before=`, by creation date, stream `memberships`.',
    columns: {
      id: col('Membership id.', '`id`'),
      chain_id: CHAIN_ID,
      location_id: SOLD_AT,
      type_id: col('Membership type (`membership_types.id`).', '`type_id`, else `type.id`'),
      number: col('The membership\'s code.', '`number`'),
      balance: col('Visits left.', '`united_balance_services_count`, else `balance`', 'visits (count, not money)'),
      balance_text: col('The balance as the API words it, e.g. "5 visits".', '`balance_string`'),
      status_id: col('Status as the API numbers it (title in `status`).', '`status.id`, else `status_id`'),
      status: col('Status title, e.g. "Active", "Frozen", "Expired".', '`status.title`'),
      is_frozen: col('Frozen (paused) by the location.', '`is_frozen`', 'boolean'),
      created_at: col('When it was sold.', '`created_date` (naive values read in the selling location\'s zone)', INSTANT),
      expires_at: col('When the visits left expire.', '`expiration_date` (naive values read in the selling location\'s zone)', INSTANT),
      client_id: col('The client who holds it (`clients.id` of the selling location).', '`client_id`, else `client.id`'),
      client_phone: col('The client\'s phone, as sent.', '`client_phone`, else `client.phone`'),
      cost: col('Price it was sold for.', '`cost`, else `type.cost`', MONEY),
      deleted_at: col('Reserved: the memberships listing never reports a deletion, so this stays null.', undefined, OUR_CLOCK),
      ...synced('the membership object'),
    },
  },
  'altegio.membership_types': {
    about: 'Membership types of the chain: what a membership gives and for how long.',
    source: '`GET /chain/{chain_id}/loyalty/abonement_types`, stream `membership_types`, refreshed in full.',
    columns: {
      id: col('Membership type id.', '`id`'),
      chain_id: col('The chain; null only when read from a location listing that does not say.', '`salon_group_id`'),
      title: col('Name of the type.', '`title`'),
      cost: col('Price.', '`cost`', "numeric, the selling location's currency"),
      period: col(`Validity, in units of \`period_unit_id\`.`, '`period`', COUNT),
      period_unit_id: col(`Unit of \`period\`: ${PERIOD_UNITS}.`, '`period_unit_id`'),
      is_united_balance: col('One balance of visits for every service (rather than per service).', '`is_united_balance`', 'boolean'),
      united_balance_services_count: col('Visits on a united balance.', '`united_balance_services_count`', 'visits'),
      services: col('Visits per service: `{ "<service id>": visits }` (an object, not a list).', '`services`', 'jsonb'),
      service_categories: col('Visits per service category: `{ "<category id>": visits }`.', '`service_categories`', 'jsonb'),
      is_archived: col('Archived: no longer sold.', '`is_archived`', 'boolean'),
      location_ids: col(
        'Locations the chain attached it to; which locations list it is in `location_membership_types`.',
        '`attached_location_ids`, else `location_ids` / `salon_ids`',
        'bigint[]',
      ),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the membership type object'),
    },
  },
  'altegio.location_membership_types': {
    about: 'The membership types a location lists: "which locations sell it" is a join on `id`.',
    source: '`GET /company/{location_id}/loyalty/abonement_types/search`, stream `location_membership_types`, refreshed in full.',
    columns: {
      ...LOCATION_ID,
      id: col('Membership type id (`membership_types.id`).', '`id`'),
      title: col('Name of the type.', '`title`'),
      cost: col('Price at this location.', '`cost`', MONEY),
      is_archived: col('Archived: no longer sold.', '`is_archived`', 'boolean'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the membership type object'),
    },
  },
  'altegio.gift_cards': {
    about:
      'Gift cards (`certificate` in the API) held by a location\'s clients, with what is left on them. ' +
      'Read per client phone; cards of clients deleted at the source are marked deleted. Unspent balances are in `altegio_bi.loyalty_liability`.',
    source: '`GET /loyalty/certificates?company_id={location_id}&phone=`, per client, stream `gift_cards`.',
    columns: {
      ...LOCATION_ID,
      id: col('Gift card id.', '`id`'),
      client_id: col('The client whose phone listed it (the payload does not name the client).', 'the client asked for'),
      number: col('The card\'s code.', '`number` (a number or a string)'),
      balance: col('What is left on it.', '`balance`', MONEY),
      default_balance: col('Face value when sold.', '`default_balance`', MONEY),
      type_id: col('Gift card type (`gift_card_types.id`).', '`type_id`, else `type.id`'),
      status_id: col('Status as the API numbers it (title in `status`); the numbering is not documented, prefer `balance` and `expires_at`.', '`status_id`'),
      status: col('Status title, e.g. "issued", "activated", "used", "expired".', '`status.title`'),
      created_at: col('When it was sold.', '`created_date`', INSTANT),
      expires_at: col('When what is left on it expires.', '`expiration_date`', INSTANT),
      deleted_at: SWEPT("the client's gift cards"),
      ...synced('the gift card object'),
    },
  },
  'altegio.gift_card_types': {
    about: 'Gift card types of the chain.',
    source: '`GET /chain/{chain_id}/loyalty/certificate_types`, stream `gift_card_types`, refreshed in full.',
    columns: {
      id: col('Gift card type id.', '`id`'),
      chain_id: CHAIN_ID,
      title: col('Name of the type.', '`title`'),
      balance: col('Face value.', '`balance`', "numeric, the chain's currency"),
      is_multi: col('Can be spent in several goes.', '`is_multi`', 'boolean'),
      item_type_id: col('What it pays for: 0 anything, 1 services only, 2 some services and all goods, 3 some services, 4 goods only.', '`item_type_id`'),
      expiration_type_id: col('0 never expires, 1 on a fixed date (`expires_at`), 2 after `expiration_timeout` units from the sale.', '`expiration_type_id`'),
      expires_at: col('The fixed expiry date, for `expiration_type_id` 1.', '`expiration_date` (read as UTC)', INSTANT),
      expiration_timeout: col('Validity after the sale, for `expiration_type_id` 2.', '`expiration_timeout`', 'units of `expiration_timeout_unit_id`'),
      expiration_timeout_unit_id: col(`Unit of \`expiration_timeout\`: ${PERIOD_UNITS}.`, '`expiration_timeout_unit_id`'),
      is_allow_empty_code: col('May be sold without a code.', '`is_allow_empty_code`', 'boolean'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the gift card type object'),
    },
  },
  'altegio.loyalty_cards': {
    about:
      'Loyalty cards of a location\'s clients (discount, cashback, bonus cards). A chain card may be listed for the same person\'s client in several locations, hence the key with `location_id`.',
    source: '`GET /loyalty/client_cards/{client_id}`, per client, stream `loyalty_cards`.',
    columns: {
      ...LOCATION_ID,
      id: col('Loyalty card id.', '`id`'),
      chain_id: col('The chain.', '`salon_group_id`'),
      client_id: col('The client it was read for.', 'the client asked for'),
      type_id: col('Card type (`loyalty_card_types.id`).', '`type_id`, else `type.id`'),
      number: col('The card\'s number.', '`number`'),
      balance: col('Money on the card (cashback, deposits).', '`balance`', MONEY),
      points: col('Bonus points on the card.', '`points`', 'points (not money)'),
      paid_amount: col('Paid with the card so far.', '`paid_amount`', MONEY),
      sold_amount: col('Sold to the card holder so far.', '`sold_amount`', MONEY),
      visits_count: col('Visits made with the card.', '`visits_count`', COUNT),
      deleted_at: SWEPT("the client's cards"),
      ...synced('the card object'),
    },
  },
  'altegio.loyalty_card_types': {
    about: 'Loyalty card types of the chain.',
    source: '`GET /chain/{chain_id}/loyalty/card_types`, stream `loyalty_card_types`, refreshed in full.',
    columns: {
      id: col('Card type id.', '`id`'),
      chain_id: col('The chain; null only when read from a location listing that does not say.', '`salon_group_id`'),
      title: col('Name of the type.', '`title`'),
      program_ids: col('Loyalty programs the type takes part in.', '`programs[].id`, else `program_ids`', 'jsonb list of ids'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the card type object'),
    },
  },
  'altegio.location_loyalty_card_types': {
    about: 'The loyalty card types a location lists.',
    source: '`GET /loyalty/card_types/salon/{location_id}`, stream `location_loyalty_card_types`, refreshed in full.',
    columns: {
      ...LOCATION_ID,
      id: col('Card type id (`loyalty_card_types.id`).', '`id`'),
      title: col('Name of the type.', '`title`'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the card type object'),
    },
  },
  'altegio.loyalty_programs': {
    about: 'Loyalty programs (discount, cashback, bonus) a location takes part in.',
    source: '`GET /company/{location_id}/loyalty/programs/search`, stream `loyalty_programs`, refreshed in full.',
    columns: {
      ...LOCATION_ID,
      id: col('Program id.', '`id`'),
      chain_id: col('The chain.', '`salon_group_id`, else `group_id`'),
      title: col('Name of the program.', '`title`'),
      type_id: col('Kind of program as the API numbers it (its name, such as `discount_static`, in `raw.type`).', '`type_id`, else `loyalty_type_id`, else `type.id`'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the program object'),
    },
  },
};
