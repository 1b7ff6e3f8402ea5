import { and, desc, eq, gte, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { ReviewRating } from '../../domain/scheduling.js';
import type { SplitEvaluation } from '../../domain/tuning/adoption.js';
import type { ActiveParameterSet, ParameterScope } from '../../domain/tuning/levels.js';
import type { LoggedReview } from '../../domain/tuning/training-items.js';
import type { Database } from '../client.js';
import { parameterSets, reviewLogs, users } from '../schema/index.js';

const GLOBAL_SCOPE_ID = '';

const active = and(isNotNull(parameterSets.adoptedAt), isNull(parameterSets.retiredAt));

/** The active sets that may schedule a member answering in `guildId` (null: a DM), in one query. */
export async function findActiveParameterSets(
  db: Database,
  p: { userId: string; guildId: string | null },
): Promise<{
  member: ActiveParameterSet | null;
  server: ActiveParameterSet | null;
  global: ActiveParameterSet | null;
}> {
  const rows = await db
    .select({ id: parameterSets.id, scope: parameterSets.scope, parameters: parameterSets.parameters })
    .from(parameterSets)
    .where(
      and(
        active,
        or(
          and(eq(parameterSets.scope, 'member'), eq(parameterSets.scopeId, p.userId)),
          p.guildId
            ? and(eq(parameterSets.scope, 'server'), eq(parameterSets.scopeId, p.guildId))
            : undefined,
          and(eq(parameterSets.scope, 'global'), eq(parameterSets.scopeId, GLOBAL_SCOPE_ID)),
        ),
      ),
    );
  const pick = (scope: ParameterScope) => rows.find((row) => row.scope === scope) ?? null;
  return { member: pick('member'), server: pick('server'), global: pick('global') };
}

export interface StoredParameterSet {
  id: number;
  scope: ParameterScope;
  scopeId: string;
  parameters: number[];
  logLoss: number;
  rmseBins: number;
  baselineLogLoss: number;
  baselineRmseBins: number;
  baselineSetId: number | null;
  trainItems: number;
  testItems: number;
  createdAt: Date;
  adoptedAt: Date | null;
  retiredAt: Date | null;
}

/**
 * Keeps a fitted set with its evaluation; when `adopt`, it replaces the scope's active set in the same
 * transaction (the old one is retired first: at most one active set per scope).
 */
export async function recordParameterSet(
  db: Database,
  p: {
    scope: ParameterScope;
    scopeId: string | null;
    parameters: readonly number[];
    evaluation: SplitEvaluation;
    baselineSetId: number | null;
    adopt: boolean;
    now: Date;
  },
): Promise<number> {
  const scopeId = p.scopeId ?? GLOBAL_SCOPE_ID;
  return db.transaction(async (tx) => {
    if (p.adopt) {
      await tx
        .update(parameterSets)
        .set({ retiredAt: p.now })
        .where(and(active, eq(parameterSets.scope, p.scope), eq(parameterSets.scopeId, scopeId)));
    }
    const [row] = await tx
      .insert(parameterSets)
      .values({
        scope: p.scope,
        scopeId,
        parameters: [...p.parameters],
        logLoss: p.evaluation.candidate.logLoss,
        rmseBins: p.evaluation.candidate.rmseBins,
        baselineLogLoss: p.evaluation.current.logLoss,
        baselineRmseBins: p.evaluation.current.rmseBins,
        baselineSetId: p.baselineSetId,
        trainItems: p.evaluation.trainItems,
        testItems: p.evaluation.testItems,
        createdAt: p.now,
        adoptedAt: p.adopt ? p.now : null,
      })
      .returning({ id: parameterSets.id });
    if (!row) throw new Error('parameter set insert returned nothing');
    return row.id;
  });
}

/**
 * A member's "forget what you learned about me": their own set stops being used, and later fits read only
 * answers given after now. Returns whether a set was in use.
 */
export async function resetMemberParameters(db: Database, userId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.update(users).set({ tuningResetAt: now, updatedAt: now }).where(eq(users.id, userId));
    const rows = await tx
      .update(parameterSets)
      .set({ retiredAt: now })
      .where(and(active, eq(parameterSets.scope, 'member'), eq(parameterSets.scopeId, userId)))
      .returning({ id: parameterSets.id });
    return rows.length > 0;
  });
}

