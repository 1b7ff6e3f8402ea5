/**
 * Turning the review log into what fsrs-rs trains on, the way its own converter does (fsrs-rs `anki.rs`, the
 * binding's `convertCsvToFsrsItems`): per card, reviews in time order; `delta_t` is whole calendar days in the
 * member's time zone since the previous review, so reviews on the same local day have 0 (fsrs-rs models those
 * with its short-term parameters); the first review has 0; and one item per review after the first, holding
 * the history up to it. Items whose history has no review on a later day are left out, as fsrs-rs does:
 * they say nothing about long-term forgetting.
 */
import { localDate } from '../local-time.js';
import type { ReviewRating } from '../scheduling.js';
import type { TrainingItem, TrainingReview } from './optimizer.js';

/** What fitting reads from one review-log row. */
export interface LoggedReview {
  /** One member's one item: the unit whose history FSRS models (`userId:itemId` when members are pooled). */
  cardKey: string;
  rating: ReviewRating;
  reviewedAt: Date;
  /**
   * Local days since the previous review of this card, recorded at answer time (0 = same day), or null on
   * rows written before it was recorded: then it is worked out from `reviewedAt` in `zone`.
   */
  elapsedDays: number | null;
}

const DAY_MS = 86_400_000;

/** Whole calendar days from one local date to another ('YYYY-MM-DD'). */
export function daysBetweenLocalDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The `elapsed_days` to record with an answer: local days in `zone` since the card's previous review, 0 for
 * a review on the same local day, and 0 for the first review (fsrs-rs requires it).
 */
export function elapsedLocalDays(previous: Date | null, now: Date, zone: string): number {
  if (!previous) return 0;
  return Math.max(0, daysBetweenLocalDates(localDate(previous, zone), localDate(now, zone)));
}

/**
 * The training items for a set of logged reviews (any order, any number of cards).
 *
 * @param zone - the zone used for rows without a recorded `elapsedDays`.
 */
export function buildTrainingItems(rows: readonly LoggedReview[], zone: string): TrainingItem[] {
  const byCard = new Map<string, LoggedReview[]>();
  for (const row of rows) {
    const list = byCard.get(row.cardKey);
    if (list) list.push(row);
    else byCard.set(row.cardKey, [row]);
  }
  const items: TrainingItem[] = [];
  for (const history of byCard.values()) {
    history.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    const reviews: TrainingReview[] = [];
    let longTerm = false;
    history.forEach((row, index) => {
      const previous = index === 0 ? null : (history[index - 1] as LoggedReview);
      const deltaT = !previous
        ? 0
        : (row.elapsedDays ?? elapsedLocalDays(previous.reviewedAt, row.reviewedAt, zone));
      reviews.push({ rating: row.rating, deltaT: Math.max(0, Math.round(deltaT)) });
      if (index > 0 && deltaT > 0) longTerm = true;
      if (index > 0 && longTerm) items.push({ reviews: reviews.slice(), at: row.reviewedAt.getTime() });
    });
  }
  return items.sort((a, b) => a.at - b.at);
}

/** Reviews counted as fsrs-rs counts them for "enough data": answers on a later day than the previous one. */
export function countLongTermReviews(items: readonly TrainingItem[]): number {
  let count = 0;
  for (const item of items) {
    const last = item.reviews[item.reviews.length - 1];
    if (last && last.deltaT > 0) count += 1;
  }
  return count;
}
