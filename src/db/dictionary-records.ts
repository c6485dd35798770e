/** Dictionary entries of appointments (records), their lines, and visits. */
import { COUNT, INSTANT, LOCAL_DATE, LOCATION_ID, MONEY, OUR_CLOCK, PERCENT, SECONDS, col, synced, type Dictionary } from './dictionary-words.js';

const ATTENDANCE = '-1 no-show, 0 waiting, 1 arrived (the client came), 2 confirmed';

export const RECORDS: Dictionary = {
  'altegio.records': {
    about:
      'Appointments (`record` in the API) of a location, one row per booked session with one team member; deleted (cancelled) ones stay, ' +
      'with `deleted_at` set: filter `deleted_at is null` for live appointments. Several records of one arrival share a `visit_id`. ' +
      'Their service and goods lines are in `record_services` and `record_goods`. `altegio_bi.appointments` is the same with local time and prices.',
    source:
      '`GET /records/{location_id}?with_deleted=1`, stream `records`: incremental on `changed_after` in a sync, by session date in a backfill.',
    columns: {
      ...LOCATION_ID,
      id: col('Record id.', '`id`'),
      client_id: col('The client (`clients.id`); null for a walk-in.', '`client.id` (`client` is null for walk-ins)'),
      staff_id: col('The team member (`staff.id`).', '`staff_id`'),
      visit_id: col('The visit: all records of one arrival of the client share it (`visits.id`).', '`visit_id`'),
      document_id: col('The visit\'s sale document (receipt), which financial transactions name.', '`documents[0].id`'),
      starts_at: col('Start of the session.', '`datetime` (with offset), else `date` read in the location\'s zone', INSTANT),
      session_date: col('Calendar day of the session in the location; the column to filter and group by day.', '`starts_at` in `locations.timezone`', LOCAL_DATE),
      seance_length: col('Length of the session.', '`seance_length`', SECONDS),
      length: col('Length as booked.', '`length`', SECONDS),
      attendance: col(`Outcome of the appointment: ${ATTENDANCE}.`, '`attendance`'),
      visit_attendance: col(`Outcome of the whole visit, same codes: ${ATTENDANCE}.`, '`visit_attendance`'),
      confirmed: col('The client confirmed the appointment.', '`confirmed` (0/1)', 'boolean'),
      paid_full: col('Every line is paid.', '`paid_full` (0/1)', 'boolean'),
      prepaid: col('Paid in advance (online prepayment).', '`prepaid`', 'boolean'),
      online: col('Booked by the client online, not by the front desk.', '`online`', 'boolean'),
      comment: col('Comment on the appointment.', '`comment`'),
      api_id: col('External id set by an integration.', '`api_id`'),
      source: col(
        'Booking channel as the API names it (e.g. "online widget", "mobile app"); null for the front desk.',
        '`record_from`',
      ),
      custom_fields: col('Custom fields the location defined, as sent (`[]` stored as `{}`).', '`custom_fields`', 'jsonb'),
      created_at: col('When the appointment was booked.', '`create_date` (naive values read in the location\'s zone)', INSTANT),
      last_change_at: col('Last change at the source; the incremental cursor.', '`last_change_date`', INSTANT),
      deleted_at: col(
        'Set when the API reports the record deleted (cancelled); equals `last_change_at` of that answer. Null for live records.',
        '`deleted: true`',
        INSTANT,
      ),
      ...synced('the record object'),
    },
  },
  'altegio.record_services': {
    about:
      'Service lines of a record (`services[]`), replaced together with their record. A record may list the same service twice, ' +
      'hence `position`. Lines of deleted records are kept as last sent: join `records` and filter `records.deleted_at is null`.',
    source: '`services[]` of each record from `GET /records/{location_id}`, stream `records`.',
    columns: {
      ...LOCATION_ID,
      record_id: col('The record (`records.id`).', 'the record\'s `id`'),
      position: col('0-based place of the line in `services[]` (a record may list one service twice).', 'index in `services[]`'),
      service_id: col('The service (`services.id`).', '`services[].id`'),
      title: col('Service name at booking time.', '`services[].title`'),
      first_cost: col('List price of the line, before the discount.', '`services[].first_cost`', MONEY),
      discount: col('Discount of the line.', '`services[].discount`', `${PERCENT} of \`first_cost\` (not money)`),
      cost: col('Price of the line after the discount: what the appointment earns for it.', '`services[].cost`', MONEY),
      cost_to_pay: col('What the client has to pay for the line.', '`services[].cost_to_pay`', MONEY),
      cost_per_unit: col('Price per unit.', '`services[].cost_per_unit`', MONEY),
      amount: col('Quantity.', '`services[].amount`', COUNT),
      ...synced('the line'),
    },
  },
  'altegio.record_goods': {
    about: 'Goods (products) sold with a record (`goods_transactions[]`), replaced together with their record.',
    source: '`goods_transactions[]` of each record from `GET /records/{location_id}`, stream `records`.',
    columns: {
      ...LOCATION_ID,
      record_id: col('The record (`records.id`).', 'the record\'s `id`'),
      id: col('Goods transaction id.', '`goods_transactions[].id`'),
      good_id: col('The product id.', '`good_id`, else `good.id`'),
      title: col('Product name.', '`good.title`'),
      amount: col('Quantity as the API prints it: negative for a sale (stock leaves the storage).', '`amount`', COUNT),
      cost_per_unit: col('Unit price.', '`cost_per_unit`', MONEY),
      discount: col('Discount of the line.', '`discount`', `${PERCENT} (not money)`),
      cost: col('Price of the line after the discount.', '`cost`', MONEY),
      ...synced('the goods transaction'),
    },
  },
  'altegio.visits': {
    about:
      'Visits: one arrival of a client, made of one or more records plus the goods sold with them, with what was due and paid. ' +
      'Walk-in visits (no client) are not reachable through the source endpoint: use `records.visit_id` for those.',
    source: '`POST /company/{location_id}/clients/visits/search`, read per client, stream `visits`.',
    columns: {
      ...LOCATION_ID,
      id: col('Visit id (`records.visit_id`).', '`records[].visit_id`'),
      client_id: col('The client whose history lists the visit.', 'request `client_id`'),
      visit_date: col('Calendar day of the visit\'s first record.', '`records[].datetime`, else `date`', LOCAL_DATE),
      starts_at: col('Start of the visit\'s first record.', '`records[].datetime`', INSTANT),
      attendance: col(`Outcome: ${ATTENDANCE}.`, '`visit_attendance`, else the first record\'s `attendance`'),
      records_count: col('Records (appointments) in the visit.', 'count of `records[]`', COUNT),
      first_cost: col('List price of the visit\'s services, before discounts.', 'sum of `records[].services[].first_cost`', MONEY),
      cost_to_pay: col('Price of the services after discounts.', 'sum of `services[].cost_to_pay`', MONEY),
      paid_sum: col('Paid for the services.', 'sum of `services[].paid_sum`', MONEY),
      goods_cost: col('Goods sold in the visit, after discounts.', 'sum of `goods_transactions[].cost_to_pay`', MONEY),
      goods_paid: col('Paid for those goods.', 'sum of `goods_transactions[].paid_sum`', MONEY),
      payment_status: col(
        '`not_paid`, `paid_not_full`, `paid_full` or `paid_over` (tip or overpayment), over services and goods together; nothing to pay is `paid_full`.',
        'computed from the lines\' `payment_status`',
      ),
      deleted_at: col(
        'Set when a complete read of the client\'s history no longer lists the visit (all its records deleted, or moved to another client).',
        'computed by the stream',
        OUR_CLOCK,
      ),
      ...synced('`{ records, goods_transactions }` of the visit'),
    },
  },
};
