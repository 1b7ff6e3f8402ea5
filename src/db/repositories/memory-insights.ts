import { and, eq, gte, isNull, ne, sql } from 'drizzle-orm';
import type { MemberItemRecord } from '../../domain/leeches.js';
import { MEMORY_STATE, type MemoryState } from '../../domain/memory.js';
import type { Database } from '../client.js';
import { itemStates, items, reviewLogs } from '../schema/index.js';

const REVIEW_STATE = 2;

/**
 * Each member's record on each item they answered in a server once learned (review state), for the group's
 * leech list. One row per (member, item); the ranking itself is domain/leeches.ts.
 */
export async function findGroupLeechRecords(
  db: Database,
  p: { guildId: string; since: Date },
): Promise<MemberItemRecord[]> {
  const review = sql`${reviewLogs.stateBefore} = ${REVIEW_STATE}`;
  const predicted = sql`${review} and ${reviewLogs.retrievability} is not null`;
  const rows = await db
    .select({
      itemId: reviewLogs.itemId,
      userId: reviewLogs.userId,
      reviews: sql<number>`count(*) filter (where ${review})`.mapWith(Number),
      lapses: sql<number>`count(*) filter (where ${review} and ${reviewLogs.rating} = 1)`.mapWith(Number),
      predictedReviews: sql<number>`count(*) filter (where ${predicted})`.mapWith(Number),
      predictedSum:
        sql<number>`coalesce(sum(${reviewLogs.retrievability}) filter (where ${predicted}), 0)`.mapWith(
          Number,
        ),
      predictedLapses: sql<number>`count(*) filter (where ${predicted} and ${reviewLogs.rating} = 1)`.mapWith(
        Number,
      ),
    })
    .from(reviewLogs)
    .where(and(eq(reviewLogs.guildId, p.guildId), gte(reviewLogs.reviewedAt, p.since)))
    .groupBy(reviewLogs.itemId, reviewLogs.userId)
    .having(sql`count(*) filter (where ${review}) > 0`);
  return rows;
}

/** A member's answers since `since` (state before and rating), for their true retention. */
export async function findRecentAnswers(
  db: Database,
  p: { userId: string; since: Date },
): Promise<{ stateBefore: number; rating: number }[]> {
  return db
    .select({ stateBefore: reviewLogs.stateBefore, rating: reviewLogs.rating })
    .from(reviewLogs)
    .where(and(eq(reviewLogs.userId, p.userId), gte(reviewLogs.reviewedAt, p.since)));
}

/** A member's memory of every live item they have started, for the workload forecast. */
export async function findStartedMemories(db: Database, userId: string): Promise<MemoryState[]> {
  const rows = await db
    .select({
      due: itemStates.due,
      stability: itemStates.stability,
      difficulty: itemStates.difficulty,
      elapsedDays: itemStates.elapsedDays,
      scheduledDays: itemStates.scheduledDays,
      learningSteps: itemStates.learningSteps,
      reps: itemStates.reps,
      lapses: itemStates.lapses,
      state: itemStates.state,
      lastReview: itemStates.lastReview,
    })
    .from(itemStates)
    .innerJoin(items, and(eq(items.id, itemStates.itemId), isNull(items.retiredAt)))
    .where(and(eq(itemStates.userId, userId), ne(itemStates.state, MEMORY_STATE.new)));
  return rows;
}
