import { and, count, eq, gte } from 'drizzle-orm';
import type { Database } from '../client.js';
import { reviewLogs } from '../schema/index.js';

/** Reads of the review log. Answers are appended and taken back through answers.ts. */

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
