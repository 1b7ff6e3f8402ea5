/**
 * Whether a freshly fitted parameter set replaces the one in use. Both are judged on the same time-series
 * splits of the scope's own reviews: for each split the candidate is fitted on the earlier reviews only and
 * both sets predict the later ones, so the candidate never sees what it is tested on, and the set in use is
 * tested on exactly the same answers. The candidate is adopted only when its log loss is lower.
 */
import type { Evaluation, Optimizer, TrainingItem } from './optimizer.js';
import { countLongTermReviews } from './training-items.js';

export const DEFAULT_FOLDS = 3;
/** Fewer later reviews than this make the comparison noise; the set in use stays. */
export const MIN_TEST_ITEMS = 50;

/** A candidate and the set in use, measured on the same held-out reviews (means weighted by review count). */
export interface SplitEvaluation {
  candidate: Evaluation;
  current: Evaluation;
  folds: number;
  /** Held-out long-term reviews (the ones predicted) over all folds. */
  testItems: number;
  /** Items the final candidate was fitted on. */
  trainItems: number;
}

export interface Fold {
  train: readonly TrainingItem[];
  test: readonly TrainingItem[];
}

/**
 * Splits items (sorted by time) as scikit-learn's TimeSeriesSplit does: `folds + 1` equal blocks; fold i
 * trains on blocks 0..i and tests on block i + 1.
 */
export function timeSeriesFolds(items: readonly TrainingItem[], folds = DEFAULT_FOLDS): Fold[] {
  const sorted = [...items].sort((a, b) => a.at - b.at);
  const block = Math.floor(sorted.length / (folds + 1));
  if (block === 0) return [];
  const result: Fold[] = [];
  for (let i = 1; i <= folds; i++) {
    const testEnd = i === folds ? sorted.length : (i + 1) * block;
    result.push({ train: sorted.slice(0, i * block), test: sorted.slice(i * block, testEnd) });
  }
  return result;
}

function weightedMean(parts: readonly { value: Evaluation; weight: number }[]): Evaluation {
  const total = parts.reduce((sum, part) => sum + part.weight, 0);
  const mean = (pick: (e: Evaluation) => number) =>
    total === 0 ? Number.NaN : parts.reduce((sum, part) => sum + pick(part.value) * part.weight, 0) / total;
  return { logLoss: mean((e) => e.logLoss), rmseBins: mean((e) => e.rmseBins) };
}

export interface TuneOptions {
  folds?: number;
  shouldStop?: () => boolean;
}

/**
 * Fits a candidate on all `items` and evaluates it against `current` (null: the defaults) on time-series
 * splits. Returns null when there are too few items to split.
 */
export async function fitAndEvaluate(
  optimizer: Optimizer,
  items: readonly TrainingItem[],
  current: readonly number[] | null,
  options: TuneOptions = {},
): Promise<{ parameters: number[]; evaluation: SplitEvaluation } | null> {
  const folds = timeSeriesFolds(items, options.folds ?? DEFAULT_FOLDS);
  if (folds.length === 0) return null;
  const candidateParts: { value: Evaluation; weight: number }[] = [];
  const currentParts: { value: Evaluation; weight: number }[] = [];
  for (const fold of folds) {
    if (fold.train.length === 0 || fold.test.length === 0) continue;
    const fitted = await optimizer.fit(fold.train, { shouldStop: options.shouldStop });
    const weight = countLongTermReviews(fold.test);
    if (weight === 0) continue;
    candidateParts.push({ value: optimizer.evaluate(fitted, fold.test), weight });
    currentParts.push({ value: optimizer.evaluate(current, fold.test), weight });
  }
  const parameters = await optimizer.fit(items, { shouldStop: options.shouldStop });
  return {
    parameters,
    evaluation: {
      candidate: weightedMean(candidateParts),
      current: weightedMean(currentParts),
      folds: candidateParts.length,
      testItems: candidateParts.reduce((sum, part) => sum + part.weight, 0),
      trainItems: items.length,
    },
  };
}

/** The adoption rule: enough held-out reviews, well-formed parameters, and a strictly lower log loss. */
export function shouldAdopt(parameters: readonly number[], evaluation: SplitEvaluation): boolean {
  return (
    isUsableParameterSet(parameters) &&
    evaluation.testItems >= MIN_TEST_ITEMS &&
    Number.isFinite(evaluation.candidate.logLoss) &&
    Number.isFinite(evaluation.current.logLoss) &&
    evaluation.candidate.logLoss < evaluation.current.logLoss
  );
}

/** FSRS-6 parameters: 21 finite numbers (a stored set that is not is ignored rather than trusted). */
export function isUsableParameterSet(
  parameters: readonly number[] | null | undefined,
): parameters is number[] {
  return Array.isArray(parameters) && parameters.length === 21 && parameters.every((p) => Number.isFinite(p));
}
