CREATE SCHEMA "altegio";
--> statement-breakpoint
CREATE TABLE "altegio"."locations" (
	"id" bigint PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"timezone" text NOT NULL,
	"timezone_offset" integer,
	"currency" text,
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
CREATE INDEX "clients_last_change_idx" ON "altegio"."clients" USING btree ("location_id","last_change_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rejected_records_key_idx" ON "altegio"."rejected_records" USING btree ("stream","scope","source_key");--> statement-breakpoint
CREATE INDEX "sync_runs_stream_scope_idx" ON "altegio"."sync_runs" USING btree ("stream","scope","started_at");