import { sql } from 'drizzle-orm';
import { boolean, date, integer, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { id, instant, money } from './_columns.js';

/**
 * Views for BI tools (Metabase, Superset, Power BI, psql), in their own schema
 * so that an analyst's table list starts with answers, not with sync plumbing.
 * Their meaning, column by column, is in `src/db/dictionary-bi.ts` and
 * docs/warehouse.md.
 *
 * Written so that a filter on a view reaches the indexes of the tables under
 * it: aggregates group by the columns analysts filter on (location, date,
 * team member), and sources are combined with UNION ALL + GROUP BY rather
 * than FULL JOIN, which Postgres cannot push a filter through.
 */
export const bi = pgSchema('altegio_bi');

/** The price of a record's lines (after discounts), as one correlated sum per line table. */
const servicesPrice = sql.raw(
  `(select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id)`,
);
const goodsPrice = sql.raw(
  `(select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id)`,
);

/**
 * The appointments query, also inlined (not referenced) by the views built on
 * it: each view then depends on tables only, so one can be replaced without
 * dropping the others.
 */
const appointmentsQuery = sql`select r.location_id, r.id as record_id, r.visit_id, r.client_id, r.staff_id,
  r.session_date as date, r.starts_at,
  r.starts_at at time zone l.timezone as starts_local,
  extract(hour from r.starts_at at time zone l.timezone)::int as hour,
  r.attendance,
  case r.attendance when 1 then 'arrived' when 2 then 'confirmed' when 0 then 'waiting' when -1 then 'no-show' else 'unknown' end as status,
  coalesce(r.source, 'front desk') as source,
  r.online,
  coalesce(r.seance_length, r.length) as length_seconds,
  ${servicesPrice} as services_price,
  ${goodsPrice} as goods_price,
  ${servicesPrice} + ${goodsPrice} as price,
  l.currency
from altegio.records r
join altegio.locations l on l.id = r.location_id
where r.deleted_at is null`;

/** One row per live (not deleted) appointment, in the location's local time, with its price. */
export const appointments = bi
  .view('appointments', {
    locationId: id('location_id'),
    recordId: id('record_id'),
    visitId: id('visit_id'),
    clientId: id('client_id'),
    staffId: id('staff_id'),
    date: date('date', { mode: 'string' }),
    startsAt: instant('starts_at'),
    startsLocal: timestamp('starts_local', { mode: 'string' }),
    hour: integer('hour'),
    attendance: integer('attendance'),
    status: text('status'),
    source: text('source'),
    online: boolean('online'),
    lengthSeconds: integer('length_seconds'),
    servicesPrice: money('services_price'),
    goodsPrice: money('goods_price'),
    price: money('price'),
    currency: text('currency'),
  })
  .as(appointmentsQuery);

/** Revenue per location and local day: the Z-report's figure and the records' figure side by side. */
export const dailyRevenue = bi
  .view('daily_revenue', {
    locationId: id('location_id'),
    location: text('location'),
    date: date('date', { mode: 'string' }),
    currency: text('currency'),
    zreportRevenue: money('zreport_revenue'),
    zreportReceived: money('zreport_received'),
    recordsRevenue: money('records_revenue'),
    difference: money('difference'),
    arrivedRecords: integer('arrived_records'),
  })
  .as(
    sql`select d.location_id, l.title as location, d.date, l.currency,
  d.zreport_revenue, d.zreport_received, d.records_revenue,
  d.zreport_revenue - d.records_revenue as difference,
  d.arrived_records
from (
  select u.location_id, u.date,
    sum(u.zreport_revenue) as zreport_revenue, sum(u.zreport_received) as zreport_received,
    coalesce(sum(u.records_revenue), 0) as records_revenue,
    count(u.records_revenue)::int as arrived_records
  from (
    select z.location_id, z.report_date as date,
      z.targets_paid + z.goods_paid + z.gift_cards_paid + z.memberships_paid as zreport_revenue,
      z.accounts_total as zreport_received, null::numeric as records_revenue
    from altegio.z_reports z
    union all
    select a.location_id, a.date, null, null, a.price
    from (${appointmentsQuery}) a
    where a.attendance = 1
  ) u
  group by u.location_id, u.date
) d
join altegio.locations l on l.id = d.location_id`,
  );

/** Live appointments per location, local day, attendance status and booking channel. */
export const appointmentsDaily = bi
  .view('appointments_daily', {
    locationId: id('location_id'),
    date: date('date', { mode: 'string' }),
    attendance: integer('attendance'),
    status: text('status'),
    source: text('source'),
    appointments: integer('appointments'),
  })
  .as(
    sql`select a.location_id, a.date, a.attendance, a.status, a.source, count(*)::int as appointments
from (${appointmentsQuery}) a
group by a.location_id, a.date, a.attendance, a.status, a.source`,
  );

/** New and returning clients per location and local month, and how many new ones came back. */
export const clientReturnMonthly = bi
  .view('client_return_monthly', {
    locationId: id('location_id'),
    month: date('month', { mode: 'string' }),
    clients: integer('clients'),
    newClients: integer('new_clients'),
    returningClients: integer('returning_clients'),
    newCameBack: integer('new_came_back'),
    returnRatePercent: numeric('return_rate_percent'),
  })
  .as(
    sql`with visit_days as (
  select distinct r.location_id, r.client_id, r.session_date
  from altegio.records r
  where r.deleted_at is null and r.attendance = 1 and r.client_id is not null
), per_client as (
  select v.location_id, v.client_id, date_trunc('month', min(v.session_date)::timestamp)::date as first_month, count(*) > 1 as came_back
  from visit_days v
  group by v.location_id, v.client_id
), months as (
  select distinct v.location_id, v.client_id, date_trunc('month', v.session_date::timestamp)::date as month
  from visit_days v
)
select m.location_id, m.month,
  count(*)::int as clients,
  count(*) filter (where p.first_month = m.month)::int as new_clients,
  count(*) filter (where p.first_month < m.month)::int as returning_clients,
  count(*) filter (where p.first_month = m.month and p.came_back)::int as new_came_back,
  round(100.0 * count(*) filter (where p.first_month = m.month and p.came_back) / nullif(count(*) filter (where p.first_month = m.month), 0), 2) as return_rate_percent
from months m
join per_client p on p.location_id = m.location_id and p.client_id = m.client_id
group by m.location_id, m.month`,
  );

/** Revenue, visits, no-shows and average ticket per team member and local month. */
export const staffMonthly = bi
  .view('staff_monthly', {
    locationId: id('location_id'),
    staffId: id('staff_id'),
    staffName: text('staff_name'),
    month: date('month', { mode: 'string' }),
    currency: text('currency'),
    appointments: integer('appointments'),
    arrived: integer('arrived'),
    noShows: integer('no_shows'),
    noShowPercent: numeric('no_show_percent'),
    visits: integer('visits'),
    revenue: money('revenue'),
    averageTicket: money('average_ticket'),
  })
  .as(
    sql`select m.location_id, m.staff_id, s.name as staff_name, m.month, m.currency,
  m.appointments, m.arrived, m.no_shows,
  round(100.0 * m.no_shows / nullif(m.arrived + m.no_shows, 0), 2) as no_show_percent,
  m.visits, m.revenue,
  round(m.revenue / nullif(m.visits, 0), 2) as average_ticket
from (
  select a.location_id, a.staff_id, date_trunc('month', a.date::timestamp)::date as month, max(a.currency) as currency,
    count(*)::int as appointments,
    count(*) filter (where a.attendance = 1)::int as arrived,
    count(*) filter (where a.attendance = -1)::int as no_shows,
    count(distinct a.visit_id) filter (where a.attendance = 1)::int as visits,
    coalesce(sum(a.price) filter (where a.attendance = 1), 0) as revenue
  from (${appointmentsQuery}) a
  group by a.location_id, a.staff_id, date_trunc('month', a.date::timestamp)::date
) m
left join altegio.staff s on s.location_id = m.location_id and s.id = m.staff_id`,
  );

/** What the business still owes: gift card balances and membership visits not yet used, as of now. */
export const loyaltyLiability = bi
  .view('loyalty_liability', {
    locationId: id('location_id'),
    location: text('location'),
    kind: text('kind'),
    currency: text('currency'),
    items: integer('items'),
    balance: money('balance'),
    visitsLeft: integer('visits_left'),
    soldFor: money('sold_for'),
  })
  .as(
    sql`select o.location_id, l.title as location, o.kind, l.currency, o.items, o.balance, o.visits_left, o.sold_for
from (
  select g.location_id, 'gift card' as kind, count(*)::int as items, sum(g.balance) as balance,
    null::int as visits_left, sum(g.default_balance) as sold_for
  from altegio.gift_cards g
  where g.deleted_at is null and g.balance > 0 and (g.expires_at is null or g.expires_at > now())
  group by g.location_id
  union all
  select m.location_id, 'membership', count(*)::int, null::numeric, sum(m.balance)::int, sum(m.cost)
  from altegio.memberships m
  where m.deleted_at is null and m.balance > 0 and (m.expires_at is null or m.expires_at > now())
  group by m.location_id
) o
left join altegio.locations l on l.id = o.location_id`,
  );

/** Occupancy per location and local day: the API's figure, with the booked hours of the records. */
export const occupancyDaily = bi
  .view('occupancy_daily', {
    locationId: id('location_id'),
    date: date('date', { mode: 'string' }),
    occupancyPercent: numeric('occupancy_percent'),
    appointments: integer('appointments'),
    bookedHours: numeric('booked_hours'),
  })
  .as(
    sql`select u.location_id, u.date,
  coalesce(max(u.overall_percent), max(u.chart_percent)) as occupancy_percent,
  coalesce(sum(u.appointments), 0)::int as appointments,
  round(coalesce(sum(u.booked_seconds), 0) / 3600.0, 2) as booked_hours
from (
  select o.location_id, o.date, o.fullness as overall_percent, null::numeric as chart_percent, null::int as appointments, null::bigint as booked_seconds
  from altegio.analytics_overall o
  union all
  select c.location_id, c.date, null, c.value, null, null
  from altegio.analytics_daily c
  where c.chart = 'fullness_daily' and c.label = 'fullness_spent'
  union all
  select a.location_id, a.date, null, null, 1, a.length_seconds
  from (${appointmentsQuery}) a
) u
group by u.location_id, u.date`,
  );
