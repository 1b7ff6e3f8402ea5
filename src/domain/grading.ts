import type { ReviewRating } from './scheduling.js';

/**
 * Automatic grading. Wrong answers map to Again, right ones to Good; a right answer given quickly on an item the
 * member has seen before maps to Easy, because answering at reading speed means the recall was effortless. A
 * fast answer on first sight stays Good: it may be a lucky guess, and FSRS should not push a new item far away
 * on one guess.
 */

/** Milliseconds per character of question a member may spend reading before an answer stops counting as fast. */
const READING_MS_PER_CHAR = 60;
const FAST_ANSWER_FLOOR_MS = 4_000;

export function fastAnswerThresholdMs(questionLength: number): number {
  return FAST_ANSWER_FLOOR_MS + READING_MS_PER_CHAR * questionLength;
}

export function ratingForOutcome(p: {
  correct: boolean;
  /** Ordering questions: one neighbouring pair swapped counts as nearly right (Hard). */
  nearlyCorrect?: boolean;
  responseMs: number;
  questionLength: number;
  seenBefore: boolean;
}): ReviewRating {
  if (!p.correct) return p.nearlyCorrect ? 2 : 1;
  if (p.seenBefore && p.responseMs <= fastAnswerThresholdMs(p.questionLength)) return 4;
  return 3;
}

export interface OrderingGrade {
  correct: boolean;
  /** Exactly one pair of neighbouring steps swapped. */
  nearlyCorrect: boolean;
  /** How many steps sit in their right place. */
  inPlace: number;
}

/** Grades an ordering answer: `picked` lists the item's step indexes in the order the member put them. */
export function gradeOrdering(picked: readonly number[], stepCount: number): OrderingGrade {
  const inPlace = picked.filter((step, position) => step === position).length;
  const correct = picked.length === stepCount && inPlace === stepCount;
  let nearlyCorrect = false;
  if (!correct && picked.length === stepCount && inPlace === stepCount - 2) {
    const wrong = picked.map((step, position) => (step === position ? -1 : position)).filter((p) => p >= 0);
    const [a, b] = wrong;
    nearlyCorrect = a !== undefined && b !== undefined && b === a + 1 && picked[a] === b && picked[b] === a;
  }
  return { correct, nearlyCorrect, inPlace };
}

/**
 * Normalizes a typed answer for lenient comparison: Unicode NFKC (full-width letters, compatibility jamo), case,
 * whitespace, and punctuation that people add or drop freely. Format characters (category Cf: zero-width joiners
 * and spaces, BOM, direction marks, soft hyphens) are dropped first: keyboards, IMEs and copied text insert them
 * without the member seeing them.
 */
export function normalizeAnswer(text: string): string {
  return text
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[.,!?;:'"`~()[\]{}<>·・、。「」『』\-_/\\]/g, '');
}

/** True when `typed` matches the canonical answer in either language or any accepted variant. */
export function checkClozeAnswer(typed: string, accepted: readonly string[]): boolean {
  const normalized = normalizeAnswer(typed);
  if (normalized.length === 0) return false;
  return accepted.some((answer) => normalizeAnswer(answer) === normalized);
}

/** A deterministic shuffle (Fisher–Yates over a seeded generator): the same seed gives the same order. */
export function shuffledIndexes(length: number, seed: number): number[] {
  const order = Array.from({ length }, (_, index) => index);
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: small, fast, good enough to vary option order.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const a = order[i] as number;
    order[i] = order[j] as number;
    order[j] = a;
  }
  return order;
}
