/**
 * Compares a warehouse with the simulator's ground truth, table by table, and
 * says what differs with the numbers ("records@1: 1203 rows, source 1210 (7
 * missing, 0 extra)") rather than failing at the first difference, so that a
 * scenario can print its verdict before it asserts. Records kept in
 * `rejected_records` are subtracted from the truth: the warehouse must hold
 * the source minus exactly those.
 */
import type { Simulator } from '../../src/simulator/index.js';
import { moneyText, sumMilli, toMilli } from '../../src/simulator/money.js';

/** Rows of one SQL query; works for the server warehouse and the embedded one alike. */
export type Query = (text: string) => Promise<Array<Record<string, unknown>>>;

/** Groups of tables, so that a run of a few streams is compared on those alone. */
export type Area = 'reference' | 'clients' | 'records' | 'visits' | 'z_reports' | 'transactions' | 'loyalty';
export const ALL_AREAS: readonly Area[] = ['reference', 'clients', 'records', 'visits', 'z_reports', 'transactions', 'loyalty'];

const numbers = (rows: Array<Record<string, unknown>>, key = 'id') => rows.map((r) => Number(r[key]));
const money = (value: unknown) => moneyText(toMilli(String(value ?? '0')));

/** "n rows, source m (a missing, b extra)" when two sorted id lists differ, else null. */
function idDiff(what: string, got: number[], want: number[]): string | null {
  const have = new Set(got);
  const should = new Set(want);
  const missing = want.filter((id) => !have.has(id));
  const extra = got.filter((id) => !should.has(id));
  if (missing.length === 0 && extra.length === 0 && got.length === want.length) return null;
  const list = (label: string, some: number[]) => (some.length ? `, ${label} ${some.slice(0, 3).join(' ')}${some.length > 3 ? ' …' : ''}` : '');
  return `${what}: ${got.length} rows, source ${want.length} (${missing.length} missing, ${extra.length} extra${list('missing', missing)}${list('extra', extra)})`;
}

function valueDiff(what: string, got: unknown, want: unknown): string | null {
  return JSON.stringify(got) === JSON.stringify(want) ? null : `${what}: ${JSON.stringify(got)}, source ${JSON.stringify(want)}`;
}

/** Ids the warehouse rejected, per stream and location: what the truth is compared without. */
async function rejectedIds(query: Query): Promise<Map<string, Set<number>>> {
  const rows = await query(`select stream, location_id, source_key from altegio.rejected_records where source_key ~ '^-?[0-9]{1,15}$'`);
  const out = new Map<string, Set<number>>();
  for (const r of rows) {
    const key = `${String(r.stream)}@${String(r.location_id)}`;
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(Number(r.source_key));
  }
  return out;
}

