-- A review given outside a server with boksup (the bot's DM, a DM between users, a server the bot is not in) has
-- no guild_id. It counts on the board of every server where the member had already studied when they gave it:
-- once per board, since a row counts once for its own server or, without one, once for each of the member's.
-- Sums per board are kept by the same trigger as before; boards read partial days from the log with the same rule.
CREATE OR REPLACE FUNCTION "leaderboard_rollup"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	day_of date;
	board record;
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		day_of := (OLD.reviewed_at AT TIME ZONE 'UTC')::date;
		FOR board IN
			-- `since`: from when the member's reviews without a server count on this board.
			SELECT m.guild_id, m.first_studied_at AS since FROM guild_members m
			WHERE m.user_id = OLD.user_id AND (
				m.guild_id = OLD.guild_id OR (OLD.guild_id IS NULL AND m.first_studied_at <= OLD.reviewed_at))
			UNION ALL
			SELECT OLD.guild_id, 'infinity'::timestamptz
			WHERE OLD.guild_id IS NOT NULL AND NOT EXISTS (
				SELECT 1 FROM guild_members m WHERE m.guild_id = OLD.guild_id AND m.user_id = OLD.user_id)
		LOOP
			UPDATE leaderboard_daily d SET
				xp = d.xp - OLD.xp,
				answers = d.answers - 1,
				correct = d.correct - OLD.correct::int,
				last_reviewed_at = CASE WHEN d.last_reviewed_at > OLD.reviewed_at THEN d.last_reviewed_at ELSE coalesce(
					(SELECT max(r.reviewed_at) FROM review_logs r
					 WHERE r.user_id = OLD.user_id
					   AND (r.guild_id = board.guild_id OR (r.guild_id IS NULL AND r.reviewed_at >= board.since))
					   AND r.reviewed_at >= day_of::timestamp AT TIME ZONE 'UTC'
					   AND r.reviewed_at < (day_of + 1)::timestamp AT TIME ZONE 'UTC'),
					d.last_reviewed_at) END
			WHERE d.guild_id = board.guild_id AND d.day = day_of AND d.user_id = OLD.user_id;
			DELETE FROM leaderboard_daily d
			WHERE d.guild_id = board.guild_id AND d.day = day_of AND d.user_id = OLD.user_id AND d.answers <= 0;
			UPDATE leaderboard_totals t SET
				xp = t.xp - OLD.xp,
				answers = t.answers - 1,
				correct = t.correct - OLD.correct::int,
				last_reviewed_at = CASE WHEN t.last_reviewed_at > OLD.reviewed_at THEN t.last_reviewed_at ELSE coalesce(
					(SELECT max(r.reviewed_at) FROM review_logs r
					 WHERE r.user_id = OLD.user_id
					   AND (r.guild_id = board.guild_id OR (r.guild_id IS NULL AND r.reviewed_at >= board.since))),
					t.last_reviewed_at) END
			WHERE t.guild_id = board.guild_id AND t.user_id = OLD.user_id;
			DELETE FROM leaderboard_totals t
			WHERE t.guild_id = board.guild_id AND t.user_id = OLD.user_id AND t.answers <= 0;
		END LOOP;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		FOR board IN
			SELECT NEW.guild_id AS guild_id WHERE NEW.guild_id IS NOT NULL
			UNION ALL
			SELECT m.guild_id FROM guild_members m
			WHERE NEW.guild_id IS NULL AND m.user_id = NEW.user_id AND m.first_studied_at <= NEW.reviewed_at
		LOOP
			INSERT INTO leaderboard_daily AS d (guild_id, day, user_id, xp, answers, correct, last_reviewed_at)
			VALUES (board.guild_id, (NEW.reviewed_at AT TIME ZONE 'UTC')::date, NEW.user_id, NEW.xp, 1,
				NEW.correct::int, NEW.reviewed_at)
			ON CONFLICT (guild_id, day, user_id) DO UPDATE SET
				xp = d.xp + excluded.xp,
				answers = d.answers + 1,
				correct = d.correct + excluded.correct,
				last_reviewed_at = greatest(d.last_reviewed_at, excluded.last_reviewed_at);
			INSERT INTO leaderboard_totals AS t (guild_id, user_id, xp, answers, correct, last_reviewed_at)
			VALUES (board.guild_id, NEW.user_id, NEW.xp, 1, NEW.correct::int, NEW.reviewed_at)
			ON CONFLICT (guild_id, user_id) DO UPDATE SET
				xp = t.xp + excluded.xp,
				answers = t.answers + 1,
				correct = t.correct + excluded.correct,
				last_reviewed_at = greatest(t.last_reviewed_at, excluded.last_reviewed_at);
		END LOOP;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Reviews without a server given before this migration, on the boards where they now count.
INSERT INTO "leaderboard_daily" AS d ("guild_id", "day", "user_id", "xp", "answers", "correct", "last_reviewed_at")
SELECT m."guild_id", (r."reviewed_at" AT TIME ZONE 'UTC')::date, r."user_id", sum(r."xp"), count(*),
	count(*) FILTER (WHERE r."correct"), max(r."reviewed_at")
FROM "review_logs" r JOIN "guild_members" m ON m."user_id" = r."user_id" AND m."first_studied_at" <= r."reviewed_at"
WHERE r."guild_id" IS NULL
GROUP BY 1, 2, 3
ON CONFLICT ("guild_id", "day", "user_id") DO UPDATE SET
	"xp" = d."xp" + excluded."xp",
	"answers" = d."answers" + excluded."answers",
	"correct" = d."correct" + excluded."correct",
	"last_reviewed_at" = greatest(d."last_reviewed_at", excluded."last_reviewed_at");
--> statement-breakpoint
INSERT INTO "leaderboard_totals" AS t ("guild_id", "user_id", "xp", "answers", "correct", "last_reviewed_at")
SELECT m."guild_id", r."user_id", sum(r."xp"), count(*), count(*) FILTER (WHERE r."correct"), max(r."reviewed_at")
FROM "review_logs" r JOIN "guild_members" m ON m."user_id" = r."user_id" AND m."first_studied_at" <= r."reviewed_at"
WHERE r."guild_id" IS NULL
GROUP BY 1, 2
ON CONFLICT ("guild_id", "user_id") DO UPDATE SET
	"xp" = t."xp" + excluded."xp",
	"answers" = t."answers" + excluded."answers",
	"correct" = t."correct" + excluded."correct",
	"last_reviewed_at" = greatest(t."last_reviewed_at", excluded."last_reviewed_at");
