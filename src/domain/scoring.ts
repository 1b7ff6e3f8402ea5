/**
 * XP and leaderboard ordering. XP rewards recall, not grinding:
 *
 * 1. An answer earns XP only when the item was due (its due time ≤ the answer time) or new (never
 *    reviewed). Re-answering an item before it is due earns 0, so drilling the same cards pays nothing.
 * 2. Only the member's first answer to an item on a local day earns XP (`answeredEarlierToday`).
 *    Without this, pressing Again on a due card beat an honest Good: Again costs nothing, the card is
 *    due again minutes later (relearning step) and FSRS has meanwhile raised its difficulty, so the
 *    retry scores more than the honest answer would have. With the cap a lapse earns nothing that day.
 *    Learning steps of a new card likewise earn once, on the first answer.
 * 3. Base by rating: Again (wrong) 0, Hard 6, Good 10, Easy 12. Easy is only slightly above Good: a
 *    self-reported rating should not pay much for optimism, and Easy already lengthens the interval.
 * 4. Weighted by the item's FSRS difficulty D ∈ [1, 10] before the review (5 for a new item, a
 *    difficulty outside the range is clamped): × (0.5 + D / 10), i.e. ×0.6 … ×1.5, so harder items are
 *    worth more. Rounded half up to an integer.
 *
 * Known limit of rule 4: FSRS difficulty is per member and rises with that member's own Again/Hard
 * ratings. With ts-fsrs defaults a new card answered Good sits at D ≈ 2.1 (a later Good pays 7); one
 * deliberate Again lifts D to ≈ 7.4 (pays 12), three to ≈ 9.7 (pays 15). Whatever is passed as
 * `difficultyBefore` is the weighting signal; a content-level estimate (e.g. the cohort's median D for
 * the item) would close this without changing this module.
 *
 * Leaderboards order by {@link rankEntries}; accuracy is reported separately by {@link accuracy}.
 */

/** FSRS rating of an answer: 1 Again (wrong), 2 Hard, 3 Good, 4 Easy. */
export type AnswerRating = 1 | 2 | 3 | 4;

/** Base XP per rating before the difficulty weight. */
export const XP_BASE_BY_RATING: Readonly<Record<AnswerRating, number>> = { 1: 0, 2: 6, 3: 10, 4: 12 };

/** Difficulty assumed for an item that has never been reviewed (the middle of FSRS's 1..10). */
export const NEW_ITEM_DIFFICULTY = 5;

/**
 * XP for one answer, per the rule at the top of this module.
 *
 * @param p.wasDue - the item's due time was at or before the answer time.
 * @param p.isNew - the item had never been reviewed by this member.
 * @param p.rating - the FSRS rating given.
 * @param p.difficultyBefore - the item's FSRS difficulty before this review; `null` for a new item.
 * @param p.answeredEarlierToday - the member already answered this item earlier on the same local day
 *   (e.g. the card's last review falls on today's local date). Omitted means `false`.
 * @returns a non-negative integer.
 */
export function scoreAnswer(p: {
  wasDue: boolean;
  isNew: boolean;
  rating: AnswerRating;
  difficultyBefore: number | null;
  answeredEarlierToday?: boolean;
}): number {
  if (!p.wasDue && !p.isNew) return 0;
  if (p.answeredEarlierToday === true) return 0;
  const base = XP_BASE_BY_RATING[p.rating] ?? 0;
  if (base === 0) return 0;
  const raw = p.difficultyBefore ?? NEW_ITEM_DIFFICULTY;
  const difficulty = Number.isFinite(raw) ? Math.min(10, Math.max(1, raw)) : NEW_ITEM_DIFFICULTY;
  // base × (5 + D) / 10 equals base × (0.5 + D / 10) but keeps integer D exact before rounding.
  return Math.round((base * (5 + difficulty)) / 10);
}

/** The fields a leaderboard row needs for ordering. */
export interface RankableEntry {
  userId: string;
  /** The score being ranked (XP, streak, …); higher is better. */
  value: number;
  answers: number;
  /** When the member gave their latest counted answer; `null` if none. */
  lastAnsweredAt: Date | null;
}

/**
 * Orders leaderboard entries and numbers them 1, 2, 3, … with no shared ranks.
 *
 * Order: `value` descending; then more `answers` first; then whoever reached their score first (earlier
 * `lastAnsweredAt`; `null` last); then `userId`, shorter first and otherwise by code unit, which for
 * Discord snowflakes is numeric order. Every tie is therefore broken the same way on every run and
 * every machine: two members never share a rank and a board never reshuffles between renders. That
 * determinism is the point; a shared "=2" would make the order of the rows arbitrary.
 *
 * Entries with fewer than `opts.minAnswers` answers are left out (before ranking). The input is not
 * modified.
 */
export function rankEntries<T extends RankableEntry>(
  entries: T[],
  opts: { minAnswers?: number } = {},
): (T & { rank: number })[] {
  const minAnswers = opts.minAnswers ?? 0;
  return entries
    .filter((entry) => entry.answers >= minAnswers)
    .sort(compareEntries)
    .map((entry, index) => ({ ...entry, rank: index + 1 }));
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

// A NaN anywhere would make the comparator inconsistent and the order engine-dependent; it sorts last.
function compareEntries(a: RankableEntry, b: RankableEntry): number {
  return (
    finiteOr(b.value, Number.NEGATIVE_INFINITY) - finiteOr(a.value, Number.NEGATIVE_INFINITY) ||
    finiteOr(b.answers, Number.NEGATIVE_INFINITY) - finiteOr(a.answers, Number.NEGATIVE_INFINITY) ||
    compareTimes(a.lastAnsweredAt, b.lastAnsweredAt) ||
    compareIds(a.userId, b.userId)
  );
}

function compareTimes(a: Date | null, b: Date | null): number {
  const at = a === null ? Number.POSITIVE_INFINITY : finiteOr(a.getTime(), Number.POSITIVE_INFINITY);
  const bt = b === null ? Number.POSITIVE_INFINITY : finiteOr(b.getTime(), Number.POSITIVE_INFINITY);
  return at === bt ? 0 : at < bt ? -1 : 1;
}

function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Share of correct answers as a fraction in [0, 1] (format as a percentage for display), or `null`
 * when there are no answers, so "no data" is never shown as 0 %.
 */
export function accuracy(correct: number, answers: number): number | null {
  if (!Number.isFinite(answers) || !Number.isFinite(correct) || answers <= 0) return null;
  return Math.min(1, Math.max(0, correct / answers));
}
