import { type SQL, sql } from 'drizzle-orm';
import {
  ALL_TIME_START,
  type InstantRange,
  type LeaderboardMetric,
  type MemberTotals,
  type RankedTotals,
  type StoredPeriod,
} from '../../domain/leaderboard.js';
import type { Database } from '../client.js';

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

/**
 * An instant as a SQL parameter. Raw `sql` bypasses drizzle's column mapping, and postgres.js (as drizzle sets it
 * up) takes timestamps only as text, so instants travel as ISO strings cast on the server side.
 */
export const iso = (instant: Date): SQL => sql`${instant.toISOString()}::timestamptz`;

/** Milliseconds since the epoch, truncated as a JavaScript `Date` truncates them, so both sides order alike. */
const epochMs = (column: SQL) =>
  sql`(extract(epoch from date_trunc('milliseconds', ${column})) * 1000)::float8`;

/**
 * The ranked value in SQL, computed as the domain computes it (`accuracy` in scoring.ts: correct / answers in
 * double precision, kept within [0, 1]), so ties fall the same way on both sides.
 */
const rankedValue = (metric: Exclude<LeaderboardMetric, 'streak'>): SQL =>
  metric === 'xp' ? sql`xp::float8` : sql`least(1, greatest(0, correct::float8 / answers))`;

/**
 * The rows of one stored period of one server, listed members only: not opted out (every sums row of a server
 * comes from answers given with the member's guild_members row, so only the opt-out needs checking).
 */
const periodRows = (guildId: string, key: StoredPeriod) => sql`
  select s.user_id, s.xp, s.answers, s.correct, s.last_reviewed_at from leaderboard_sums s
  where s.guild_id = ${guildId} and s.period = ${key.period} and s.period_start = ${key.start}::date
    and s.answers > 0
    and not exists (select 1 from users u where u.id = s.user_id and u.leaderboard_opt_out)`;

/**
 * Whether the server's sums are kept in `zone`. All-time sums do not depend on a zone; a week or a month does, and
 * a server whose sums were kept in another zone (it changed its zone, or the default changed) must be rebuilt
 * ({@link rebuildLeaderboardSums}) or read exactly ({@link findLeaderboardTotals}).
 */
const zoneCheck = (guildId: string, key: StoredPeriod, zone: string) =>
  key.period === 'all'
    ? sql`select true as zone_matches`
    : sql`select coalesce(board_zone = ${zone}, false) as zone_matches from guilds where id = ${guildId}`;

export interface RankedBoardRows {
  /** False when the server's sums are kept in another zone than `zone`: then `rows` must not be used. */
  zoneMatches: boolean;
  /** The top `size` ranked members, and the viewer's row wherever it stands (rank null below the minimum). */
  rows: RankedTotals[];
  /** How many members are ranked in all. */
  ranked: number;
}

/**
 * `rankEntries`' order (scoring.ts) as ascending sort keys of a row of {@link periodRows}: the value descending,
 * more answers first, whoever got there first (to the millisecond, as a `Date` holds it), then the shorter and
 * smaller user id (code units, which collation "C" compares). One list serves both the sort and the viewer's
 * rank, so the two cannot disagree.
 */
const orderKeys = (metric: Exclude<LeaderboardMetric, 'streak'>) => sql`
  -(${rankedValue(metric)}) as k_value, -answers as k_answers,
  date_trunc('milliseconds', last_reviewed_at) as k_time, length(user_id) as k_id_length, user_id collate "C" as k_id`;
const keysOf = (alias: string) => {
  const a = sql.raw(alias);
  return sql`(${a}.k_value, ${a}.k_answers, ${a}.k_time, ${a}.k_id_length, ${a}.k_id)`;
};
const ORDER_BY_KEYS = sql`k_value, k_answers, k_time, k_id_length, k_id`;

/**
 * One stored period's board of one server ranked in SQL, in the domain's order (`rankEntries`): the top `size`
 * members with at least `minAnswers` answers, and the viewer's own row wherever it stands, counted as the number
 * of members ahead of them. One statement over one row per member, without sorting them all.
 */
