-- Boards read one row per member and period instead of summing days: `leaderboard_sums` holds, per server and
-- member, this week's, this month's and all-time sums, filed by the week and month that contain each answer in
-- the server's zone (`guilds.board_zone`). It replaces `leaderboard_daily` and `leaderboard_totals`.
--
-- Writers are held until this migration commits, so no answer is counted twice or missed by the backfill.
LOCK TABLE "review_logs" IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE TABLE "leaderboard_sums" (
	"guild_id" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"user_id" text NOT NULL,
	"xp" integer NOT NULL,
	"answers" integer NOT NULL,
	"correct" integer NOT NULL,
	"last_reviewed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "leaderboard_sums_guild_id_period_period_start_user_id_pk" PRIMARY KEY("guild_id","period","period_start","user_id")
);
--> statement-breakpoint
-- Every answer updates its member's week, month and all-time rows: room left on each page keeps those updates on
-- the page (no index entry, no row wandering away from its period's neighbours, which a board reads together).
ALTER TABLE "leaderboard_sums" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "guilds" ADD COLUMN "board_zone" text;--> statement-breakpoint
ALTER TABLE "leaderboard_sums" ADD CONSTRAINT "leaderboard_sums_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The periods an answer given at `p_at` belongs to, read in `p_zone`: the ISO week (Monday) and the calendar month
-- that contain its local date, and all time. The same rule as `periodRange` in the domain.
CREATE FUNCTION "leaderboard_period_starts"(p_at timestamptz, p_zone text)
RETURNS TABLE ("period" text, "period_start" date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT 'week', date_trunc('week', p_at AT TIME ZONE p_zone)::date
	UNION ALL SELECT 'month', date_trunc('month', p_at AT TIME ZONE p_zone)::date
	UNION ALL SELECT 'all', '-infinity'::date
$$;
--> statement-breakpoint
-- Rebuilds one server's sums from the log with its periods read in `p_zone`, unless they are already kept in that
-- zone; returns whether it rebuilt. The exclusive lock waits for writers still adding answers to this board (they
-- hold the shared one, see leaderboard_rollup) and holds new ones until the caller commits, so every statement
-- after it sees every answer once. Raises for a zone the database does not know, leaving everything as it was.
CREATE FUNCTION "leaderboard_rebuild"(p_guild text, p_zone text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(1818386290, hashtext(p_guild));
	IF EXISTS (SELECT 1 FROM guilds WHERE id = p_guild AND board_zone = p_zone) THEN
		RETURN false;
	END IF;
	PERFORM now() AT TIME ZONE p_zone;
	UPDATE guilds SET board_zone = p_zone WHERE id = p_guild;
	DELETE FROM leaderboard_sums WHERE guild_id = p_guild;
	INSERT INTO leaderboard_sums (guild_id, period, period_start, user_id, xp, answers, correct, last_reviewed_at)
	SELECT p_guild, k.period, k.period_start, r.user_id, sum(r.xp), count(*), count(*) FILTER (WHERE r.correct),
		max(r.reviewed_at)
	FROM (
		SELECT l.user_id, l.xp, l.correct, l.reviewed_at FROM review_logs l WHERE l.guild_id = p_guild
		UNION ALL
		-- Reviews without a server, from when the member first studied here (the rule of leaderboard_rollup).
		SELECT l.user_id, l.xp, l.correct, l.reviewed_at
		FROM guild_members m
		JOIN review_logs l ON l.user_id = m.user_id AND l.guild_id IS NULL AND l.reviewed_at >= m.first_studied_at
		WHERE m.guild_id = p_guild
	) r
	CROSS JOIN LATERAL leaderboard_period_starts(r.reviewed_at, p_zone) k
	GROUP BY k.period, k.period_start, r.user_id
	-- A period's rows side by side on disk, as a board reads them.
	ORDER BY k.period, k.period_start, r.user_id;
	RETURN true;
END
$$;
--> statement-breakpoint
-- Keeps leaderboard_sums equal to sums over review_logs. A review given outside a server (guild_id null) counts on
-- the board of every server where the member had already studied when they gave it (as since 0004). Each board
-- is written by one statement: the week, month and all-time rows in one INSERT ... ON CONFLICT, and on delete one
-- statement that lowers them and removes those left empty.
--
-- The shared advisory lock per board, taken by a statement of its own before the zone is read, orders writers
-- after a rebuild of that board (leaderboard_rebuild): the next statement's snapshot sees the rebuilt zone.
CREATE OR REPLACE FUNCTION "leaderboard_rollup"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		PERFORM pg_advisory_xact_lock_shared(1818386290, hashtext(m.guild_id)) FROM guild_members m
		WHERE m.user_id = OLD.user_id AND (
			m.guild_id = OLD.guild_id OR (OLD.guild_id IS NULL AND m.first_studied_at <= OLD.reviewed_at));
		IF OLD.guild_id IS NOT NULL THEN
			PERFORM pg_advisory_xact_lock_shared(1818386290, hashtext(OLD.guild_id));
		END IF;
		WITH boards AS (
			-- `since`: from when the member's reviews without a server count on this board.
			SELECT m.guild_id, m.first_studied_at AS since FROM guild_members m
			WHERE m.user_id = OLD.user_id AND (
				m.guild_id = OLD.guild_id OR (OLD.guild_id IS NULL AND m.first_studied_at <= OLD.reviewed_at))
			UNION ALL
			SELECT OLD.guild_id, 'infinity'::timestamptz
			WHERE OLD.guild_id IS NOT NULL AND NOT EXISTS (
				SELECT 1 FROM guild_members m WHERE m.guild_id = OLD.guild_id AND m.user_id = OLD.user_id)
		), keys AS (
			SELECT b.guild_id, b.since, z.zone, k.period, k.period_start
			FROM boards b
			LEFT JOIN guilds g ON g.id = b.guild_id
			CROSS JOIN LATERAL (SELECT coalesce(g.board_zone, 'UTC') AS zone) z
			CROSS JOIN LATERAL leaderboard_period_starts(OLD.reviewed_at, z.zone) k
		), emptied AS (
			DELETE FROM leaderboard_sums s USING keys k
			WHERE s.guild_id = k.guild_id AND s.period = k.period AND s.period_start = k.period_start
				AND s.user_id = OLD.user_id AND s.answers <= 1
		)
		UPDATE leaderboard_sums s SET
			xp = s.xp - OLD.xp,
			answers = s.answers - 1,
			correct = s.correct - OLD.correct::int,
			last_reviewed_at = CASE WHEN s.last_reviewed_at > OLD.reviewed_at THEN s.last_reviewed_at ELSE coalesce(
				(SELECT max(r.reviewed_at) FROM review_logs r
				 WHERE r.user_id = OLD.user_id
				   AND (r.guild_id = k.guild_id OR (r.guild_id IS NULL AND r.reviewed_at >= k.since))
				   -- Within the period: a day of slack around its bounds, then its exact rule.
				   AND CASE WHEN k.period = 'all' THEN true ELSE
				     r.reviewed_at >= (k.period_start::timestamp AT TIME ZONE k.zone) - interval '1 day'
				     AND r.reviewed_at < ((k.period_start + CASE k.period WHEN 'week' THEN interval '7 days'
				       ELSE interval '1 month' END)::timestamp AT TIME ZONE k.zone) + interval '1 day'
				     AND date_trunc(k.period, r.reviewed_at AT TIME ZONE k.zone)::date = k.period_start END),
				s.last_reviewed_at) END
		FROM keys k
		WHERE s.guild_id = k.guild_id AND s.period = k.period AND s.period_start = k.period_start
			AND s.user_id = OLD.user_id AND s.answers > 1;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		IF NEW.guild_id IS NOT NULL THEN
			PERFORM pg_advisory_xact_lock_shared(1818386290, hashtext(NEW.guild_id));
		ELSE
			PERFORM pg_advisory_xact_lock_shared(1818386290, hashtext(m.guild_id)) FROM guild_members m
			WHERE m.user_id = NEW.user_id AND m.first_studied_at <= NEW.reviewed_at;
		END IF;
		INSERT INTO leaderboard_sums AS s (guild_id, period, period_start, user_id, xp, answers, correct, last_reviewed_at)
		SELECT b.guild_id, k.period, k.period_start, NEW.user_id, NEW.xp, 1, NEW.correct::int, NEW.reviewed_at
		FROM (
			SELECT NEW.guild_id AS guild_id WHERE NEW.guild_id IS NOT NULL
			UNION ALL
			SELECT m.guild_id FROM guild_members m
			WHERE NEW.guild_id IS NULL AND m.user_id = NEW.user_id AND m.first_studied_at <= NEW.reviewed_at
		) b
		LEFT JOIN guilds g ON g.id = b.guild_id
		CROSS JOIN LATERAL leaderboard_period_starts(NEW.reviewed_at, coalesce(g.board_zone, 'UTC')) k
		ON CONFLICT (guild_id, period, period_start, user_id) DO UPDATE SET
			xp = s.xp + excluded.xp,
			answers = s.answers + 1,
			correct = s.correct + excluded.correct,
			last_reviewed_at = greatest(s.last_reviewed_at, excluded.last_reviewed_at);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Existing servers keep their periods in their own zone, or in the bot's stock default (Asia/Seoul); a board read in
-- another zone (a different DEFAULT_TIMEZONE, a zone this database does not know) rebuilds its server's rows then.
WITH "known" AS MATERIALIZED (SELECT "name" FROM pg_timezone_names)
UPDATE "guilds" SET "board_zone" = CASE WHEN "timezone" IN (SELECT "name" FROM "known") THEN "timezone" ELSE 'Asia/Seoul' END;
--> statement-breakpoint
-- Answers recorded before this migration, on every board where they count.
INSERT INTO "leaderboard_sums" ("guild_id", "period", "period_start", "user_id", "xp", "answers", "correct", "last_reviewed_at")
SELECT r."guild_id", k."period", k."period_start", r."user_id", sum(r."xp"), count(*), count(*) FILTER (WHERE r."correct"),
	max(r."reviewed_at")
FROM (
	SELECT "guild_id", "user_id", "xp", "correct", "reviewed_at" FROM "review_logs" WHERE "guild_id" IS NOT NULL
	UNION ALL
	SELECT m."guild_id", l."user_id", l."xp", l."correct", l."reviewed_at"
	FROM "review_logs" l JOIN "guild_members" m ON m."user_id" = l."user_id" AND m."first_studied_at" <= l."reviewed_at"
	WHERE l."guild_id" IS NULL
) r
LEFT JOIN "guilds" g ON g."id" = r."guild_id"
CROSS JOIN LATERAL leaderboard_period_starts(r."reviewed_at", coalesce(g."board_zone", 'UTC')) k
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;
--> statement-breakpoint
DROP TABLE "leaderboard_daily" CASCADE;--> statement-breakpoint
DROP TABLE "leaderboard_totals" CASCADE;--> statement-breakpoint
-- The previous release reads the two tables this replaces, and may run on this schema during a rolling deploy or
-- after a rollback. Until the release after this one drops them, views give it the same rows, exact and with
-- nothing more to write per answer: all time from the new sums, UTC days summed from the log.
CREATE VIEW "leaderboard_totals" AS
SELECT "guild_id", "user_id", "xp", "answers", "correct", "last_reviewed_at" FROM "leaderboard_sums" WHERE "period" = 'all';
--> statement-breakpoint
CREATE VIEW "leaderboard_daily" AS
SELECT r."guild_id", (r."reviewed_at" AT TIME ZONE 'UTC')::date AS "day", r."user_id", sum(r."xp")::int AS "xp",
	count(*)::int AS "answers", (count(*) FILTER (WHERE r."correct"))::int AS "correct", max(r."reviewed_at") AS "last_reviewed_at"
FROM (
	SELECT "guild_id", "user_id", "xp", "correct", "reviewed_at" FROM "review_logs" WHERE "guild_id" IS NOT NULL
	UNION ALL
	SELECT m."guild_id", l."user_id", l."xp", l."correct", l."reviewed_at"
	FROM "review_logs" l JOIN "guild_members" m ON m."user_id" = l."user_id" AND m."first_studied_at" <= l."reviewed_at"
	WHERE l."guild_id" IS NULL
) r
GROUP BY 1, 2, 3;
