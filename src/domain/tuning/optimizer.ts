/**
 * What fitting FSRS parameters needs from an optimizer, in plain data. The optimizer itself (fsrs-rs through
 * `@open-spaced-repetition/binding`) is an optional native package; the domain only sees this port, so the
 * pipeline runs the same in production, in the benchmark and in tests.
 */
import type { ReviewRating } from '../scheduling.js';

/** One review in a training item: its rating and the whole days since the previous review (0 the same day). */
export interface TrainingReview {
  rating: ReviewRating;
  deltaT: number;
}

/**
 * A card's history up to one review, in order (the form fsrs-rs trains on: one item per review after the
 * first, each holding the reviews before it). `at` is when the last review happened (ms since the epoch), so
 * the evaluation can train on earlier reviews and test on later ones.
 */
export interface TrainingItem {
  reviews: readonly TrainingReview[];
  at: number;
}

/** fsrs-rs' measures of how well parameters predict recall: lower is better for both. */
export interface Evaluation {
  logLoss: number;
  rmseBins: number;
}

export interface FitOptions {
  /** Checked between training steps: returning true stops the fit (the nightly job's time budget). */
  shouldStop?: () => boolean;
}

export interface Optimizer {
  /** Fits FSRS-6 parameters (21 numbers) to the items. Rejects when stopped or when the data is unusable. */
  fit(items: readonly TrainingItem[], options?: FitOptions): Promise<number[]>;
  /**
   * How well `parameters` (null: the FSRS-6 defaults) predict the last review of each item whose last review
   * is on a later day than the one before (same-day answers are not predictions fsrs-rs measures). NaN when
   * there is no such item.
   */
  evaluate(parameters: readonly number[] | null, items: readonly TrainingItem[]): Evaluation;
}
