/** Dictionary entries of the day-end reports (Z-reports) and financial transactions. */
import { COUNT, INSTANT, LOCATION_ID, MONEY, OUR_CLOCK, col, synced, type ColumnDoc, type Dictionary } from './dictionary-words.js';

const Z_MONEY = 'numeric, the report\'s `currency`';
const REPORT_DATE = col('The location-local day the report covers.', 'request `start_date`', "date, the location's local calendar day");

/** A count of the day and the revenue per unit of it. */
function countAndAverage(name: string, what: string, source: string): Record<string, ColumnDoc> {
  return {
    [name]: col(`${what} of the day.`, `\`stats.${source}\``, COUNT),
    [`${name}_average`]: col(`Paid per one of them (${what.toLowerCase()}).`, `\`stats.${source}_average\``, Z_MONEY),
  };
}

export const FINANCE: Dictionary = {
  'altegio.z_reports': {
    about:
      'The day-end report (Z-report) of one location-local day, as Altegio computes it: what was sold and paid that day. ' +
      'A day without activity is a row of zeros. Recent days are re-read on every run because the source corrects them ' +
      '(refunds, late payments). Compare with the records in `altegio_bi.daily_revenue`.',
    source: '`GET /reports/z_report/{location_id}?start_date=&master_id=0`, one day a request, stream `z_reports`.',
    columns: {
      ...LOCATION_ID,
      report_date: REPORT_DATE,
      ...countAndAverage('clients', 'Clients served', 'clients'),
      ...countAndAverage('records', 'Records (appointments)', 'records'),
      ...countAndAverage('visit_records', 'Records where the client came', 'visit_records'),
      ...countAndAverage('non_visit_records', 'Records where the client did not come', 'non_visit_records'),
      targets: col('Service lines sold.', '`stats.targets`', COUNT),
      targets_paid: col('Paid for services.', '`stats.targets_paid`', Z_MONEY),
      goods: col('Goods lines sold.', '`stats.goods`', COUNT),
      goods_paid: col('Paid for goods.', '`stats.goods_paid`', Z_MONEY),
      gift_cards: col('Gift cards sold.', '`stats.certificates`', COUNT),
      gift_cards_paid: col('Paid for gift cards.', '`stats.certificates_paid`', Z_MONEY),
      memberships: col('Memberships sold.', '`stats.abonement`', COUNT),
      memberships_paid: col('Paid for memberships.', '`stats.abonement_paid`', Z_MONEY),
      accounts_total: col('Received into payment accounts (cash, card...): the sum of the `account` rows of `z_report_payments`.', '`paids.total.accounts`', Z_MONEY),
      discount_total: col('Discounts and loyalty write-offs: the sum of the `discount` rows of `z_report_payments`.', '`paids.total.discount`', Z_MONEY),
      currency: col('Currency of every amount of the report.', '`currency`'),
      ...synced('the whole report (with `report_date` added)'),
    },
  },
  'altegio.z_report_payments': {
    about:
      'Payments of a Z-report by payment account (`kind = \'account\'`) and discounts by title (`kind = \'discount\'`), replaced together with their day.',
    source: '`paids.accounts[]` and `paids.discount[]` of the Z-report, stream `z_reports`.',
    columns: {
      ...LOCATION_ID,
      report_date: REPORT_DATE,
      kind: col('`account` (money received into a payment account) or `discount` (a discount or loyalty write-off).', '`paids.accounts` / `paids.discount`'),
      position: col('Place in the API\'s list (titles are not guaranteed unique).', 'index in the list'),
      title: col('Account title (e.g. "Cash", matching `accounts.title`) or discount title (e.g. "Promotion Discount").', '`title`'),
      amount: col('Amount of the day for this account or discount.', '`amount`', Z_MONEY),
      ...synced('the `{ title, amount }` entry'),
    },
  },
  'altegio.z_report_items': {
    about:
      'One sold item of a Z-report: client × team member × service, good or other operation, with how it was paid. Replaced with its day.',
    source: '`z_data` of the Z-report, stream `z_reports`.',
    columns: {
      ...LOCATION_ID,
      report_date: REPORT_DATE,
      line: col('Numbers the day\'s items in the API\'s order (by session, client, team member, services, goods, other).', 'computed'),
      starts_at: col('Start of the session the item was sold in.', 'the `z_data` key (unix seconds)', INSTANT),
      client_id: col('The client; null for a walk-in (the API sends 0).', '`client_id`'),
      client_name: col('Client name as printed on the report.', '`client_name`'),
      staff_id: col('The team member.', '`masters[].master_id`'),
      staff_name: col('Team member name as printed on the report.', '`masters[].master_name`'),
      kind: col('`service`, `good` or `other`.', '`service[]`, `good[]`, `others` (one item, skipped when all zeros)'),
      item_title: col('What was sold.', '`item_title`'),
      first_cost: col('List price.', '`first_cost`', Z_MONEY),
      discount: col('Discount amount.', '`discount`', `${Z_MONEY} (money, not percent)`),
      result_cost: col('Price after the discount.', '`result_cost`', Z_MONEY),
      accounts_amount: col('Paid into payment accounts.', 'sum of `transactions[].accounts_amount`', Z_MONEY),
      loyalty_amount: col('Paid with loyalty cards, memberships or gift cards.', 'sum of `transactions[].loyalty_amount`', Z_MONEY),
      ...synced('the item with its `transactions[]` (`payment_type` per part)'),
    },
  },
  'altegio.transactions': {
    about:
      'Financial transactions: payments into a payment account (positive) and expenses out of one (negative, e.g. rent). ' +
      'Refunded or deleted ones get `deleted_at`: filter `deleted_at is null`.',
    source: '`GET /transactions/{location_id}?start_date=&end_date=`, 7 local days a request, stream `transactions`.',
    columns: {
      ...LOCATION_ID,
      id: col('Transaction id.', '`id`'),
      document_id: col('The sale document (receipt); null when the API sends 0.', '`document_id`'),
      paid_at: col('When the money moved.', '`date` (naive: read in the location\'s zone)', INSTANT),
      transaction_date: col('Calendar day of `paid_at` in the location, the day the API\'s `start_date`/`end_date` filter on: the column to filter by day.', '`paid_at` in `locations.timezone`', "date, the location's local calendar day"),
      amount: col('Signed amount: positive into the account, negative out of it.', '`amount`', MONEY),
      expense_id: col('Cash-flow item (e.g. 5 "Service payments", 7 "Sale of goods", or an expense such as rent).', '`expense.id`'),
      expense: col('The cash-flow item as sent: `{ id, title, ... }`.', '`expense`', 'jsonb'),
      account_id: col('The payment account (`accounts.id`).', '`account.id`'),
      client_id: col('The client; null when there is none.', '`client.id`'),
      staff_id: col('The team member.', '`master.id`'),
      record_id: col('The record paid for; null (API: 0) for expenses.', '`record_id`'),
      visit_id: col('The visit paid for; null (API: 0) for expenses.', '`visit_id`'),
      sold_item_id: col('The service id or goods transaction id sold.', '`sold_item_id`'),
      sold_item_type: col('What was sold: `service` or `good`.', '`sold_item_type`'),
      comment: col('Comment.', '`comment`'),
      last_change_at: col('Last change at the source.', '`last_change_date`', INSTANT),
      deleted_at: col('Set when a complete re-read of its day no longer lists it (refunded, deleted).', 'computed by the stream', OUR_CLOCK),
      ...synced('the transaction object'),
    },
  },
};
