/**
 * Breaks and the backlog after them. A member away (`/settings away until:<date>`) gets no reminders and keeps
 * their streak; on return, due items are served most-at-risk first (lowest predicted recall), at most a daily
 * number of reviews, so coming back to 200 due items is a few calm days rather than one wall.
 */
import { addDays } from './local-time.js';
import { advanceStreak, effectiveStreak, type StoredStreak } from './streaks.js';

export const DEFAULT_BACKLOG_DAILY_CAP = 50;
/** The longest break one `/settings away_until` takes; a longer one is set again on the way. */
export const MAX_AWAY_DAYS = 60;

/**
 * The break a member asks for on `today` (their local date): away from today, back on `until`. 'off' ends a
 * break now (the days already away stay covered). Null for a date that is not one, not after today, or too far.
 */
export function planAway(
  input: string,
  today: string,
  current: AwayPeriod | null,
): { ok: true; away: AwayPeriod | null } | { ok: false } {
  if (input.trim().toLowerCase() === 'off') {
    if (!current || !isAway(current.until, today)) return { ok: true, away: current };
    return { ok: true, away: today > current.from ? { from: current.from, until: today } : null };
  }
  const until = input.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`)))
    return { ok: false };
  if (new Date(`${until}T00:00:00Z`).toISOString().slice(0, 10) !== until) return { ok: false };
  if (until <= today || until > addDays(today, MAX_AWAY_DAYS)) return { ok: false };
  // Extending a break that is under way keeps its start, so its first days stay covered.
  const from = current && isAway(current.until, today) && current.from <= today ? current.from : today;
  return { ok: true, away: { from, until } };
}
/** Due items beyond this many make a backlog: below it a normal day's study clears them. */
export const BACKLOG_THRESHOLD = 50;

/** Away through the day before `awayUntil` (the member is back on that date). Dates are local 'YYYY-MM-DD'. */
export function isAway(awayUntil: string | null, today: string): boolean {
  return awayUntil !== null && today < awayUntil;
}

export interface AtRiskCandidate {
  itemId: string;
  /** Predicted recall now (0–1). */
  retrievability: number;
  due: Date;
}

/** Most at risk first: lowest predicted recall, then the longest overdue, then a stable order. */
export function orderBacklog<T extends AtRiskCandidate>(due: readonly T[]): T[] {
  return [...due].sort(
    (a, b) =>
      a.retrievability - b.retrievability ||
      a.due.getTime() - b.due.getTime() ||
      a.itemId.localeCompare(b.itemId),
  );
}

/** Reviews still allowed today under the backlog cap. */
export function backlogReviewsLeft(dailyCap: number, reviewedToday: number): number {
  return Math.max(0, dailyCap - reviewedToday);
}

/** Days a backlog of `dueCount` items takes at `dailyCap` a day (0 when there is none). */
export function backlogDays(dueCount: number, dailyCap: number): number {
  if (dueCount <= 0) return 0;
  return Math.ceil(dueCount / Math.max(1, dailyCap));
}

/** Whether the cap applies: the member is back from a break (or simply behind) with more than a day's worth due. */
export function inBacklog(dueCount: number, threshold = BACKLOG_THRESHOLD): boolean {
  return dueCount > threshold;
}

/** A break: away from `from` (a local date) through the day before `until`. */
export interface AwayPeriod {
  from: string;
  until: string;
}

/** Whether every local day strictly between `lastDay` and `day` lies inside the break. */
export function gapCoveredByAway(lastDay: string, day: string, away: AwayPeriod | null): boolean {
  if (!away) return false;
  const firstMissed = addDays(lastDay, 1);
  const lastMissed = addDays(day, -1);
  if (firstMissed > lastMissed) return true;
  return firstMissed >= away.from && lastMissed < away.until;
}

/**
 * The streak freeze: days away neither count nor break the streak. A first review after a break continues the
 * streak from the last day studied before it, as if the break were not there.
 */
export function advanceStreakThroughAway(
  prev: StoredStreak,
  reviewDay: string,
  away: AwayPeriod | null,
): StoredStreak {
  if (prev.lastDay !== null && reviewDay > prev.lastDay && gapCoveredByAway(prev.lastDay, reviewDay, away)) {
    return advanceStreak({ ...prev, lastDay: addDays(reviewDay, -1) }, reviewDay);
  }
  return advanceStreak(prev, reviewDay);
}

/** The streak to show today, and whether it is frozen (kept alive by a break rather than by studying). */
export function streakThroughAway(
  stored: StoredStreak,
  today: string,
  away: AwayPeriod | null,
): { current: number; frozen: boolean } {
  const live = effectiveStreak(stored, today);
  if (live > 0 || stored.lastDay === null || stored.current === 0) return { current: live, frozen: false };
  // Not studied yesterday: still alive if every day since the last one studied, up to yesterday, was away.
  return gapCoveredByAway(stored.lastDay, today, away)
    ? { current: stored.current, frozen: true }
    : { current: 0, frozen: false };
}
