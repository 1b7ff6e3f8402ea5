import { and, count, eq, gte, ne } from 'drizzle-orm';
import { MEMORY_STATE } from '../../domain/memory.js';
import type { Database } from '../client.js';
import { reviewLogs } from '../schema/index.js';

/** Reads of the review log. Answers are appended and taken back through answers.ts. */

/** How many new items the member started since `since` (the start of their local day). */
export function countNewStartedSince(db: Database, userId: string, since: Date): Promise<number> {
  return countAnswersSince(db, userId, since, 'first-sight');
}

/** Answers the member gave since `since` to items already started (reviews, not first sights). */
export function countReviewsSince(db: Database, userId: string, since: Date): Promise<number> {
  return countAnswersSince(db, userId, since, 'review');
}

async function countAnswersSince(
  db: Database,
  userId: string,
  since: Date,
  kind: 'first-sight' | 'review',
): Promise<number> {
  const stateBefore = kind === 'first-sight' ? eq : ne;
  const [row] = await db
    .select({ value: count() })
    .from(reviewLogs)
    .where(
      and(
        eq(reviewLogs.userId, userId),
        gte(reviewLogs.reviewedAt, since),
        stateBefore(reviewLogs.stateBefore, MEMORY_STATE.new),
      ),
    );
  return row?.value ?? 0;
}

/** How many times the member forgot (rated Again) one item since `since`. */
export async function countMissesSince(
  db: Database,
  p: { userId: string; itemId: string; since: Date },
): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(reviewLogs)
    .where(
      and(
        eq(reviewLogs.userId, p.userId),
        eq(reviewLogs.itemId, p.itemId),
        gte(reviewLogs.reviewedAt, p.since),
        eq(reviewLogs.rating, 1),
      ),
    );
  return row?.value ?? 0;
}
