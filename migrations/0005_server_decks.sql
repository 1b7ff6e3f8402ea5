CREATE TABLE "deck_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"deck_name" text NOT NULL,
	"title" text NOT NULL,
	"format" text NOT NULL,
	"base_version" integer NOT NULL,
	"items" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "decks" ADD COLUMN "guild_id" text;--> statement-breakpoint
ALTER TABLE "decks" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "decks" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "guilds" ADD COLUMN "deck_role_id" text;--> statement-breakpoint
CREATE INDEX "deck_imports_guild_idx" ON "deck_imports" USING btree ("guild_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "decks_guild_name_key" ON "decks" USING btree ("guild_id","name") WHERE "decks"."guild_id" is not null;