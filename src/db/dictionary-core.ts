/** Dictionary entries of the location, its reference data and its clients. */
import { COUNT, GONE_FROM_LISTING, INSTANT, LOCATION_ID, MONEY, OUR_CLOCK, PERCENT, SECONDS, col, synced, type Dictionary } from './dictionary-words.js';

export const CORE: Dictionary = {
  'altegio.locations': {
    about:
      'One row per location (`company` in the API): a salon, clinic or studio. Its `timezone` defines what a "day" is for every ' +
      'location-local date in the warehouse, and its `currency` is the currency of every amount keyed by it.',
    source: '`GET /company/{location_id}`, stream `locations`, refreshed on every pass.',
    columns: {
      id: col('Location id (`company_id` / `location_id` elsewhere in the API).', '`id`'),
      title: col('Name of the location.', '`title`'),
      timezone: col(
        'IANA time zone, e.g. `America/New_York`. Use it to turn instants into local time: `starts_at at time zone timezone`.',
        '`timezone_name`',
      ),
      timezone_offset: col('UTC offset in hours as the API reports it; ignores daylight saving time, so use `timezone` instead.', '`timezone`', 'hours'),
      currency: col(
        'Currency of every amount of this location, as an ISO 4217 code (e.g. `USD`, `JPY`), as in `z_reports.currency`.',
        '`currency`, else `currency_short_title`',
      ),
      currency_symbol: col('How the location writes its currency (e.g. `$`, `¥`).', '`currency_short_title`'),
      chain_id: col('The chain (`salon_group`) the location belongs to, when the API says.', '`main_group_id`, else `salon_group_id`'),
      country: col('Country.', '`country`'),
      city: col('City.', '`city`'),
      address: col('Street address.', '`address`'),
      ...synced('the location object'),
    },
  },
  'altegio.staff': {
    about: 'Team members (`staff` / `master` in the API) of a location. Fired team members stay, since old appointments name them.',
    source: '`GET /company/{location_id}/staff`, stream `staff`, refreshed in full on every pass.',
    columns: {
      ...LOCATION_ID,
      id: col('Team member id (`staff_id` / `master_id` elsewhere).', '`id`'),
      name: col('Display name.', '`name`'),
      specialization: col('Free-text speciality (e.g. "Hair stylist").', '`specialization`'),
      position_id: col('Position id.', '`position.id`'),
      position: col('Position as sent: `{ id, title }`.', '`position`', 'jsonb'),
      fired: col('Has left the location; their past records still name them.', '`fired` (0/1)', 'boolean'),
      hidden: col('Not offered in online booking.', '`hidden` (0/1)', 'boolean'),
      rating: col('Average client rating.', '`rating`', '0–5'),
      weight: col('Sort order in the booking form.', '`weight`'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the team member object'),
    },
  },
  'altegio.services': {
    about: 'Services a location sells, with the price-list range. What an appointment actually cost is in `record_services`.',
    source: '`GET /company/{location_id}/services`, stream `services`, refreshed in full.',
    columns: {
      ...LOCATION_ID,
      id: col('Service id.', '`id`'),
      title: col('Service name.', '`title`'),
      category_id: col('`service_categories.id` of the same location.', '`category_id`'),
      price_min: col('Lowest list price.', '`price_min`', MONEY),
      price_max: col('Highest list price.', '`price_max`', MONEY),
      duration: col('Default length of the service.', '`duration`', SECONDS),
      active: col('Bookable; inactive services stay listed.', '`active` (0/1)', 'boolean'),
      weight: col('Sort order in the booking form.', '`weight`'),
      api_id: col('External id set by an integration.', '`api_id`'),
      comment: col('Description.', '`comment`'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the service object'),
    },
  },
  'altegio.service_categories': {
    about: 'Service categories of a location.',
    source: '`GET /company/{location_id}/service_categories`, stream `service_categories`, refreshed in full.',
    columns: {
      ...LOCATION_ID,
      id: col('Category id.', '`id`'),
      title: col('Category name.', '`title`'),
      weight: col('Sort order in the booking form, higher first.', '`weight`'),
      api_id: col('External id set by an integration.', '`api_id`'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the category object'),
    },
  },
  'altegio.accounts': {
    about: 'Payment accounts of a location: cash desks, card terminals, bank accounts. Z-report payments name them by `title`.',
    source: '`GET /accounts/{location_id}`, stream `accounts`, refreshed in full.',
    columns: {
      ...LOCATION_ID,
      id: col('Account id (`account.id` of a financial transaction).', '`id`'),
      title: col('Account name, e.g. "Cash".', '`title`'),
      type: col('0 cash, 1 non-cash.', '`type`'),
      comment: col('Comment.', '`comment`'),
      archived: col('Archived in Altegio but still listed.', '`is_deleted`', 'boolean'),
      deleted_at: GONE_FROM_LISTING,
      ...synced('the account object'),
    },
  },
  'altegio.clients': {
    about:
      'Clients of a location. The same person has a separate client (and id) in each location. The API never reports a deleted client: ' +
      'the `client_sweep` stream detects them and sets `deleted_at`; their past appointments stay.',
    source: '`GET /clients/{location_id}?changed_after=`, stream `clients` (incremental); `deleted_at` by stream `client_sweep`.',
    columns: {
      ...LOCATION_ID,
      id: col('Client id (`client.id` / `client_id` elsewhere).', '`id`'),
      name: col('First name (or the whole name, as the location typed it).', '`name`'),
      surname: col('Surname.', '`surname`'),
      patronymic: col('Patronymic.', '`patronymic`, else `middle_name`'),
      phone: col(
        'Phone number, its digits only, so that it joins: the API sends a number or a formatted string (`+1 (315) 555-0177` is kept as `13155550177`); ' +
          'null when it has no digits. `raw` keeps it as sent.',
        '`phone` (a number or a formatted string)',
      ),
      email: col('E-mail address.', '`email`'),
      card: col('Loyalty card number printed on the client card.', '`card`'),
      birth_date: col('Birthday; null where the API says "0000-00-00".', '`birth_date`', 'date (a calendar date, no zone)'),
      gender_id: col('0 unknown, 1 male, 2 female (title in `raw.gender`).', '`gender_id`, else `sex_id`'),
      discount: col('Personal discount.', '`discount`', PERCENT),
      importance_id: col('Importance class, 0 none (title in `raw.importance`, e.g. "Gold").', '`importance_id`'),
      categories: col('Client categories as sent: `[{ id, title, color }]`.', '`categories`', 'jsonb'),
      sms_check: col('1: send a birthday greeting by SMS.', '`sms_check`'),
      sms_not: col('1: excluded from SMS campaigns.', '`sms_not`'),
      spent: col('Lifetime spend at the location, as Altegio computes it.', '`spent`', MONEY),
      paid: col('Lifetime amount paid, as Altegio computes it.', '`paid`', MONEY),
      balance: col("Client's deposit balance (negative: owes the location).", '`balance`', MONEY),
      visits_count: col('Visits, as Altegio counts them.', '`visits`', COUNT),
      comment: col('Free-text note about the client.', '`comment`'),
      custom_fields: col('Custom fields the location defined, as sent.', '`custom_fields`', 'jsonb'),
      last_change_at: col(
        'Last change at the source; the incremental cursor.',
        '`last_change_date` (naive values read in the location\'s zone)',
        INSTANT,
      ),
      deleted_at: col(
        'Set when the client is no longer in the location\'s client list (deleted at the source); cleared if they reappear. ' +
          'Filter `deleted_at is null` for current clients.',
        'computed by stream `client_sweep`',
        OUR_CLOCK,
      ),
      ...synced('the client object'),
    },
  },
};
