DROP VIEW "altegio_bi"."occupancy_daily";
--> statement-breakpoint
DELETE FROM "altegio"."loyalty_analytics";
--> statement-breakpoint
ALTER TABLE "altegio"."loyalty_analytics" DROP CONSTRAINT "loyalty_analytics_location_id_date_pk";
--> statement-breakpoint
ALTER TABLE "altegio"."loyalty_analytics" ADD COLUMN "program_id" bigint NOT NULL;
--> statement-breakpoint
ALTER TABLE "altegio"."loyalty_analytics" ADD CONSTRAINT "loyalty_analytics_location_id_date_program_id_pk" PRIMARY KEY("location_id","date","program_id");
--> statement-breakpoint
DELETE FROM "altegio"."loyalty_analytics_staff";
--> statement-breakpoint
ALTER TABLE "altegio"."loyalty_analytics_staff" DROP CONSTRAINT "loyalty_analytics_staff_location_id_date_staff_id_pk";
--> statement-breakpoint
ALTER TABLE "altegio"."loyalty_analytics_staff" ADD COLUMN "program_id" bigint NOT NULL;
--> statement-breakpoint
ALTER TABLE "altegio"."loyalty_analytics_staff" ADD CONSTRAINT "loyalty_analytics_staff_location_id_date_program_id_staff_id_pk" PRIMARY KEY("location_id","date","program_id","staff_id");
--> statement-breakpoint
ALTER TABLE "altegio"."sync_state" ADD COLUMN "unavailable_since" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "altegio"."sync_state" ADD COLUMN "unavailable_reason" text;
--> statement-breakpoint
ALTER TABLE "altegio"."analytics_overall" ADD COLUMN "records_completed" integer;
--> statement-breakpoint
ALTER TABLE "altegio"."analytics_overall" ADD COLUMN "records_pending" integer;
--> statement-breakpoint
ALTER TABLE "altegio"."analytics_overall" ADD COLUMN "records_canceled" integer;
--> statement-breakpoint
ALTER TABLE "altegio"."analytics_overall" ADD COLUMN "clients_new" integer;
--> statement-breakpoint
ALTER TABLE "altegio"."analytics_overall" ADD COLUMN "clients_returning" integer;
--> statement-breakpoint
ALTER TABLE "altegio"."analytics_overall" ADD COLUMN "clients_active" integer;
--> statement-breakpoint
ALTER TABLE "altegio"."analytics_overall" ADD COLUMN "clients_lost" integer;
--> statement-breakpoint
ALTER TABLE "altegio"."analytics_overall" ADD COLUMN "currency_symbol" text;
--> statement-breakpoint
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
  where c.chart = 'fullness_daily' and c.label = 'fullness_spent'
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
group by u.location_id, u.date);