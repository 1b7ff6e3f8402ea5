/**
 * Which parameters schedule a member: their own set once one has been adopted (it had to predict their later
 * reviews better than the group's), otherwise their server's, otherwise the set fitted on the built-in decks
 * across servers, otherwise the FSRS-6 defaults.
 */
import { isUsableParameterSet } from './adoption.js';

export type ParameterScope = 'member' | 'server' | 'global';
export type ParameterLevel = ParameterScope | 'default';

/** An adopted parameter set as the scheduler needs it. */
export interface ActiveParameterSet {
  id: number;
  scope: ParameterScope;
  parameters: number[];
}

export interface ParameterChoice {
  level: ParameterLevel;
  /** null: the FSRS-6 defaults. */
  parameters: number[] | null;
  setId: number | null;
}

export const DEFAULT_CHOICE: ParameterChoice = { level: 'default', parameters: null, setId: null };

/** The most specific usable set among the member's, the server's and the global one. */
export function chooseParameters(sets: {
  member?: ActiveParameterSet | null;
  server?: ActiveParameterSet | null;
  global?: ActiveParameterSet | null;
}): ParameterChoice {
  for (const set of [sets.member, sets.server, sets.global]) {
    if (set && isUsableParameterSet(set.parameters)) {
      return { level: set.scope, parameters: set.parameters, setId: set.id };
    }
  }
  return DEFAULT_CHOICE;
}

/**
 * Long-term reviews (answers on a later day than the previous one) a member needs before a personal fit is
 * tried. The benchmark (bench/scheduler-quality.ts, bench/README.md) fits members on their first 50, 100, 200
 * and 400 such reviews: below 400 the personal sets predicted later reviews worse than the group's on average,
 * from 400 better. Below it a fit costs a nightly run for nothing (the adoption rule would refuse it anyway).
 */
export const MIN_MEMBER_REVIEWS = 400;
/** The same for a server's or the global pool (fsrs-rs fits only four parameters below 64 reviews). */
export const MIN_GROUP_REVIEWS = 400;

/** Whether a scope has enough history for a fit to be worth running. */
export function hasEnoughHistory(scope: ParameterScope, longTermReviews: number): boolean {
  return longTermReviews >= (scope === 'member' ? MIN_MEMBER_REVIEWS : MIN_GROUP_REVIEWS);
}
