/**
 * Study streaks: consecutive local days (in the member's time zone) with at least one review.
 *
 * A streak stays alive until the end of the member's local today: having reviewed yesterday but not yet
 * today still counts, it is merely at risk. Days are 'YYYY-MM-DD' local dates produced by `localDate`
 * in local-time.ts; which zone they were computed in is the caller's decision.
 */
import { addDays } from './local-time.js';

/** The streak fields kept on the user row so that answering never has to scan review history. */
export interface StoredStreak {
  current: number;
  best: number;
  /** The latest local day with a review, or `null` before the first one. */
  lastDay: string | null;
}

/** A streak as shown to the member. */
export interface StreakSummary {
  current: number;
  best: number;
  reviewedToday: boolean;
  /** The streak is alive but ends tonight unless the member reviews today. */
  atRisk: boolean;
}

/**
 * Recomputes a streak from the distinct local days with reviews.
 *
 * `current` counts back from today when there was a review today, otherwise from yesterday. Days after
 * `today` can only come from clock skew or a zone change and are ignored, for `best` as well, so that
 * `best >= current` always holds on the same evidence.
 *
 * @param p.reviewDays - local dates with at least one review; any order, duplicates tolerated.
 * @param p.today - the member's current local date.
 */
export function computeStreak(p: { reviewDays: string[]; today: string }): StreakSummary {
  const days = new Set(p.reviewDays.filter((day) => day <= p.today));
  const reviewedToday = days.has(p.today);

  let current = 0;
  for (let day = reviewedToday ? p.today : addDays(p.today, -1); days.has(day); day = addDays(day, -1)) {
    current += 1;
  }

  let best = 0;
  let run = 0;
  let previous: string | null = null;
  for (const day of [...days].sort()) {
    run = previous !== null && addDays(previous, 1) === day ? run + 1 : 1;
    best = Math.max(best, run);
    previous = day;
  }

  return { current, best, reviewedToday, atRisk: current > 0 && !reviewedToday };
}

/**
 * Folds one review into the stored streak; called on every answer.
 *
 * - same day as `lastDay`: unchanged (a stored `current` of 0 is repaired to 1, since today has a review);
 * - the day after `lastDay`: `current + 1`;
 * - any later day (a gap) or no previous review: a new streak of 1;
 * - a day before `lastDay` (clock skew, or a zone change moving the local date back): unchanged, because
 *   history cannot be re-threaded from the stored summary alone.
 *
 * `best` never decreases.
 */
export function advanceStreak(prev: StoredStreak, reviewDay: string): StoredStreak {
  if (prev.lastDay !== null && reviewDay < prev.lastDay) return prev;
  if (prev.lastDay === reviewDay) {
    const current = Math.max(prev.current, 1);
    return { current, best: Math.max(prev.best, current), lastDay: prev.lastDay };
  }
  const current = prev.lastDay !== null && addDays(prev.lastDay, 1) === reviewDay ? prev.current + 1 : 1;
  return { current, best: Math.max(prev.best, current), lastDay: reviewDay };
}

/**
 * The streak to display today from the stored fields: the stored `current` while it is still alive
 * (last review today or yesterday, or a `lastDay` after today from skew), otherwise 0. The stored value
 * is not reset by a job; it simply stops counting once a full local day passes without a review.
 */
export function effectiveStreak(stored: { current: number; lastDay: string | null }, today: string): number {
  if (stored.lastDay === null) return 0;
  return stored.lastDay >= addDays(today, -1) ? stored.current : 0;
}
