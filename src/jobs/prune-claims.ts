import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import { pruneOldClaims } from '../services/interactions.js';

/** Deletes old interaction claims every ten minutes so the claims table stays small. */
export function schedulePruneClaimsJob(deps: Deps): ScheduledTask {
  return cron.schedule(
    '*/10 * * * *',
    async () => {
      try {
        const pruned = await pruneOldClaims(deps, deps.clock());
        if (pruned > 0) deps.log.debug({ pruned }, 'old interaction claims pruned');
      } catch (error) {
        deps.log.error({ err: error }, 'pruning interaction claims failed');
      }
    },
    { noOverlap: true },
  );
}
