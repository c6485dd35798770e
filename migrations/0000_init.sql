CREATE SCHEMA IF NOT EXISTS "altegio";
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS "altegio_bi";
--> statement-breakpoint
CREATE TABLE "altegio"."locations" (
	"id" bigint PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"timezone" text NOT NULL,
	"timezone_offset" integer,
	"currency" text,
	"currency_symbol" text,
	"chain_id" bigint,
	"country" text,
	"city" text,
	"address" text,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "altegio"."clients" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"name" text,
	"surname" text,
	"patronymic" text,
	"phone" text,
	"email" text,
	"card" text,
	"birth_date" date,
	"gender_id" integer,
	"discount" numeric,
	"importance_id" integer,
	"categories" jsonb,
	"sms_check" integer,
	"sms_not" integer,
	"spent" numeric,
	"paid" numeric,
	"balance" numeric,
	"visits_count" integer,
	"comment" text,
	"custom_fields" jsonb,
	"last_change_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."rejected_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"stream" text NOT NULL,
	"scope" text NOT NULL,
	"location_id" bigint,
	"source_key" text NOT NULL,
	"reason" text NOT NULL,
	"raw" jsonb NOT NULL,
	"run_id" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"times_seen" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "altegio"."sync_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"stream" text NOT NULL,
	"scope" text NOT NULL,
	"location_id" bigint,
	"chain_id" bigint,
	"mode" text NOT NULL,
	"window_from" date,
	"window_to" date,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"pages" integer DEFAULT 0 NOT NULL,
	"rows_written" integer DEFAULT 0 NOT NULL,
	"rows_inserted" integer DEFAULT 0 NOT NULL,
	"rows_updated" integer DEFAULT 0 NOT NULL,
	"rows_unchanged" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"retries" integer DEFAULT 0 NOT NULL,
	"throttled" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "altegio"."sync_state" (
	"stream" text NOT NULL,
	"scope" text NOT NULL,
	"location_id" bigint,
	"chain_id" bigint,
	"cursor" jsonb,
	"high_water_at" timestamp with time zone,
	"progress" jsonb,
	"last_run_id" text,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_state_stream_scope_pk" PRIMARY KEY("stream","scope")
);
--> statement-breakpoint
CREATE TABLE "altegio"."staff" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"name" text,
	"specialization" text,
	"position_id" bigint,
	"position" jsonb,
	"fired" boolean,
	"hidden" boolean,
	"rating" numeric,
	"weight" integer,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."services" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"title" text,
	"category_id" bigint,
	"price_min" numeric,
	"price_max" numeric,
	"duration" integer,
	"active" boolean,
	"weight" integer,
	"api_id" text,
	"comment" text,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."service_categories" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"title" text,
	"weight" integer,
	"api_id" text,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_categories_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."accounts" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"title" text,
	"type" integer,
	"comment" text,
	"archived" boolean,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."record_goods" (
	"location_id" bigint NOT NULL,
	"record_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"good_id" bigint,
	"title" text,
	"amount" numeric,
	"cost_per_unit" numeric,
	"discount" numeric,
	"cost" numeric,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_goods_location_id_record_id_id_pk" PRIMARY KEY("location_id","record_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."record_services" (
	"location_id" bigint NOT NULL,
	"record_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"service_id" bigint NOT NULL,
	"title" text,
	"first_cost" numeric,
	"discount" numeric,
	"cost" numeric,
	"cost_to_pay" numeric,
	"cost_per_unit" numeric,
	"amount" numeric,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_services_location_id_record_id_position_pk" PRIMARY KEY("location_id","record_id","position")
);
--> statement-breakpoint
CREATE TABLE "altegio"."records" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"client_id" bigint,
	"staff_id" bigint,
	"visit_id" bigint,
	"document_id" bigint,
	"starts_at" timestamp with time zone NOT NULL,
	"session_date" date NOT NULL,
	"seance_length" integer,
	"length" integer,
	"attendance" integer,
	"visit_attendance" integer,
	"confirmed" boolean,
	"paid_full" boolean,
	"prepaid" boolean,
	"online" boolean,
	"comment" text,
	"api_id" text,
	"source" text,
	"custom_fields" jsonb,
	"created_at" timestamp with time zone,
	"last_change_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "records_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."visits" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"client_id" bigint,
	"visit_date" date NOT NULL,
	"starts_at" timestamp with time zone,
	"attendance" integer,
	"records_count" integer NOT NULL,
	"first_cost" numeric,
	"cost_to_pay" numeric,
	"paid_sum" numeric,
	"goods_cost" numeric,
	"goods_paid" numeric,
	"payment_status" text,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visits_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."z_report_items" (
	"location_id" bigint NOT NULL,
	"report_date" date NOT NULL,
	"line" integer NOT NULL,
	"starts_at" timestamp with time zone,
	"client_id" bigint,
	"client_name" text,
	"staff_id" bigint,
	"staff_name" text,
	"kind" text NOT NULL,
	"item_title" text,
	"first_cost" numeric NOT NULL,
	"discount" numeric NOT NULL,
	"result_cost" numeric NOT NULL,
	"accounts_amount" numeric NOT NULL,
	"loyalty_amount" numeric NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "z_report_items_location_id_report_date_line_pk" PRIMARY KEY("location_id","report_date","line")
);
--> statement-breakpoint
CREATE TABLE "altegio"."z_report_payments" (
	"location_id" bigint NOT NULL,
	"report_date" date NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"amount" numeric NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "z_report_payments_location_id_report_date_kind_position_pk" PRIMARY KEY("location_id","report_date","kind","position")
);
--> statement-breakpoint
CREATE TABLE "altegio"."z_reports" (
	"location_id" bigint NOT NULL,
	"report_date" date NOT NULL,
	"clients" integer NOT NULL,
	"clients_average" numeric,
	"records" integer NOT NULL,
	"records_average" numeric,
	"visit_records" integer NOT NULL,
	"visit_records_average" numeric,
	"non_visit_records" integer NOT NULL,
	"non_visit_records_average" numeric,
	"targets" integer NOT NULL,
	"targets_paid" numeric NOT NULL,
	"goods" integer NOT NULL,
	"goods_paid" numeric NOT NULL,
	"gift_cards" integer NOT NULL,
	"gift_cards_paid" numeric NOT NULL,
	"memberships" integer NOT NULL,
	"memberships_paid" numeric NOT NULL,
	"accounts_total" numeric NOT NULL,
	"discount_total" numeric NOT NULL,
	"currency" text,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "z_reports_location_id_report_date_pk" PRIMARY KEY("location_id","report_date")
);
--> statement-breakpoint
CREATE TABLE "altegio"."transactions" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"document_id" bigint,
	"paid_at" timestamp with time zone NOT NULL,
	"transaction_date" date NOT NULL,
	"amount" numeric NOT NULL,
	"expense_id" bigint,
	"expense" jsonb,
	"account_id" bigint,
	"client_id" bigint,
	"staff_id" bigint,
	"record_id" bigint,
	"visit_id" bigint,
	"sold_item_id" bigint,
	"sold_item_type" text,
	"comment" text,
	"last_change_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transactions_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."loyalty_transactions" (
	"id" bigint PRIMARY KEY NOT NULL,
	"chain_id" bigint NOT NULL,
	"location_id" bigint,
	"amount" numeric,
	"type_id" integer,
	"status_id" integer,
	"card_id" bigint,
	"program_id" bigint,
	"client_id" bigint,
	"record_id" bigint,
	"visit_id" bigint,
	"created_date" date NOT NULL,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "altegio"."location_membership_types" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"title" text,
	"cost" numeric,
	"is_archived" boolean,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "location_membership_types_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."membership_types" (
	"id" bigint PRIMARY KEY NOT NULL,
	"chain_id" bigint,
	"title" text,
	"cost" numeric,
	"period" integer,
	"period_unit_id" integer,
	"is_united_balance" boolean,
	"united_balance_services_count" integer,
	"services" jsonb,
	"service_categories" jsonb,
	"is_archived" boolean,
	"location_ids" bigint[],
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "altegio"."memberships" (
	"id" bigint PRIMARY KEY NOT NULL,
	"chain_id" bigint NOT NULL,
	"location_id" bigint,
	"type_id" bigint,
	"number" text,
	"balance" integer,
	"balance_text" text,
	"status_id" integer,
	"status" text,
	"is_frozen" boolean,
	"created_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"client_id" bigint,
	"client_phone" text,
	"cost" numeric,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "altegio"."gift_card_types" (
	"id" bigint PRIMARY KEY NOT NULL,
	"chain_id" bigint NOT NULL,
	"title" text,
	"balance" numeric,
	"is_multi" boolean,
	"item_type_id" integer,
	"expiration_type_id" integer,
	"expires_at" timestamp with time zone,
	"expiration_timeout" integer,
	"expiration_timeout_unit_id" integer,
	"is_allow_empty_code" boolean,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "altegio"."gift_cards" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"client_id" bigint NOT NULL,
	"number" text,
	"balance" numeric,
	"default_balance" numeric,
	"type_id" bigint,
	"status_id" integer,
	"status" text,
	"created_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gift_cards_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."location_loyalty_card_types" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"title" text,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "location_loyalty_card_types_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."loyalty_card_types" (
	"id" bigint PRIMARY KEY NOT NULL,
	"chain_id" bigint,
	"title" text,
	"program_ids" jsonb,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "altegio"."loyalty_cards" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"chain_id" bigint,
	"client_id" bigint NOT NULL,
	"type_id" bigint,
	"number" text,
	"balance" numeric,
	"points" numeric,
	"paid_amount" numeric,
	"sold_amount" numeric,
	"visits_count" integer,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_cards_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."loyalty_programs" (
	"location_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"chain_id" bigint,
	"title" text,
	"type_id" integer,
	"deleted_at" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_programs_location_id_id_pk" PRIMARY KEY("location_id","id")
);
--> statement-breakpoint
CREATE TABLE "altegio"."analytics_daily" (
	"location_id" bigint NOT NULL,
	"date" date NOT NULL,
	"chart" text NOT NULL,
	"label" text NOT NULL,
	"value" numeric NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_daily_location_id_date_chart_label_pk" PRIMARY KEY("location_id","date","chart","label")
);
--> statement-breakpoint
CREATE TABLE "altegio"."analytics_overall" (
	"location_id" bigint NOT NULL,
	"date" date NOT NULL,
	"income_total" numeric,
	"income_services" numeric,
	"income_goods" numeric,
	"income_average" numeric,
	"records" integer,
	"clients" integer,
	"fullness" numeric,
	"currency" text,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_overall_location_id_date_pk" PRIMARY KEY("location_id","date")
);
--> statement-breakpoint
CREATE TABLE "altegio"."loyalty_analytics" (
	"location_id" bigint NOT NULL,
	"date" date NOT NULL,
	"new_visits" integer,
	"old_visits" integer,
	"new_clients" integer,
	"new_lost" integer,
	"new_returned" integer,
	"new_returned_percent" numeric,
	"old_clients" integer,
	"old_lost" integer,
	"old_returned" integer,
	"old_returned_percent" numeric,
	"total_clients" integer,
	"total_lost" integer,
	"total_returned" integer,
	"total_returned_percent" numeric,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_analytics_location_id_date_pk" PRIMARY KEY("location_id","date")
);
--> statement-breakpoint
CREATE TABLE "altegio"."loyalty_analytics_staff" (
	"location_id" bigint NOT NULL,
	"date" date NOT NULL,
	"staff_id" bigint NOT NULL,
	"staff_name" text,
	"new_clients" integer,
	"new_lost" integer,
	"new_returned" integer,
	"new_returned_percent" numeric,
	"old_clients" integer,
	"old_lost" integer,
	"old_returned" integer,
	"old_returned_percent" numeric,
	"total_clients" integer,
	"total_lost" integer,
	"total_returned" integer,
	"total_returned_percent" numeric,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_analytics_staff_location_id_date_staff_id_pk" PRIMARY KEY("location_id","date","staff_id")
);
--> statement-breakpoint
CREATE INDEX "clients_last_change_idx" ON "altegio"."clients" USING btree ("location_id","last_change_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rejected_records_key_idx" ON "altegio"."rejected_records" USING btree ("stream","scope","source_key");--> statement-breakpoint
CREATE INDEX "sync_runs_stream_scope_idx" ON "altegio"."sync_runs" USING btree ("stream","scope","started_at");--> statement-breakpoint
CREATE INDEX "record_services_service_idx" ON "altegio"."record_services" USING btree ("location_id","service_id");--> statement-breakpoint
CREATE INDEX "records_client_idx" ON "altegio"."records" USING btree ("location_id","client_id");--> statement-breakpoint
CREATE INDEX "records_session_date_idx" ON "altegio"."records" USING btree ("location_id","session_date");--> statement-breakpoint
CREATE INDEX "records_staff_idx" ON "altegio"."records" USING btree ("location_id","staff_id","session_date");--> statement-breakpoint
CREATE INDEX "visits_client_idx" ON "altegio"."visits" USING btree ("location_id","client_id","visit_date");--> statement-breakpoint
CREATE INDEX "transactions_date_idx" ON "altegio"."transactions" USING btree ("location_id","transaction_date");--> statement-breakpoint
CREATE INDEX "transactions_client_idx" ON "altegio"."transactions" USING btree ("location_id","client_id");--> statement-breakpoint
CREATE INDEX "loyalty_transactions_date_idx" ON "altegio"."loyalty_transactions" USING btree ("chain_id","created_date");--> statement-breakpoint
CREATE INDEX "loyalty_transactions_visit_idx" ON "altegio"."loyalty_transactions" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "memberships_client_idx" ON "altegio"."memberships" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "memberships_created_idx" ON "altegio"."memberships" USING btree ("chain_id","created_at");--> statement-breakpoint
CREATE INDEX "memberships_expires_idx" ON "altegio"."memberships" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "gift_cards_client_idx" ON "altegio"."gift_cards" USING btree ("location_id","client_id");--> statement-breakpoint
CREATE INDEX "loyalty_cards_client_idx" ON "altegio"."loyalty_cards" USING btree ("location_id","client_id");--> statement-breakpoint
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