/** A scope's sets, newest first, adopted or not: what changed and why. */
export async function listParameterSets(
  db: Database,
  scope: ParameterScope,
  scopeId: string | null,
  limit = 10,
): Promise<StoredParameterSet[]> {
  const rows = await db
    .select()
    .from(parameterSets)
    .where(and(eq(parameterSets.scope, scope), eq(parameterSets.scopeId, scopeId ?? GLOBAL_SCOPE_ID)))
    .orderBy(desc(parameterSets.createdAt), desc(parameterSets.id))
    .limit(limit);
  return rows;
}

/**
 * The review history one scope is fitted on: a member's answers, a server's, or everyone's (the built-in decks
 * across servers). Whole cards only, at most `maxRows` rows, so a fit's memory stays bounded; a member's reset
 * (`since`) leaves out what came before it.
 */
export async function findReviewsForFitting(
  db: Database,
  p: { scope: ParameterScope; scopeId: string | null; maxRows: number; since?: Date | null },
): Promise<LoggedReview[]> {
  const where = and(
    p.scope === 'member' ? eq(reviewLogs.userId, p.scopeId ?? '') : undefined,
    p.scope === 'server' ? eq(reviewLogs.guildId, p.scopeId ?? '') : undefined,
    p.since ? gte(reviewLogs.reviewedAt, p.since) : undefined,
  );
  const rows = await db
    .select({
      userId: reviewLogs.userId,
      itemId: reviewLogs.itemId,
      rating: reviewLogs.rating,
      reviewedAt: reviewLogs.reviewedAt,
      elapsedDays: reviewLogs.elapsedDays,
    })
    .from(reviewLogs)
    .where(where)
    .orderBy(reviewLogs.userId, reviewLogs.itemId, reviewLogs.reviewedAt)
    .limit(p.maxRows + 1);
  if (rows.length > p.maxRows) {
    // The last card may be cut short: drop it rather than train on half a history.
    const last = rows[rows.length - 1];
    while (
      rows.length > 0 &&
      rows[rows.length - 1]?.userId === last?.userId &&
      rows[rows.length - 1]?.itemId === last?.itemId
    )
      rows.pop();
  }
  return rows.map((row) => ({
    cardKey: `${row.userId}:${row.itemId}`,
    rating: row.rating as ReviewRating,
    reviewedAt: row.reviewedAt,
    elapsedDays: row.elapsedDays,
  }));
}

export interface TuningMember {
  userId: string;
  guildId: string | null;
  /** When the member last reset their parameters (their fits start after it). */
  resetAt: Date | null;
}

/** Who and where has enough answers for a fit to be worth trying (a cheap count before reading histories). */
export async function findTuningCandidates(
  db: Database,
  p: { minMemberReviews: number; minServerReviews: number },
): Promise<{ members: TuningMember[]; servers: string[] }> {
  const members = await db
    .select({
      userId: reviewLogs.userId,
      // The server the member answered in last: its set is the one they use when not their own.
      guildId: sql<
        string | null
      >`(array_agg(${reviewLogs.guildId} order by ${reviewLogs.reviewedAt} desc))[1]`,
      resetAt: sql<Date | null>`max(${users.tuningResetAt})`.mapWith(users.tuningResetAt),
    })
    .from(reviewLogs)
    .innerJoin(users, eq(users.id, reviewLogs.userId))
    .groupBy(reviewLogs.userId)
    .having(sql`count(*) >= ${p.minMemberReviews}`);
  const servers = await db
    .select({ guildId: reviewLogs.guildId })
    .from(reviewLogs)
    .where(isNotNull(reviewLogs.guildId))
    .groupBy(reviewLogs.guildId)
    .having(sql`count(*) >= ${p.minServerReviews}`);
  return { members, servers: servers.map((row) => row.guildId).filter((id): id is string => id !== null) };
}
