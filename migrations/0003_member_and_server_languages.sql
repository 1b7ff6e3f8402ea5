ALTER TABLE "guilds" ADD COLUMN "locale_override" text;--> statement-breakpoint
ALTER TABLE "guilds" ADD COLUMN "discord_locale" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_locale" text;