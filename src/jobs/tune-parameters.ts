import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import type { Optimizer } from '../domain/tuning/optimizer.js';
import { loadOptimizer } from '../services/fsrs-optimizer.js';
import { runNightlyTuning, TUNING_JOB } from '../services/tuning.js';

/**
 * Every night at 03:30 in the bot's default zone. The optimizer is loaded at start, so a platform without it
 * says so once in the start-up log.
 */
export function scheduleTuningJob(
  deps: Deps,
  load: () => Promise<Optimizer | null> = () => loadOptimizer(deps.log),
): ScheduledTask {
  const optimizer = load();
  return cron.schedule(
    '30 3 * * *',
    async () => {
      try {
        await runNightlyTuning(deps, await optimizer, deps.clock());
      } catch (error) {
        deps.log.error({ err: error, job: TUNING_JOB }, 'nightly tuning failed');
      }
    },
    { noOverlap: true, timezone: deps.config.defaultTimezone },
  );
}
