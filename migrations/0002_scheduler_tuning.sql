CREATE TABLE "parameter_sets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "parameter_sets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"scope" text NOT NULL,
	"scope_id" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"log_loss" double precision NOT NULL,
	"rmse_bins" double precision NOT NULL,
	"baseline_log_loss" double precision NOT NULL,
	"baseline_rmse_bins" double precision NOT NULL,
	"baseline_set_id" bigint,
	"train_items" integer NOT NULL,
	"test_items" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"adopted_at" timestamp with time zone,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "item_states" ADD COLUMN "suspended_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "review_logs" ADD COLUMN "elapsed_days" integer;--> statement-breakpoint
ALTER TABLE "review_logs" ADD COLUMN "retrievability" real;--> statement-breakpoint
ALTER TABLE "review_logs" ADD COLUMN "parameter_set_id" bigint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "away_from" date;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "away_until" date;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "tuning_reset_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "parameter_sets_active_key" ON "parameter_sets" USING btree ("scope","scope_id") WHERE "parameter_sets"."adopted_at" is not null and "parameter_sets"."retired_at" is null;--> statement-breakpoint
CREATE INDEX "parameter_sets_scope_time_idx" ON "parameter_sets" USING btree ("scope","scope_id","created_at");