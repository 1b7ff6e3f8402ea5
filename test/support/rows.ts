import { count, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { reviewLogs } from '../../src/db/schema/index.js';

/** Reviews recorded in a session. */
export async function countSessionReviews(db: Database, sessionId: number): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(reviewLogs)
    .where(eq(reviewLogs.sessionId, sessionId));
  return row?.value ?? 0;
}
