CREATE SCHEMA IF NOT EXISTS "altegio_bi";
--> statement-breakpoint
CREATE INDEX "records_staff_idx" ON "altegio"."records" USING btree ("location_id","staff_id","session_date");--> statement-breakpoint
CREATE INDEX "transactions_client_idx" ON "altegio"."transactions" USING btree ("location_id","client_id");--> statement-breakpoint
CREATE INDEX "memberships_expires_idx" ON "altegio"."memberships" USING btree ("expires_at");--> statement-breakpoint
CREATE VIEW "altegio_bi"."appointments" AS (select r.location_id, r.id as record_id, r.visit_id, r.client_id, r.staff_id,
  r.session_date as date, r.starts_at,
  r.starts_at at time zone l.timezone as starts_local,
  extract(hour from r.starts_at at time zone l.timezone)::int as hour,
  r.attendance,
  case r.attendance when 1 then 'arrived' when 2 then 'confirmed' when 0 then 'waiting' when -1 then 'no-show' else 'unknown' end as status,
  coalesce(r.source, 'front desk') as source,
  r.online,
  coalesce(r.seance_length, r.length) as length_seconds,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) as services_price,
  (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as goods_price,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) + (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as price,
  l.currency
from altegio.records r
join altegio.locations l on l.id = r.location_id
where r.deleted_at is null);--> statement-breakpoint
CREATE VIEW "altegio_bi"."appointments_daily" AS (select a.location_id, a.date, a.attendance, a.status, a.source, count(*)::int as appointments
from (select r.location_id, r.id as record_id, r.visit_id, r.client_id, r.staff_id,
  r.session_date as date, r.starts_at,
  r.starts_at at time zone l.timezone as starts_local,
  extract(hour from r.starts_at at time zone l.timezone)::int as hour,
  r.attendance,
  case r.attendance when 1 then 'arrived' when 2 then 'confirmed' when 0 then 'waiting' when -1 then 'no-show' else 'unknown' end as status,
  coalesce(r.source, 'front desk') as source,
  r.online,
  coalesce(r.seance_length, r.length) as length_seconds,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) as services_price,
  (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as goods_price,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) + (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as price,
  l.currency
from altegio.records r
join altegio.locations l on l.id = r.location_id
where r.deleted_at is null) a
group by a.location_id, a.date, a.attendance, a.status, a.source);--> statement-breakpoint
CREATE VIEW "altegio_bi"."client_return_monthly" AS (with visit_days as (
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
group by m.location_id, m.month);--> statement-breakpoint
CREATE VIEW "altegio_bi"."daily_revenue" AS (select d.location_id, l.title as location, d.date, l.currency,
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
    from (select r.location_id, r.id as record_id, r.visit_id, r.client_id, r.staff_id,
  r.session_date as date, r.starts_at,
  r.starts_at at time zone l.timezone as starts_local,
  extract(hour from r.starts_at at time zone l.timezone)::int as hour,
  r.attendance,
  case r.attendance when 1 then 'arrived' when 2 then 'confirmed' when 0 then 'waiting' when -1 then 'no-show' else 'unknown' end as status,
  coalesce(r.source, 'front desk') as source,
  r.online,
  coalesce(r.seance_length, r.length) as length_seconds,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) as services_price,
  (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as goods_price,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) + (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as price,
  l.currency
from altegio.records r
join altegio.locations l on l.id = r.location_id
where r.deleted_at is null) a
    where a.attendance = 1
  ) u
  group by u.location_id, u.date
) d
join altegio.locations l on l.id = d.location_id);--> statement-breakpoint
CREATE VIEW "altegio_bi"."loyalty_liability" AS (select o.location_id, l.title as location, o.kind, l.currency, o.items, o.balance, o.visits_left, o.sold_for
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
left join altegio.locations l on l.id = o.location_id);--> statement-breakpoint
CREATE VIEW "altegio_bi"."occupancy_daily" AS (select u.location_id, u.date,
  coalesce(max(u.overall_percent), max(u.chart_percent)) as occupancy_percent,
  coalesce(sum(u.appointments), 0)::int as appointments,
  round(coalesce(sum(u.booked_seconds), 0) / 3600.0, 2) as booked_hours
from (
  select o.location_id, o.date, o.fullness as overall_percent, null::numeric as chart_percent, null::int as appointments, null::bigint as booked_seconds
  from altegio.analytics_overall o
  union all
  select c.location_id, c.date, null, c.value, null, null
  from altegio.analytics_daily c
  where c.chart = 'fullness_daily'
  union all
  select a.location_id, a.date, null, null, 1, a.length_seconds
  from (select r.location_id, r.id as record_id, r.visit_id, r.client_id, r.staff_id,
  r.session_date as date, r.starts_at,
  r.starts_at at time zone l.timezone as starts_local,
  extract(hour from r.starts_at at time zone l.timezone)::int as hour,
  r.attendance,
  case r.attendance when 1 then 'arrived' when 2 then 'confirmed' when 0 then 'waiting' when -1 then 'no-show' else 'unknown' end as status,
  coalesce(r.source, 'front desk') as source,
  r.online,
  coalesce(r.seance_length, r.length) as length_seconds,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) as services_price,
  (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as goods_price,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) + (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as price,
  l.currency
from altegio.records r
join altegio.locations l on l.id = r.location_id
where r.deleted_at is null) a
) u
group by u.location_id, u.date);--> statement-breakpoint
CREATE VIEW "altegio_bi"."staff_monthly" AS (select m.location_id, m.staff_id, s.name as staff_name, m.month, m.currency,
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
  from (select r.location_id, r.id as record_id, r.visit_id, r.client_id, r.staff_id,
  r.session_date as date, r.starts_at,
  r.starts_at at time zone l.timezone as starts_local,
  extract(hour from r.starts_at at time zone l.timezone)::int as hour,
  r.attendance,
  case r.attendance when 1 then 'arrived' when 2 then 'confirmed' when 0 then 'waiting' when -1 then 'no-show' else 'unknown' end as status,
  coalesce(r.source, 'front desk') as source,
  r.online,
  coalesce(r.seance_length, r.length) as length_seconds,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) as services_price,
  (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as goods_price,
  (select coalesce(sum(s.cost), 0) from altegio.record_services s where s.location_id = r.location_id and s.record_id = r.id) + (select coalesce(sum(g.cost), 0) from altegio.record_goods g where g.location_id = r.location_id and g.record_id = r.id) as price,
  l.currency
from altegio.records r
join altegio.locations l on l.id = r.location_id
where r.deleted_at is null) a
  group by a.location_id, a.staff_id, date_trunc('month', a.date::timestamp)::date
) m
left join altegio.staff s on s.location_id = m.location_id and s.id = m.staff_id);