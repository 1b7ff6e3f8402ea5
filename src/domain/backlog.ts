/**
 * Breaks and the backlog after them. A member away (`/settings away until:<date>`) gets no reminders and keeps
 * their streak; on return, due items are served most-at-risk first (lowest predicted recall), at most a daily
 * number of reviews, so coming back to 200 due items is a few calm days rather than one wall.
 */

export const DEFAULT_BACKLOG_DAILY_CAP = 50;
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
