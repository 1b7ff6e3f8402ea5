import cron, { type ScheduledTask } from 'node-cron';
import { pruneInteractionClaims } from '../db/repositories/claims.js';
import type { Deps } from '../deps.js';

/** Interaction tokens live 15 minutes; a claim older than an hour can never be contested again. */
const CLAIM_RETENTION_MS = 60 * 60_000;

/** Deletes old interaction claims every ten minutes so the claims table stays small. */
export function schedulePruneClaimsJob(deps: Deps): ScheduledTask {
  return cron.schedule(
    '*/10 * * * *',
    async () => {
      try {
        const pruned = await pruneInteractionClaims(
          deps.db,
          new Date(deps.clock().getTime() - CLAIM_RETENTION_MS),
        );
        if (pruned > 0) deps.log.debug({ pruned }, 'old interaction claims pruned');
      } catch (error) {
        deps.log.error({ err: error }, 'pruning interaction claims failed');
      }
    },
    { noOverlap: true },
  );
}
