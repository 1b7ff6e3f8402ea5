import { ratingForOutcome } from './grading.js';
import { localDate } from './local-time.js';
import { MEMORY_STATE, type MemoryState } from './memory.js';
import { isDue, type ReviewRating, scheduleReview } from './scheduling.js';
import { scoreAnswer } from './scoring.js';
import { advanceStreak, type StoredStreak } from './streaks.js';

/**
 * What one answer does, decided in one place: the item's next memory (FSRS), the XP it earns, the streak after
 * it, and what Undo needs to put everything back. Study sessions and group quizzes both answer through this, so
 * an answer counts the same for the schedule, XP and leaderboards wherever it was given.
 */

/** How the answer was graded: by the member (a flashcard's button, a quiz's fixed rating) or by the checker. */
export type AnswerGrade =
  | { by: 'member'; rating: ReviewRating }
  | { by: 'checker'; correct: boolean; nearlyCorrect: boolean; responseMs: number; questionLength: number };

/** What an answer replaced, so Undo can put it back exactly. */
export interface UndoSnapshot {
  memory: MemoryState;
  streak: StoredStreak;
}

export interface AnswerDecision {
  rating: ReviewRating;
  memoryAfter: MemoryState;
  xp: number;
  /** The item was due (or new) when answered: only such answers earn XP. */
  wasDue: boolean;
  /** The item's difficulty before the answer; null for a new item. */
  difficultyBefore: number | null;
  streakAfter: StoredStreak;
  undo: UndoSnapshot;
}

/**
 * Decides one answer.
 *
 * @param p.memoryBefore - the member's memory of the item as stored (a new item's fresh state on first sight).
 * @param p.streakBefore - the member's stored streak.
 * @param p.zone - the member's time zone: the local day decides the streak and the once-a-day XP rule.
 * @param p.targetRetention - the member's target retention for FSRS.
 */
export function decideAnswer(p: {
  memoryBefore: MemoryState;
  streakBefore: StoredStreak;
  grade: AnswerGrade;
  now: Date;
  zone: string;
  targetRetention: number;
}): AnswerDecision {
  const before = p.memoryBefore;
  const isNew = before.state === MEMORY_STATE.new;
  const rating =
    p.grade.by === 'member' ? p.grade.rating : ratingForOutcome({ ...p.grade, seenBefore: !isNew });
  const wasDue = isNew || isDue(before, p.now);
  const today = localDate(p.now, p.zone);
  const difficultyBefore = isNew ? null : before.difficulty;
  return {
    rating,
    memoryAfter: scheduleReview(before, rating, p.now, p.targetRetention),
    xp: scoreAnswer({
      wasDue,
      isNew,
      rating,
      difficultyBefore,
      answeredEarlierToday: before.lastReview !== null && localDate(before.lastReview, p.zone) === today,
    }),
    wasDue,
    difficultyBefore,
    streakAfter: advanceStreak(p.streakBefore, today),
    undo: { memory: before, streak: p.streakBefore },
  };
}