export async function findRankedBoard(
  db: Database,
  p: {
    guildId: string;
    key: StoredPeriod;
    zone: string;
    metric: Exclude<LeaderboardMetric, 'streak'>;
    minAnswers: number;
    size: number;
    viewerId: string | null;
  },
): Promise<RankedBoardRows> {
  const result = await db.execute<
    TotalsRow & { zone_matches: boolean; rank: number | null; ranked: number | null }
  >(sql`
    with s as (
      select p.*, p.answers >= ${p.minAnswers} as eligible, ${orderKeys(p.metric)}
      from (${periodRows(p.guildId, p.key)}) as p
    ), top as (
      select * from s where eligible order by ${ORDER_BY_KEYS} limit ${p.size}
    ), x as (
      select t.*, row_number() over (order by ${ORDER_BY_KEYS}) as rank from top as t
      union all
      select v.*, case when v.eligible then 1 + (
          select count(*) from s as ahead where ahead.eligible and ${keysOf('ahead')} < ${keysOf('v')}) end
      from s as v
      where v.user_id = ${p.viewerId} and not exists (select 1 from top where top.user_id = v.user_id)
    )
    select z.zone_matches, (select count(*) from s where s.eligible) as ranked,
      x.user_id, x.xp, x.answers, x.correct, ${epochMs(sql`x.last_reviewed_at`)} as last_ms, x.rank
    from (${zoneCheck(p.guildId, p.key, p.zone)}) as z
    left join x on z.zone_matches`);
  const zoneMatches = result[0]?.zone_matches === true;
  const rows = zoneMatches ? result.filter((row) => row.user_id !== null) : [];
  return {
    zoneMatches,
    rows: rows.map((row) => ({ ...toTotals(row), rank: row.rank === null ? null : Number(row.rank) })),
    ranked: Number(result[0]?.ranked ?? 0),
  };
}

/**
 * Every listed member's sums over one stored period of one server (for a streak board, which ranks by something
 * else and breaks ties with these). `zoneMatches` as in {@link findRankedBoard}.
 */
export async function findPeriodSums(
  db: Database,
  p: { guildId: string; key: StoredPeriod; zone: string },
): Promise<{ zoneMatches: boolean; totals: MemberTotals[] }> {
  const result = await db.execute<TotalsRow & { zone_matches: boolean }>(sql`
    select z.zone_matches, r.user_id, r.xp, r.answers, r.correct, ${epochMs(sql`r.last_reviewed_at`)} as last_ms
    from (${zoneCheck(p.guildId, p.key, p.zone)}) as z
    left join (${periodRows(p.guildId, p.key)}) as r on z.zone_matches`);
  const zoneMatches = result[0]?.zone_matches === true;
  return {
    zoneMatches,
    totals: zoneMatches ? result.filter((row) => row.user_id !== null).map(toTotals) : [],
  };
}

/**
 * Rebuilds one server's sums from the log with its weeks and months read in `zone`, unless they are kept in that
 * zone already (`leaderboard_rebuild` in the migration that made them). Returns whether it rebuilt. Throws when
 * the database does not know the zone, and then changes nothing.
 */
export async function rebuildLeaderboardSums(db: Database, guildId: string, zone: string): Promise<boolean> {
  const [row] = await db.execute<{ rebuilt: boolean }>(
    sql`select leaderboard_rebuild(${guildId}, ${zone}) as rebuilt`,
  );
  return row?.rebuilt === true;
}

/**
 * Each listed member's XP sum, answers, correct answers and latest answer in one server over `range` (all time
 * when `null`), summed exactly from the log whatever the range: the path for a range that is not a stored period,
 * or sums kept in another zone. A review given without a server (a DM) counts on the board of every server the
 * member had studied in by then. Listed: studied in this server (`guild_members`) and not opted out. Members
 * without answers in the range are absent.
 */
export async function findLeaderboardTotals(
  db: Database,
  p: { guildId: string; range: InstantRange | null },
): Promise<MemberTotals[]> {
  if (p.range === null) {
    // All-time sums do not depend on a zone: they are exact whatever the board's zone.
    const result = await db.execute<TotalsRow>(sql`
      select p.user_id, p.xp, p.answers, p.correct, ${epochMs(sql`p.last_reviewed_at`)} as last_ms
      from (${periodRows(p.guildId, { period: 'all', start: ALL_TIME_START })}) as p`);
    return result.map(toTotals);
  }
  const { start, end } = p.range;
  const result = await db.execute<TotalsRow>(sql`
    select s.user_id, s.xp, s.answers, s.correct, s.last_ms
    from (
      select user_id, sum(xp)::int as xp, count(*)::int as answers, (count(*) filter (where correct))::int as correct,
        ${epochMs(sql`max(reviewed_at)`)} as last_ms
      from (
        select user_id, xp, correct, reviewed_at from review_logs
        where guild_id = ${p.guildId} and reviewed_at >= ${iso(start)} and reviewed_at < ${iso(end)}
        union all
        -- Reviews without a server count here from when the member first studied here (the trigger's rule).
        select r.user_id, r.xp, r.correct, r.reviewed_at
        from guild_members m
        join review_logs r on r.user_id = m.user_id and r.guild_id is null
          and r.reviewed_at >= m.first_studied_at
          and r.reviewed_at >= ${iso(start)} and r.reviewed_at < ${iso(end)}
        where m.guild_id = ${p.guildId}
      ) as parts
      group by user_id
    ) as s
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
