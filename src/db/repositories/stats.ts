import { sql } from 'drizzle-orm';
import { MEMORY_STATE } from '../../domain/memory.js';
import type { Database } from '../client.js';
import { iso } from './leaderboard.js';

/** One local day of a member's answers. */
export interface StudyDay {
  date: string;
  reviews: number;
  /** Answers to items that were due and already past their first learning (retention's denominator). */
  reviewed: number;
  /** Of those, the ones answered correctly. */
  recalled: number;
}

/**
 * A member's answers per local day (in `zone`) from `from` until `to`, across every server and DMs: one
 * aggregate grouped by `reviewed_at AT TIME ZONE zone`. Days without answers are absent.
 */
export async function findStudyDays(
  db: Database,
  p: { userId: string; zone: string; from: Date; to: Date },
): Promise<StudyDay[]> {
  const result = await db.execute<{ day: string; reviews: number; reviewed: number; recalled: number }>(sql`
    select to_char(reviewed_at at time zone ${p.zone}, 'YYYY-MM-DD') as day,
      count(*)::int as reviews,
      (count(*) filter (where was_due and state_before <> ${MEMORY_STATE.new}))::int as reviewed,
      (count(*) filter (where was_due and state_before <> ${MEMORY_STATE.new} and correct))::int as recalled
    from review_logs
    where user_id = ${p.userId} and reviewed_at >= ${iso(p.from)} and reviewed_at < ${iso(p.to)}
    group by 1`);
  return result.map((row) => ({
    date: row.day,
    reviews: Number(row.reviews),
    reviewed: Number(row.reviewed),
    recalled: Number(row.recalled),
  }));
}

/**
 * Items coming due per local day (in `zone`) before `until`, counting anything already overdue on the day of
 * `now`. Retired items are left out, as in study sessions.
 */
export async function findDueForecast(
  db: Database,
  p: { userId: string; zone: string; now: Date; until: Date },
): Promise<{ date: string; due: number }[]> {
  const result = await db.execute<{ day: string; due: number }>(sql`
    select to_char(greatest(s.due, ${iso(p.now)}) at time zone ${p.zone}, 'YYYY-MM-DD') as day,
      count(*)::int as due
    from item_states s
    join items i on i.id = s.item_id and i.retired_at is null
    where s.user_id = ${p.userId} and s.state <> ${MEMORY_STATE.new} and s.due < ${iso(p.until)}
    group by 1`);
  return result.map((row) => ({ date: row.day, due: Number(row.due) }));
}

export interface ItemCounts {
  /** Live items the member has not started. */
  fresh: number;
  learning: number;
  review: number;
  totalReviews: number;
}

/** The member's live items by FSRS state, and how many answers they ever gave. */
export async function findItemCounts(db: Database, userId: string): Promise<ItemCounts> {
  const result = await db.execute<{
    fresh: number;
    learning: number;
    review: number;
    total_reviews: number;
  }>(sql`
    select
      (select count(*) from items i where i.retired_at is null and not exists (
        select 1 from item_states s
        where s.item_id = i.id and s.user_id = ${userId} and s.state <> ${MEMORY_STATE.new}))::int as fresh,
      (select count(*) from item_states s join items i on i.id = s.item_id and i.retired_at is null
        where s.user_id = ${userId}
          and s.state in (${MEMORY_STATE.learning}, ${MEMORY_STATE.relearning}))::int as learning,
      (select count(*) from item_states s join items i on i.id = s.item_id and i.retired_at is null
        where s.user_id = ${userId} and s.state = ${MEMORY_STATE.review})::int as review,
      (select count(*) from review_logs r where r.user_id = ${userId})::int as total_reviews`);
  const [row] = result;
  return {
    fresh: Number(row?.fresh ?? 0),
    learning: Number(row?.learning ?? 0),
    review: Number(row?.review ?? 0),
    totalReviews: Number(row?.total_reviews ?? 0),
  };
}

/** Whether someone studied in this server, and whether they hide from its boards (null: no such user). */
export async function findMemberVisibility(
  db: Database,
  guildId: string,
  userId: string,
): Promise<{ studiedHere: boolean; optedOut: boolean } | null> {
  const result = await db.execute<{ opted_out: boolean; studied_here: boolean }>(sql`
    select u.leaderboard_opt_out as opted_out,
      exists (select 1 from guild_members m where m.guild_id = ${guildId} and m.user_id = u.id) as studied_here
    from users u where u.id = ${userId}`);
  const [row] = result;
  return row ? { studiedHere: Boolean(row.studied_here), optedOut: Boolean(row.opted_out) } : null;
}
