CREATE TABLE "leaderboard_daily" (
	"guild_id" text NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"xp" integer NOT NULL,
	"answers" integer NOT NULL,
	"correct" integer NOT NULL,
	"last_reviewed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "leaderboard_daily_guild_id_day_user_id_pk" PRIMARY KEY("guild_id","day","user_id")
);
--> statement-breakpoint
CREATE TABLE "leaderboard_totals" (
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"xp" integer NOT NULL,
	"answers" integer NOT NULL,
	"correct" integer NOT NULL,
	"last_reviewed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "leaderboard_totals_guild_id_user_id_pk" PRIMARY KEY("guild_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "leaderboard_daily" ADD CONSTRAINT "leaderboard_daily_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_totals" ADD CONSTRAINT "leaderboard_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Keeps leaderboard_daily (per UTC day) and leaderboard_totals (all time) equal to sums over review_logs rows
-- that have a server. Runs in the writer's transaction, so a board never sees an answer without its sums.
CREATE FUNCTION "leaderboard_rollup"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	day_of date;
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.guild_id IS NOT NULL THEN
		day_of := (OLD.reviewed_at AT TIME ZONE 'UTC')::date;
		UPDATE leaderboard_daily d SET
			xp = d.xp - OLD.xp,
			answers = d.answers - 1,
			correct = d.correct - OLD.correct::int,
			last_reviewed_at = CASE WHEN d.last_reviewed_at > OLD.reviewed_at THEN d.last_reviewed_at ELSE coalesce(
				(SELECT max(r.reviewed_at) FROM review_logs r
				 WHERE r.user_id = OLD.user_id AND r.guild_id = OLD.guild_id
				   AND r.reviewed_at >= day_of::timestamp AT TIME ZONE 'UTC'
				   AND r.reviewed_at < (day_of + 1)::timestamp AT TIME ZONE 'UTC'),
				d.last_reviewed_at) END
		WHERE d.guild_id = OLD.guild_id AND d.day = day_of AND d.user_id = OLD.user_id;
		DELETE FROM leaderboard_daily d
		WHERE d.guild_id = OLD.guild_id AND d.day = day_of AND d.user_id = OLD.user_id AND d.answers <= 0;
		UPDATE leaderboard_totals t SET
			xp = t.xp - OLD.xp,
			answers = t.answers - 1,
			correct = t.correct - OLD.correct::int,
			last_reviewed_at = CASE WHEN t.last_reviewed_at > OLD.reviewed_at THEN t.last_reviewed_at ELSE coalesce(
				(SELECT max(r.reviewed_at) FROM review_logs r
				 WHERE r.user_id = OLD.user_id AND r.guild_id = OLD.guild_id),
				t.last_reviewed_at) END
		WHERE t.guild_id = OLD.guild_id AND t.user_id = OLD.user_id;
		DELETE FROM leaderboard_totals t
		WHERE t.guild_id = OLD.guild_id AND t.user_id = OLD.user_id AND t.answers <= 0;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.guild_id IS NOT NULL THEN
		INSERT INTO leaderboard_daily AS d (guild_id, day, user_id, xp, answers, correct, last_reviewed_at)
		VALUES (NEW.guild_id, (NEW.reviewed_at AT TIME ZONE 'UTC')::date, NEW.user_id, NEW.xp, 1, NEW.correct::int,
			NEW.reviewed_at)
		ON CONFLICT (guild_id, day, user_id) DO UPDATE SET
			xp = d.xp + excluded.xp,
			answers = d.answers + 1,
			correct = d.correct + excluded.correct,
			last_reviewed_at = greatest(d.last_reviewed_at, excluded.last_reviewed_at);
		INSERT INTO leaderboard_totals AS t (guild_id, user_id, xp, answers, correct, last_reviewed_at)
		VALUES (NEW.guild_id, NEW.user_id, NEW.xp, 1, NEW.correct::int, NEW.reviewed_at)
		ON CONFLICT (guild_id, user_id) DO UPDATE SET
			xp = t.xp + excluded.xp,
			answers = t.answers + 1,
			correct = t.correct + excluded.correct,
			last_reviewed_at = greatest(t.last_reviewed_at, excluded.last_reviewed_at);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Created before the backfill: its lock holds concurrent writers until the migration commits, so no answer is
-- counted twice or missed.
CREATE TRIGGER "review_logs_leaderboard"
AFTER INSERT OR DELETE OR UPDATE OF "guild_id", "user_id", "xp", "correct", "reviewed_at" ON "review_logs"
FOR EACH ROW EXECUTE FUNCTION "leaderboard_rollup"();
--> statement-breakpoint
-- Answers recorded before this migration.
INSERT INTO "leaderboard_daily" ("guild_id", "day", "user_id", "xp", "answers", "correct", "last_reviewed_at")
SELECT "guild_id", ("reviewed_at" AT TIME ZONE 'UTC')::date, "user_id", sum("xp"), count(*), count(*) FILTER (WHERE "correct"),
	max("reviewed_at")
FROM "review_logs" WHERE "guild_id" IS NOT NULL
GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "leaderboard_totals" ("guild_id", "user_id", "xp", "answers", "correct", "last_reviewed_at")
SELECT "guild_id", "user_id", sum("xp"), count(*), count(*) FILTER (WHERE "correct"), max("reviewed_at")
FROM "review_logs" WHERE "guild_id" IS NOT NULL
GROUP BY 1, 2;
