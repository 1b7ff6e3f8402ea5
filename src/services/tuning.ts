import { performance } from 'node:perf_hooks';
import { claimJobRunWithLease, completeJobRun } from '../db/repositories/claims.js';
import {
  findActiveParameterSets,
  findReviewsForFitting,
  findTuningCandidates,
  recordParameterSet,
  resetMemberParameters,
} from '../db/repositories/parameter-sets.js';
import type { Deps } from '../deps.js';
import { localDate } from '../domain/local-time.js';
import { fitAndEvaluate, shouldAdopt } from '../domain/tuning/adoption.js';
import {
  type ActiveParameterSet,
  chooseParameters,
  hasEnoughHistory,
  MIN_GROUP_REVIEWS,
  MIN_MEMBER_REVIEWS,
  type ParameterScope,
} from '../domain/tuning/levels.js';
import type { Optimizer } from '../domain/tuning/optimizer.js';
import { buildTrainingItems, countLongTermReviews } from '../domain/tuning/training-items.js';

export const TUNING_JOB = 'tune-parameters';
/** The whole night's fitting stops after this; what is left waits for the next night. */
export const TUNING_BUDGET_MS = 20 * 60_000;
/**
 * Review-log rows read for one fit. A fit holds every row's history as training items (a few hundred bytes a
 * review) plus fsrs-rs' own copy: 100,000 rows stays in the tens of megabytes, and is far more than a study
 * group's year.
 */
export const MAX_ROWS_PER_FIT = 100_000;

export interface TuningOutcome {
  scope: ParameterScope;
  scopeId: string | null;
  setId: number;
  adopted: boolean;
  logLoss: number;
  baselineLogLoss: number;
}

export interface TuningReport {
  skipped: 'no optimizer' | 'claimed elsewhere' | null;
  outcomes: TuningOutcome[];
  /** The budget ran out before every scope was fitted. */
  stoppedEarly: boolean;
}

interface Scope {
  scope: ParameterScope;
  scopeId: string | null;
  since: Date | null;
  /** The set this scope's answers are scheduled with now: the one a candidate must beat. */
  current: () => Promise<ActiveParameterSet | null>;
}

/**
 * One night's tuning: the global set (all answers to the built-in decks), then each server's, then each member's
 * with enough history. Each candidate is kept with its evaluation and adopted only when it predicts the scope's
 * later reviews better than the set in use (domain/tuning/adoption.ts).
 *
 * Once across replicas: claimed in `job_runs` under the night's date, with a lease longer than the budget so a
 * replica that died mid-run leaves the night to the next tick after it expires.
 */
export async function runNightlyTuning(
  deps: Deps,
  optimizer: Optimizer | null,
  now: Date,
  limits: { budgetMs?: number; maxRows?: number } = {},
): Promise<TuningReport> {
  const report: TuningReport = { skipped: null, outcomes: [], stoppedEarly: false };
  if (!optimizer) return { ...report, skipped: 'no optimizer' };
  const budgetMs = limits.budgetMs ?? TUNING_BUDGET_MS;
  const key = localDate(now, deps.config.defaultTimezone);
  const claimed = await claimJobRunWithLease(deps.db, {
    job: TUNING_JOB,
    key,
    claimedBy: deps.instanceId,
    now,
    leaseMs: budgetMs + 10 * 60_000,
  });
  if (!claimed) return { ...report, skipped: 'claimed elsewhere' };
  const log = deps.log.child({ job: TUNING_JOB, key });
  const deadline = performance.now() + budgetMs;
  const shouldStop = () => performance.now() > deadline;

  const candidates = await findTuningCandidates(deps.db, {
    minMemberReviews: MIN_MEMBER_REVIEWS,
    minServerReviews: MIN_GROUP_REVIEWS,
  });
  const sets = (userId: string, guildId: string | null) =>
    findActiveParameterSets(deps.db, { userId, guildId });
  const scopes: Scope[] = [
    { scope: 'global', scopeId: null, since: null, current: async () => (await sets('', null)).global },
    ...candidates.servers.map((guildId) => ({
      scope: 'server' as const,
      scopeId: guildId,
      since: null,
      current: async () => {
        const found = await sets('', guildId);
        return found.server ?? found.global;
      },
    })),
    ...candidates.members.map((member) => ({
      scope: 'member' as const,
      scopeId: member.userId,
      since: member.resetAt,
      current: async () => {
        const found = await sets(member.userId, member.guildId);
        const choice = chooseParameters(found);
        return [found.member, found.server, found.global].find((set) => set?.id === choice.setId) ?? null;
      },
    })),
  ];

  for (const scope of scopes) {
    if (shouldStop()) {
      report.stoppedEarly = true;
      break;
    }
    try {
      const rows = await findReviewsForFitting(deps.db, {
        scope: scope.scope,
        scopeId: scope.scopeId,
        maxRows: limits.maxRows ?? MAX_ROWS_PER_FIT,
        since: scope.since,
      });
      const items = buildTrainingItems(rows, deps.config.defaultTimezone);
      if (!hasEnoughHistory(scope.scope, countLongTermReviews(items))) continue;
      const current = await scope.current();
      const result = await fitAndEvaluate(optimizer, items, current?.parameters ?? null, { shouldStop });
      if (!result) continue;
      const adopted = shouldAdopt(result.parameters, result.evaluation);
      const setId = await recordParameterSet(deps.db, {
        scope: scope.scope,
        scopeId: scope.scopeId,
        parameters: result.parameters,
        evaluation: result.evaluation,
        baselineSetId: current?.id ?? null,
        adopt: adopted,
        now: deps.clock(),
      });
      report.outcomes.push({
        scope: scope.scope,
        scopeId: scope.scopeId,
        setId,
        adopted,
        logLoss: result.evaluation.candidate.logLoss,
        baselineLogLoss: result.evaluation.current.logLoss,
      });
      log.info(
        { scope: scope.scope, scopeId: scope.scopeId, setId, adopted, evaluation: result.evaluation },
        adopted ? 'parameter set adopted' : 'parameter set kept for the record, not adopted',
      );
    } catch (error) {
      if (shouldStop()) {
        report.stoppedEarly = true;
        break;
      }
      log.warn({ err: error, scope: scope.scope, scopeId: scope.scopeId }, 'parameter fit failed; skipping');
    }
  }
  if (report.stoppedEarly)
    log.warn({ budgetMs }, 'tuning stopped at its time budget; the rest waits a night');
  await completeJobRun(deps.db, TUNING_JOB, key, deps.clock());
  return report;
}

/**
 * A member asks the bot to forget what it learned about their memory: their own parameter set stops being used
 * (they are scheduled with the server's or the default parameters again), and later fits read only answers they
 * give from now on. Returns whether a set of their own was in use.
 */
export async function resetLearnedParameters(deps: Deps, p: { userId: string; now: Date }): Promise<boolean> {
  return resetMemberParameters(deps.db, p.userId, p.now);
}

/** The FSRS parameters that schedule a member answering in `guildId` (null: a DM). */
export async function scheduleFor(deps: Pick<Deps, 'db'>, p: { userId: string; guildId: string | null }) {
  return chooseParameters(await findActiveParameterSets(deps.db, p));
}
