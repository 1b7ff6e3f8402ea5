import { type SQL, sql } from 'drizzle-orm';
import type { InstantRange, MemberTotals } from '../../domain/leaderboard.js';
import type { Database } from '../client.js';

const DAY_MS = 86_400_000;

type TotalsRow = {
  user_id: string;
  xp: number;
  answers: number;
  correct: number;
  last_ms: number | null;
};

const toTotals = (row: TotalsRow): MemberTotals => ({
  userId: row.user_id,
  xp: Number(row.xp),
  answers: Number(row.answers),
  correct: Number(row.correct),
  lastAnsweredAt: row.last_ms === null ? null : new Date(Number(row.last_ms)),
});

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * An instant as a SQL parameter. Raw `sql` bypasses drizzle's column mapping, and postgres.js (as drizzle sets it
 * up) takes timestamps only as text, so instants travel as ISO strings cast on the server side.
 */
export const iso = (instant: Date): SQL => sql`${instant.toISOString()}::timestamptz`;

/**
 * Splits a range into the whole UTC days inside it, read from `leaderboard_daily`, and the partial days at its
 * two ends, read from `review_logs`. Exact for any zone: a period starting at local midnight in Seoul starts at
 * 15:00 UTC, so its first and last nine and fifteen hours come from the log and the days between from the sums.
 */
export function splitByUtcDay(range: InstantRange): {
  days: { from: string; to: string } | null;
  edges: InstantRange[];
} {
  const start = range.start.getTime();
  const end = range.end.getTime();
  const firstWhole = Math.ceil(start / DAY_MS) * DAY_MS;
  const lastWhole = Math.floor(end / DAY_MS) * DAY_MS;
  if (firstWhole >= lastWhole) return { days: null, edges: end > start ? [range] : [] };
  const edges: InstantRange[] = [];
  if (start < firstWhole) edges.push({ start: range.start, end: new Date(firstWhole) });
  if (lastWhole < end) edges.push({ start: new Date(lastWhole), end: range.end });
  return { days: { from: utcDate(firstWhole), to: utcDate(lastWhole) }, edges };
}

/**
 * Each listed member's XP sum, answers, correct answers and latest answer in one server over `range` (all time
 * when `null`): one aggregate, over the running sums the review-log trigger keeps (`leaderboard_daily`,
 * `leaderboard_totals`) and the log itself for partial days. A review given without a server (a DM) counts on
 * the board of every server the member had studied in by then. Listed: studied in this server (`guild_members`)
 * and not opted out. Members without answers in the range are absent.
 */
export async function findLeaderboardTotals(
  db: Database,
  p: { guildId: string; range: InstantRange | null },
): Promise<MemberTotals[]> {
  let parts: SQL;
  if (p.range === null) {
    parts = sql`select user_id, xp, answers, correct, last_reviewed_at
      from leaderboard_totals where guild_id = ${p.guildId}`;
  } else {
    const { days, edges } = splitByUtcDay(p.range);
    const pieces: SQL[] = [];
    if (days) {
      pieces.push(sql`select user_id, sum(xp)::int as xp, sum(answers)::int as answers,
          sum(correct)::int as correct, max(last_reviewed_at) as last_reviewed_at
        from leaderboard_daily
        where guild_id = ${p.guildId} and day >= ${days.from}::date and day < ${days.to}::date
        group by user_id`);
    }
    for (const edge of edges) {
      pieces.push(sql`select user_id, sum(xp)::int as xp, count(*)::int as answers,
          (count(*) filter (where correct))::int as correct, max(reviewed_at) as last_reviewed_at
        from review_logs
        where guild_id = ${p.guildId} and reviewed_at >= ${iso(edge.start)} and reviewed_at < ${iso(edge.end)}
        group by user_id`);
      // Reviews without a server count here from when the member first studied here (the trigger's rule).
      pieces.push(sql`select r.user_id, sum(r.xp)::int as xp, count(*)::int as answers,
          (count(*) filter (where r.correct))::int as correct, max(r.reviewed_at) as last_reviewed_at
        from guild_members m
        join review_logs r on r.user_id = m.user_id and r.guild_id is null
          and r.reviewed_at >= m.first_studied_at
          and r.reviewed_at >= ${iso(edge.start)} and r.reviewed_at < ${iso(edge.end)}
        where m.guild_id = ${p.guildId}
        group by r.user_id`);
    }
    if (pieces.length === 0) return [];
    parts = sql.join(pieces, sql` union all `);
  }
  const result = await db.execute<TotalsRow>(sql`
    select s.user_id, s.xp, s.answers, s.correct, s.last_ms
    from (
      select user_id, sum(xp)::int as xp, sum(answers)::int as answers, sum(correct)::int as correct,
        (extract(epoch from max(last_reviewed_at)) * 1000)::float8 as last_ms
      from (${parts}) as parts
      group by user_id
    ) as s
    -- Every log row of a server comes with the member's guild_members row, written in the same transaction
    -- (applyReview), so only the opt-out needs checking: an anti-join on the few who opted out.
    where not exists (select 1 from users u where u.id = s.user_id and u.leaderboard_opt_out)`);
  return result.map(toTotals);
}

export interface MemberStreak {
  userId: string;
  current: number;
  lastDay: string | null;
  /** The member's own zone, or null to use the server's. */
  timezone: string | null;
}

/** Stored streaks of the listed members of a server (studied here, not opted out) that are above zero. */
export async function findMemberStreaks(db: Database, guildId: string): Promise<MemberStreak[]> {
  const result = await db.execute<{
    user_id: string;
    streak_current: number;
    last_day: string | null;
    timezone: string | null;
  }>(sql`
    select u.id as user_id, u.streak_current, to_char(u.streak_last_day, 'YYYY-MM-DD') as last_day, u.timezone
    from guild_members m
    join users u on u.id = m.user_id
    where m.guild_id = ${guildId} and not u.leaderboard_opt_out and u.streak_current > 0`);
  return result.map((row) => ({
    userId: row.user_id,
    current: Number(row.streak_current),
    lastDay: row.last_day,
    timezone: row.timezone,
  }));
}

export interface LeaderboardChannel {
  guildId: string;
  channelId: string;
  timezone: string | null;
  localeOverride: 'ko' | 'en' | null;
  discordLocale: string | null;
}

/** Servers whose admins chose a channel for the weekly post. */
export async function findLeaderboardChannels(db: Database): Promise<LeaderboardChannel[]> {
  const result = await db.execute<{
    id: string;
    leaderboard_channel_id: string;
    timezone: string | null;
    locale_override: string | null;
    discord_locale: string | null;
  }>(sql`
    select id, leaderboard_channel_id, timezone, locale_override, discord_locale from guilds
    where leaderboard_channel_id is not null order by id`);
  return result.map((row) => ({
    guildId: row.id,
    channelId: row.leaderboard_channel_id,
    timezone: row.timezone,
    localeOverride: row.locale_override === 'ko' || row.locale_override === 'en' ? row.locale_override : null,
    discordLocale: row.discord_locale,
  }));
}
