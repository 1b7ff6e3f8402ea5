/**
 * What the target retention costs and gives: the member's true retention (how often they actually recalled
 * items that were due) and a workload forecast (reviews a day over the next 30 days), simulated with the
 * same FSRS scheduler and parameters that schedule them.
 */
import { type MemoryState, newMemoryState } from './memory.js';
import { type FsrsParameters, type ReviewRating, retrievability, scheduleReview } from './scheduling.js';

const DAY_MS = 86_400_000;
const REVIEW_STATE = 2;

/** A small seeded generator (mulberry32): the forecast is random, but the same inputs give the same figures. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * True retention: of the answers given to items in the review state (learned, and due to be remembered), the
 * share not rated Again. Null with no such answers.
 */
export function trueRetention(answers: readonly { stateBefore: number; rating: number }[]): number | null {
  let reviews = 0;
  let recalled = 0;
  for (const answer of answers) {
    if (answer.stateBefore !== REVIEW_STATE) continue;
    reviews += 1;
    if (answer.rating > 1) recalled += 1;
  }
  return reviews === 0 ? null : recalled / reviews;
}

export interface ForecastInput {
  states: readonly MemoryState[];
  /** Items the member has not started yet, and how many they start a day. */
  newItemsLeft: number;
  dailyNewLimit: number;
  targetRetention: number;
  parameters: FsrsParameters;
  now: Date;
  days?: number;
  /** Each run draws recall from FSRS' own prediction; the figures are the mean over runs. */
  runs?: number;
  seed?: number;
}

/**
 * Expected reviews on each of the next `days` days (index 0 = the 24 hours from `now`), counting every answer
 * including same-day learning steps, as a Monte Carlo simulation: at each due review the item is recalled with
 * the probability FSRS predicts (and rated Good) or forgotten (Again), then rescheduled.
 */
export function forecastWorkload(input: ForecastInput): number[] {
  const days = input.days ?? 30;
  const runs = input.runs ?? 4;
  const end = input.now.getTime() + days * DAY_MS;
  const totals = new Array<number>(days).fill(0);
  const random = seededRandom(input.seed ?? 1);
  for (let run = 0; run < runs; run++) {
    const pending: MemoryState[] = [...input.states];
    let newLeft = input.newItemsLeft;
    for (let day = 0; day < days && newLeft > 0; day++) {
      const start = new Date(input.now.getTime() + day * DAY_MS);
      for (let i = 0; i < Math.min(input.dailyNewLimit, newLeft); i++) pending.push(newMemoryState(start));
      newLeft -= Math.min(input.dailyNewLimit, newLeft);
    }
    for (const initial of pending) {
      let memory = initial;
      // Bounded: learning steps of minutes could otherwise loop many times on a forgotten item.
      for (let step = 0; step < 200; step++) {
        const at = Math.max(memory.due.getTime(), input.now.getTime());
        if (at >= end) break;
        const when = new Date(at);
        const recalled = random() < retrievability(memory, when, input.parameters);
        const rating: ReviewRating = recalled ? 3 : 1;
        const index = Math.floor((at - input.now.getTime()) / DAY_MS);
        totals[index] = (totals[index] ?? 0) + 1;
        memory = scheduleReview(memory, rating, when, input.targetRetention, input.parameters);
      }
    }
  }
  return totals.map((total) => total / runs);
}
