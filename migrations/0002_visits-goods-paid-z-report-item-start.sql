ALTER TABLE "altegio"."visits" ADD COLUMN "goods_paid" numeric;--> statement-breakpoint
ALTER TABLE "altegio"."z_report_items" ADD COLUMN "starts_at" timestamp with time zone;