import { fsrs, type Grade, Rating } from 'ts-fsrs';
import { fromCard, MEMORY_STATE, type MemoryState, toCard } from './memory.js';

/**
 * FSRS scheduling through ts-fsrs. Fuzz is on, so cards learned together spread out instead of coming due on the
 * same day; ts-fsrs seeds the fuzz from the card itself, so a preview and the real answer give the same interval.
 */

export type ReviewRating = 1 | 2 | 3 | 4;
export const RATINGS: readonly ReviewRating[] = [1, 2, 3, 4];
export const DEFAULT_TARGET_RETENTION = 0.9;
export const MIN_TARGET_RETENTION = 0.7;
export const MAX_TARGET_RETENTION = 0.97;

/**
 * FSRS-6 parameters (21 numbers) fitted from reviews, or null for the defaults. See domain/tuning/levels.ts for
 * which set a member is scheduled with.
 */
export type FsrsParameters = readonly number[] | null;

// Building a scheduler validates and copies the parameters; a member answers with the same few sets all day,
// so keep the last ones built.
const schedulers = new Map<string, ReturnType<typeof fsrs>>();

function scheduler(targetRetention: number, parameters: FsrsParameters = null) {
  const retention = Math.min(MAX_TARGET_RETENTION, Math.max(MIN_TARGET_RETENTION, targetRetention));
  const key = `${retention}|${parameters ? parameters.join(',') : ''}`;
  let built = schedulers.get(key);
  if (!built) {
    built = fsrs({
      request_retention: retention,
      enable_fuzz: true,
      enable_short_term: true,
      ...(parameters ? { w: [...parameters] } : {}),
    });
    if (schedulers.size >= 64) schedulers.delete(schedulers.keys().next().value as string);
    schedulers.set(key, built);
  }
  return built;
}

/** The state after answering with `rating` at `now`. */
export function scheduleReview(
  memory: MemoryState,
  rating: ReviewRating,
  now: Date,
  targetRetention: number,
  parameters: FsrsParameters = null,
): MemoryState {
  return fromCard(scheduler(targetRetention, parameters).next(toCard(memory), now, rating as Grade).card);
}

/** What each rating would give, for labelling the grade buttons. */
export function previewReviews(
  memory: MemoryState,
  now: Date,
  targetRetention: number,
  parameters: FsrsParameters = null,
): Record<ReviewRating, MemoryState> {
  const preview = scheduler(targetRetention, parameters).repeat(toCard(memory), now);
  return {
    1: fromCard(preview[Rating.Again].card),
    2: fromCard(preview[Rating.Hard].card),
    3: fromCard(preview[Rating.Good].card),
    4: fromCard(preview[Rating.Easy].card),
  };
}

/** Anki-style short interval: `10m`, `3h`, `1d`, `3w`, `2mo`, `1.5y`. */
export function formatInterval(from: Date, to: Date): string {
  const minutes = Math.max(1, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = minutes / 60;
  if (hours < 24) return `${Math.round(hours)}h`;
  const days = hours / 24;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${Math.round(days / 30)}mo`;
  return `${(days / 365).toFixed(1).replace(/\.0$/, '')}y`;
}

export function isDue(memory: MemoryState, now: Date): boolean {
  return memory.due.getTime() <= now.getTime();
}

/** The predicted chance of recalling the item at `now` (1 for an item never reviewed: nothing to forget yet). */
export function retrievability(memory: MemoryState, now: Date, parameters: FsrsParameters = null): number {
  if (memory.state === MEMORY_STATE.new || !memory.lastReview) return 1;
  return scheduler(DEFAULT_TARGET_RETENTION, parameters).get_retrievability(toCard(memory), now, false);
}