/** Every difference between the warehouse and the source in the given areas; empty when exact. */
export async function truthDiff(query: Query, sim: Simulator, areas: readonly Area[] = ALL_AREAS): Promise<string[]> {
  const truth = sim.truth();
  const rejected = await rejectedIds(query);
  const out: Array<string | null> = [];
  const ids = async (text: string) => numbers(await query(text));
  const sum = async (column: string, from: string) => money((await query(`select coalesce(sum(${column}), 0)::text as s from ${from}`))[0]!.s);
  const live = 'deleted_at is null';
  for (const loc of truth.locations) {
    const at = `location_id = ${loc.id}`;
    const data = sim.world.location(loc.id)!;
    if (areas.includes('reference')) {
      out.push(idDiff(`staff@${loc.id}`, await ids(`select id from altegio.staff where ${at} order by id`), loc.staff.ids));
      out.push(idDiff(`services@${loc.id}`, await ids(`select id from altegio.services where ${at} and ${live} order by id`), loc.services.ids));
      out.push(idDiff(`service_categories@${loc.id}`, await ids(`select id from altegio.service_categories where ${at} and ${live} order by id`), loc.serviceCategories.ids));
      out.push(idDiff(`accounts@${loc.id}`, await ids(`select id from altegio.accounts where ${at} and ${live} order by id`), loc.accounts.ids));
    }
    if (areas.includes('clients')) {
      const skip = rejected.get(`clients@${loc.id}`) ?? new Set<number>();
      const want = loc.clients.ids.filter((id) => !skip.has(id));
      out.push(idDiff(`clients@${loc.id}`, await ids(`select id from altegio.clients where ${at} and ${live} order by id`), want));
      const spent = sumMilli(data.clients.filter((c) => !c.deleted && !skip.has(c.id)).map((c) => c.spent));
      out.push(valueDiff(`clients@${loc.id} spent`, await sum('spent', `altegio.clients where ${at} and ${live}`), moneyText(spent)));
    }
    if (areas.includes('records')) {
      const skip = rejected.get(`records@${loc.id}`) ?? new Set<number>();
      out.push(idDiff(`records@${loc.id}`, await ids(`select id from altegio.records where ${at} order by id`), loc.records.ids.filter((id) => !skip.has(id))));
      out.push(idDiff(`records@${loc.id} deleted`, await ids(`select id from altegio.records where ${at} and deleted_at is not null order by id`), loc.records.deletedIds.filter((id) => !skip.has(id))));
      const lines = data.records.filter((r) => !r.deleted && !skip.has(r.id)).flatMap((r) => r.lines);
      const services = lines.filter((l) => l.kind === 'service');
      const goods = lines.filter((l) => l.kind !== 'service');
      const join = (table: string) => `altegio.${table} l join altegio.records r on r.location_id = l.location_id and r.id = l.record_id where r.${at} and r.deleted_at is null`;
      const [s] = await query(`select count(*)::int as n, coalesce(sum(l.cost), 0)::text as cost, coalesce(sum(l.first_cost), 0)::text as first from ${join('record_services')}`);
      out.push(valueDiff(`record_services@${loc.id}`, [Number(s!.n), money(s!.cost), money(s!.first)], [services.length, moneyText(sumMilli(services.map((l) => l.cost))), moneyText(sumMilli(services.map((l) => l.firstCost)))]));
      const [g] = await query(`select count(*)::int as n, coalesce(sum(l.cost), 0)::text as cost from ${join('record_goods')}`);
      out.push(valueDiff(`record_goods@${loc.id}`, [Number(g!.n), money(g!.cost)], [goods.length, moneyText(sumMilli(goods.map((l) => l.cost)))]));
    }
    if (areas.includes('visits')) {
      out.push(idDiff(`visits@${loc.id}`, await ids(`select id from altegio.visits where ${at} and ${live} order by id`), loc.visits.clientVisitIds));
    }
    if (areas.includes('z_reports')) out.push(await zReportsDiff(query, loc.id, loc.zReports));
    if (areas.includes('transactions')) {
      out.push(idDiff(`transactions@${loc.id}`, await ids(`select id from altegio.transactions where ${at} and ${live} order by id`), loc.transactions.ids));
      out.push(valueDiff(`transactions@${loc.id} amount`, await sum('amount', `altegio.transactions where ${at} and ${live}`), loc.transactions.amount));
    }
    if (areas.includes('loyalty')) {
      const l = loc.loyalty;
      out.push(idDiff(`gift_cards@${loc.id}`, await ids(`select id from altegio.gift_cards where ${at} and ${live} order by id`), l.giftCards.ids));
      out.push(valueDiff(`gift_cards@${loc.id} balance`, await sum('balance', `altegio.gift_cards where ${at} and ${live}`), l.giftCards.balance));
      out.push(idDiff(`loyalty_programs@${loc.id}`, await ids(`select id from altegio.loyalty_programs where ${at} and ${live} order by id`), l.programIds));
      out.push(idDiff(`location_loyalty_card_types@${loc.id}`, await ids(`select id from altegio.location_loyalty_card_types where ${at} and ${live} order by id`), l.cardTypeIds));
      out.push(idDiff(`location_membership_types@${loc.id}`, await ids(`select id from altegio.location_membership_types where ${at} and ${live} order by id`), l.membershipTypeIds));
    }
  }
  if (areas.includes('loyalty')) {
    const c = truth.chain;
    out.push(idDiff('loyalty_transactions', await ids(`select id from altegio.loyalty_transactions where ${live} order by id`), c.loyaltyTransactions.ids));
    out.push(valueDiff('loyalty_transactions amount', await sum('amount', `altegio.loyalty_transactions where ${live}`), c.loyaltyTransactions.amount));
    out.push(idDiff('memberships', await ids('select id from altegio.memberships order by id'), c.memberships.ids));
    out.push(valueDiff('memberships cost', await sum('cost', 'altegio.memberships'), c.memberships.cost));
    out.push(idDiff('membership_types', await ids(`select id from altegio.membership_types where ${live} order by id`), c.membershipTypeIds));
    out.push(idDiff('gift_card_types', await ids(`select id from altegio.gift_card_types where ${live} order by id`), c.giftCardTypeIds));
    out.push(idDiff('loyalty_card_types', await ids(`select id from altegio.loyalty_card_types where ${live} order by id`), c.cardTypeIds));
    out.push(idDiff('loyalty_cards', await ids(`select id from altegio.loyalty_cards where ${live} order by id`), c.loyaltyCards.ids));
    out.push(valueDiff('loyalty_cards balance', await sum('balance', `altegio.loyalty_cards where ${live}`), c.loyaltyCards.balance));
  }
  return out.filter((d): d is string => d !== null);
}

