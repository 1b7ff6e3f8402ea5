import { type AwayPeriod, advanceStreakThroughAway } from './backlog.js';
import { ratingForOutcome } from './grading.js';
import { localDate } from './local-time.js';
import { MEMORY_STATE, type MemoryState } from './memory.js';
import { isDue, type ReviewRating, retrievability, scheduleReview } from './scheduling.js';
import { scoreAnswer } from './scoring.js';
import type { StoredStreak } from './streaks.js';
import type { ParameterChoice } from './tuning/levels.js';
import { elapsedLocalDays } from './tuning/training-items.js';

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
  /** What the review log keeps for fitting and measuring FSRS (see domain/tuning). */
  log: {
    /** Local days since the item's previous answer; 0 the same day and for a first answer. */
    elapsedDays: number;
    /** FSRS' predicted recall just before the answer; null for a new item. */
    retrievability: number | null;
    /** The parameter set that scheduled it; null for the defaults. */
    parameterSetId: number | null;
  };
}

/**
 * Decides one answer.
 *
 * @param p.memoryBefore - the member's memory of the item as stored (a new item's fresh state on first sight).
 * @param p.streakBefore - the member's stored streak.
 * @param p.zone - the member's time zone: the local day decides the streak and the once-a-day XP rule.
 * @param p.targetRetention - the member's target retention for FSRS.
 * @param p.schedule - the FSRS parameters that schedule the member (domain/tuning/levels.ts); defaults if absent.
 * @param p.away - the member's latest break: days inside it do not break the streak.
 */
export function decideAnswer(p: {
  memoryBefore: MemoryState;
  streakBefore: StoredStreak;
  grade: AnswerGrade;
  now: Date;
  zone: string;
  targetRetention: number;
  schedule?: ParameterChoice;
  away?: AwayPeriod | null;
}): AnswerDecision {
  const before = p.memoryBefore;
  const isNew = before.state === MEMORY_STATE.new;
  const rating =
    p.grade.by === 'member' ? p.grade.rating : ratingForOutcome({ ...p.grade, seenBefore: !isNew });
  const wasDue = isNew || isDue(before, p.now);
  const today = localDate(p.now, p.zone);
  const difficultyBefore = isNew ? null : before.difficulty;
  const parameters = p.schedule?.parameters ?? null;
  return {
    rating,
    memoryAfter: scheduleReview(before, rating, p.now, p.targetRetention, parameters),
    xp: scoreAnswer({
      wasDue,
      isNew,
      rating,
      difficultyBefore,
      answeredEarlierToday: before.lastReview !== null && localDate(before.lastReview, p.zone) === today,
    }),
    wasDue,
    difficultyBefore,
    streakAfter: advanceStreakThroughAway(p.streakBefore, today, p.away ?? null),
    undo: { memory: before, streak: p.streakBefore },
    log: {
      elapsedDays: elapsedLocalDays(before.lastReview, p.now, p.zone),
      retrievability: isNew ? null : retrievability(before, p.now, parameters),
      parameterSetId: p.schedule?.setId ?? null,
    },
  };
}
