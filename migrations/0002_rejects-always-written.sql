ALTER TABLE "altegio"."rejected_records" ALTER COLUMN "raw" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "altegio"."sync_runs" ADD COLUMN "rows_cleaned" integer DEFAULT 0 NOT NULL;