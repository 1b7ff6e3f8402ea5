import { shuffledIndexes } from './grading.js';
import type { ReviewRating } from './scheduling.js';

/**
 * The group quiz: several members answer the same questions in a channel. Everything here is pure; the caller
 * passes seeds and instants.
 */

export const QUIZ_LIMITS = {
  questions: { min: 1, max: 10, default: 5 },
  seconds: { min: 10, max: 120, default: 30 },
} as const;

function clamp(value: number | null | undefined, limits: { min: number; max: number; default: number }) {
  if (value === null || value === undefined || !Number.isFinite(value)) return limits.default;
  return Math.min(limits.max, Math.max(limits.min, Math.round(value)));
}

/** The number of questions and seconds per question, defaulted and kept within the limits. */
export function quizSettings(p: { questions?: number | null; seconds?: number | null }): {
  questions: number;
  seconds: number;
} {
  return {
    questions: clamp(p.questions, QUIZ_LIMITS.questions),
    seconds: clamp(p.seconds, QUIZ_LIMITS.seconds),
  };
}

export interface QuizCandidate {
  id: string;
  kind: 'scenario' | 'multiple_choice';
  optionCount: number;
}

export interface QuizPlan {
  itemIds: string[];
  /** Per question, the display order of the item's options (indexes into its options). */
  optionOrders: number[][];
}

/**
 * Picks up to `count` questions: scenarios first, in a shuffled order, then multiple-choice questions when there
 * are too few scenarios. The same seed gives the same quiz.
 */
export function planQuiz(candidates: readonly QuizCandidate[], count: number, seed: number): QuizPlan {
  const shuffled = (list: readonly QuizCandidate[], salt: number) =>
    shuffledIndexes(list.length, seed + salt).map((index) => list[index] as QuizCandidate);
  const scenarios = shuffled(
    candidates.filter((c) => c.kind === 'scenario'),
    0,
  );
  const choices = shuffled(
    candidates.filter((c) => c.kind === 'multiple_choice'),
    1,
  );
  const picked = [...scenarios, ...choices].slice(0, Math.max(0, count));
  return {
    itemIds: picked.map((c) => c.id),
    optionOrders: picked.map((c, question) => shuffledIndexes(c.optionCount, seed + 7919 * (question + 1))),
  };
}

/** A quiz answer moves the member's own schedule like any review: right is Good, wrong is Again. */
export function quizRating(correct: boolean): ReviewRating {
  return correct ? 3 : 1;
}

/** When the question that ends at `endsAt` was put up, for measuring how long an answer took. */
export function questionStartedAt(endsAt: Date, secondsPerQuestion: number): Date {
  return new Date(endsAt.getTime() - secondsPerQuestion * 1000);
}

/** A question takes answers until its end instant, exclusive. */
export function isQuestionOpen(endsAt: Date | null, now: Date): boolean {
  return endsAt !== null && now.getTime() < endsAt.getTime();
}

export interface Quiz {
  id: number;
  guildId: string;
  channelId: string;
  hostUserId: string;
  deckId: string | null;
  itemIds: string[];
  optionOrders: number[][];
  currentQuestion: number;
  /** When the current question stops taking answers; null once the quiz is over. */
  questionEndsAt: Date | null;
  /** The message of the current question (until the next one is posted). */
  messageId: string | null;
  status: 'running' | 'finished';
  secondsPerQuestion: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface StoredQuizAnswer {
  userId: string;
  question: number;
  option: number;
  correct: boolean;
  answeredAt: Date;
}

export type QuizAnswerRefusal = 'quiz-missing' | 'time-up' | 'already-answered' | 'bad-option';

/**
 * The one check that a press answers the quiz's open question: the quiz exists, is still on that question, the
 * question has not ended at `now`, and it asks the item the button was drawn for. Run before deciding and again
 * on the quiz row read under lock.
 */
export function checkQuizTarget(
  quiz: Quiz | null,
  target: { question: number; itemId?: string; now: Date },
): 'quiz-missing' | 'time-up' | null {
  if (!quiz) return 'quiz-missing';
  if (quiz.status !== 'running' || quiz.currentQuestion !== target.question) return 'time-up';
  if (!isQuestionOpen(quiz.questionEndsAt, target.now)) return 'time-up';
  if (target.itemId !== undefined && quiz.itemIds[target.question] !== target.itemId) return 'quiz-missing';
  return null;
}

export interface QuizAnswerFact {
  userId: string;
  question: number;
  correct: boolean;
  answeredAt: Date;
}

export interface QuizScore {
  userId: string;
  rank: number;
  /** One point per right answer. */
  points: number;
  answered: number;
  /** When the member gave their last right answer: who reached the score first wins a tie. */
  reachedAt: Date | null;
}

/**
 * The scoreboard: one point per right answer, most points first. A tie goes to whoever reached their score
 * first (the earlier last right answer), then to the member who answered more questions, then by user id, so
 * two members never share a rank and the board is the same on every replica. Members who only answered wrong
 * appear with 0 points.
 */
export function rankQuizScores(answers: readonly QuizAnswerFact[]): QuizScore[] {
  const byUser = new Map<string, Omit<QuizScore, 'rank'>>();
  for (const answer of answers) {
    const entry = byUser.get(answer.userId) ?? {
      userId: answer.userId,
      points: 0,
      answered: 0,
      reachedAt: null,
    };
    entry.answered += 1;
    if (answer.correct) {
      entry.points += 1;
      if (entry.reachedAt === null || answer.answeredAt.getTime() > entry.reachedAt.getTime())
        entry.reachedAt = answer.answeredAt;
    }
    byUser.set(answer.userId, entry);
  }
  const time = (at: Date | null) => (at === null ? Number.POSITIVE_INFINITY : at.getTime());
  return [...byUser.values()]
    .sort(
      (a, b) =>
        b.points - a.points ||
        time(a.reachedAt) - time(b.reachedAt) ||
        b.answered - a.answered ||
        compareIds(a.userId, b.userId),
    )
    .map((entry, index) => ({ ...entry, rank: index + 1 }));
}

function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a quiz lives, and where a press on one of its buttons came from. */
export interface QuizPlace {
  guildId: string | null;
  channelId: string | null;
  /** The quiz's: its current question's message, null while it is being posted. A press's: the pressed message. */
  messageId: string | null;
}

/**
 * True when a press came from the quiz's own messages: its server, its channel and, for the current question once
 * its message is known, that message. A custom_id is only text that any message could carry, so a press from
 * elsewhere is not an answer. A press on an earlier question's message passes here and is refused as too late.
 */
export function isPressFromQuiz(
  quiz: QuizPlace & { currentQuestion: number },
  press: QuizPlace & { question: number },
): boolean {
  if (press.guildId !== quiz.guildId || press.channelId !== quiz.channelId) return false;
  return (
    press.question !== quiz.currentQuestion || quiz.messageId === null || press.messageId === quiz.messageId
  );
}
