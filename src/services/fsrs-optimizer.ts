/**
 * The FSRS optimizer through fsrs-rs's Node binding (`@open-spaced-repetition/binding-linux-x64-gnu`, the one
 * platform build that is current; see `src/types/fsrs-binding.d.ts`). It is an optional dependency: elsewhere it is
 * not installed, parameter tuning is off and everything else works on the parameters already stored (or the
 * defaults).
 */
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import type { Optimizer, TrainingItem } from '../domain/tuning/optimizer.js';

const BINDING_PACKAGE = '@open-spaced-repetition/binding-linux-x64-gnu';
type Binding = typeof import('@open-spaced-repetition/binding-linux-x64-gnu');
export type BindingLoader = () => Promise<Binding>;

// The package's entry is a native addon (`.node`), which only `require` can load.
const importBinding: BindingLoader = async () => createRequire(import.meta.url)(BINDING_PACKAGE) as Binding;

/**
 * Loads the optimizer once, or returns null (with one log line saying why tuning is off). `load` is there so
 * tests can take the absent path on a machine where the package is installed.
 */
export async function loadOptimizer(
  log: Logger,
  load: BindingLoader = importBinding,
): Promise<Optimizer | null> {
  let binding: Binding;
  try {
    binding = await load();
  } catch (error) {
    log.warn(
      {
        err: error instanceof Error ? error.message : String(error),
        platform: `${process.platform}-${process.arch}`,
      },
      `FSRS parameter tuning is off: ${BINDING_PACKAGE} is not installed for this platform; scheduling keeps the stored or default parameters`,
    );
    return null;
  }
  return bindingOptimizer(binding);
}

export function bindingOptimizer(binding: Binding): Optimizer {
  const toItems = (items: readonly TrainingItem[]) =>
    items.map(
      (item) =>
        new binding.FSRSBindingItem(
          item.reviews.map((r) => new binding.FSRSBindingReview(r.rating, r.deltaT)),
        ),
    );
  return {
    async fit(items, options) {
      // A small fit finishes before fsrs-rs first polls, so the budget is also checked before starting.
      if (options?.shouldStop?.()) throw new Error('FSRS fit not started: the time budget is spent');
      return binding.computeParameters(toItems(items), {
        enableShortTerm: true,
        // fsrs-rs polls this between steps; false asks it to stop, and the promise rejects.
        progress: () => !options?.shouldStop?.(),
        timeout: 200,
      });
    },
    evaluate(parameters, items) {
      // fsrs-rs measures predictions of long-term reviews only, and refuses an item whose last review is on
      // the same day as the one before ("InvalidInput").
      const predictable = items.filter((item) => (item.reviews[item.reviews.length - 1]?.deltaT ?? 0) > 0);
      if (predictable.length === 0) return { logLoss: Number.NaN, rmseBins: Number.NaN };
      const fsrs = new binding.FSRSBinding(parameters ? [...parameters] : undefined);
      const { logLoss, rmseBins } = fsrs.evaluate(toItems(predictable));
      return { logLoss, rmseBins };
    },
  };
}
