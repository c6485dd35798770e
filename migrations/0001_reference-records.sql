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
	"document_at" timestamp with time zone,
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
CREATE INDEX "record_services_service_idx" ON "altegio"."record_services" USING btree ("location_id","service_id");--> statement-breakpoint
CREATE INDEX "records_client_idx" ON "altegio"."records" USING btree ("location_id","client_id");--> statement-breakpoint
CREATE INDEX "records_session_date_idx" ON "altegio"."records" USING btree ("location_id","session_date");--> statement-breakpoint
CREATE INDEX "visits_client_idx" ON "altegio"."visits" USING btree ("location_id","client_id","visit_date");--> statement-breakpoint
CREATE INDEX "transactions_date_idx" ON "altegio"."transactions" USING btree ("location_id","transaction_date");