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
CREATE INDEX "loyalty_transactions_date_idx" ON "altegio"."loyalty_transactions" USING btree ("chain_id","created_date");--> statement-breakpoint
CREATE INDEX "loyalty_transactions_visit_idx" ON "altegio"."loyalty_transactions" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "memberships_client_idx" ON "altegio"."memberships" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "memberships_created_idx" ON "altegio"."memberships" USING btree ("chain_id","created_at");--> statement-breakpoint
CREATE INDEX "gift_cards_client_idx" ON "altegio"."gift_cards" USING btree ("location_id","client_id");--> statement-breakpoint
CREATE INDEX "loyalty_cards_client_idx" ON "altegio"."loyalty_cards" USING btree ("location_id","client_id");