import { count, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { guilds, itemStates, reviewLogs, studySessions, users } from '../../src/db/schema/index.js';
import { type MemoryState, memoryToJson, newMemoryState } from '../../src/domain/memory.js';
import type { StudySession } from '../../src/domain/study-session.js';

/**
 * Row factories for database tests: each inserts one row with plain defaults, overridden where a test cares, and
 * returns what it inserted.
 */

export async function insertUser(
  db: Database,
  overrides: Partial<typeof users.$inferInsert> & { id: string },
): Promise<typeof users.$inferSelect> {
  const [row] = await db.insert(users).values(overrides).returning();
  if (!row) throw new Error('user insert returned nothing');
  return row;
}

/** A member's memory of an item, new unless `memory` says otherwise. */
export async function insertItemState(
  db: Database,
  p: { userId: string; itemId: string; memory?: Partial<MemoryState>; now?: Date },
): Promise<typeof itemStates.$inferSelect> {
  const memory = { ...newMemoryState(p.now ?? new Date('2026-03-01T00:00:00Z')), ...p.memory };
  const [row] = await db
    .insert(itemStates)
    .values({ userId: p.userId, itemId: p.itemId, ...memory })
    .returning();
  if (!row) throw new Error('item state insert returned nothing');
  return row;
}

/** An open session on the first item of `queue`, its question shown at `startedAt`. */
export async function insertSession(
  db: Database,
  p: { userId: string; queue: string[]; startedAt: Date } & Partial<typeof studySessions.$inferInsert>,
): Promise<StudySession> {
  // As createSession does: a session in a server comes with the server's row.
  if (p.guildId) await db.insert(guilds).values({ id: p.guildId }).onConflictDoNothing();
  const [row] = await db
    .insert(studySessions)
    .values({
      step: { stage: 'question', shownAt: p.startedAt.toISOString(), shuffle: [], picked: [] },
      ...p,
    })
    .returning();
  if (!row) throw new Error('session insert returned nothing');
  return row;
}

/** An answer already in the log, as an answer at `reviewedAt` to a new item would have left it. */
export async function insertReviewLog(
  db: Database,
  p: { userId: string; itemId: string; reviewedAt: Date } & Partial<typeof reviewLogs.$inferInsert>,
): Promise<typeof reviewLogs.$inferSelect> {
  const before = newMemoryState(p.reviewedAt);
  const [row] = await db
    .insert(reviewLogs)
    .values({
      rating: 3,
      correct: true,
      stateBefore: before.state,
      wasDue: true,
      difficultyBefore: null,
      scheduledDays: 0,
      dueAfter: new Date(p.reviewedAt.getTime() + 600_000),
      xp: 10,
      durationMs: 1000,
      undo: { state: memoryToJson(before), streak: { current: 0, best: 0, lastDay: null } },
      ...p,
    })
    .returning();
  if (!row) throw new Error('review log insert returned nothing');
  return row;
}

/** Reviews recorded in a session. */
export async function countSessionReviews(db: Database, sessionId: number): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(reviewLogs)
    .where(eq(reviewLogs.sessionId, sessionId));
  return row?.value ?? 0;
}
