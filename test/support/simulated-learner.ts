// Simulated learners whose memory follows FSRS-6 with their own parameters, drawn around the defaults. Used by
// the scheduler-quality benchmark and by the tuning tests: data with a known truth, without a real group.
import { clipParameters, default_w, FSRSAlgorithm, type FSRSState, forgetting_curve } from 'ts-fsrs';
import { seededRandom } from '../../src/domain/forecast.js';
import type { ReviewRating } from '../../src/domain/scheduling.js';

export { seededRandom };

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * True parameters for one learner: each default scaled by a log-normal factor (wider on the initial
 * stabilities, where people differ most), the forgetting-curve decay drawn on its own, then clipped to the
 * range FSRS allows.
 */
export function drawLearnerParameters(random: () => number, spread = 0.35): number[] {
  const w = default_w.map((value, index) => {
    const sigma = index <= 3 ? spread * 1.5 : spread;
    return value * Math.exp(sigma * normal(random));
  });
  w[20] = 0.1 + random() * 0.5;
  return clipParameters(w, 1, true);
}

const FIRST_RATING = [0.24, 0.094, 0.495, 0.171];
const RECALL_RATING = [0.224, 0.632, 0.144];

function pick(random: () => number, weights: readonly number[]): number {
  let x = random();
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] as number;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** One learner's true memory of each item. `answer` decides the rating and moves the memory on. */
export class SimulatedLearner {
  private readonly algorithm: FSRSAlgorithm;
  private readonly memory = new Map<string, { state: FSRSState; at: number; day: number }>();

  constructor(
    readonly parameters: readonly number[],
    private readonly random: () => number,
  ) {
    this.algorithm = new FSRSAlgorithm({ w: [...parameters], enable_short_term: true });
  }

  /** The true chance of recall of `item` at `at` (ms) on local day `day`; null if never seen. */
  recallChance(item: string, at: number, day: number): number | null {
    const seen = this.memory.get(item);
    if (!seen) return null;
    // Across days the truth uses whole days, as FSRS itself does; within a day, the minutes since.
    const elapsed = day > seen.day ? day - seen.day : Math.max(0, at - seen.at) / 60_000 / 1440;
    return forgetting_curve(this.parameters, elapsed, seen.state.stability);
  }

  answer(item: string, at: number, day: number): ReviewRating {
    const seen = this.memory.get(item);
    let rating: ReviewRating;
    if (!seen) {
      rating = (pick(this.random, FIRST_RATING) + 1) as ReviewRating;
      this.memory.set(item, { state: this.algorithm.next_state(null, 0, rating), at, day });
      return rating;
    }
    const chance = this.recallChance(item, at, day) ?? 1;
    rating = this.random() < chance ? ((pick(this.random, RECALL_RATING) + 2) as ReviewRating) : 1;
    const deltaT = Math.max(0, day - seen.day);
    const state = this.algorithm.next_state(seen.state, deltaT, rating);
    this.memory.set(item, { state, at, day });
    return rating;
  }
}