type ZDays = ReturnType<Simulator['truth']>['locations'][number]['zReports'];

/** Every day the source has a report for, by its records, clients and totals; days it has none for must be empty. */
async function zReportsDiff(query: Query, locationId: number, days: ZDays): Promise<string | null> {
  const rows = await query(
    `select report_date::text as d, records, clients, accounts_total::text as paid, discount_total::text as discount
     from altegio.z_reports where location_id = ${locationId}`,
  );
  const got = new Map(rows.map((r) => [String(r.d), `${Number(r.records)}|${Number(r.clients)}|${money(r.paid)}|${money(r.discount)}`]));
  const empty = `0|0|${moneyText(0)}|${moneyText(0)}`;
  const wrong: string[] = [];
  for (const [date, z] of Object.entries(days)) {
    if (got.get(date) !== `${z.stats.records}|${z.stats.clients}|${z.total.accounts}|${z.total.discount}`) wrong.push(date);
  }
  for (const [date, line] of got) if (!(date in days) && line !== empty) wrong.push(date);
  return wrong.length === 0 ? null : `z_reports@${locationId}: ${wrong.length} of ${Object.keys(days).length} days differ (${wrong.slice(0, 3).join(', ')})`;
}

/**
 * Keys held twice in any table of the schema: for every primary key and
 * unique index, the values that more than one row carries.
 */
export async function duplicateKeys(query: Query): Promise<string[]> {
  const keys = await query(`
    select c.relname as t, string_agg(quote_ident(a.attname), ', ' order by k.ord) as cols
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where n.nspname = 'altegio' and i.indisunique and c.relkind = 'r'
    group by c.relname, i.indexrelid`);
  const out: string[] = [];
  for (const { t, cols } of keys) {
    const [row] = await query(`select count(*)::int as n from (select 1 from altegio.${String(t)} group by ${String(cols)} having count(*) > 1) d`);
    if (Number(row!.n) > 0) out.push(`${String(t)} (${String(cols)}): ${Number(row!.n)} keys held twice`);
  }
  if (keys.length < 10) out.push(`only ${keys.length} keys found in schema altegio`);
  return out;
}
