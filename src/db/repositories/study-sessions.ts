import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SessionMove, SessionStep, StudySession } from '../../domain/study-session.js';
import type { Database } from '../client.js';
import { guilds, studySessions } from '../schema/index.js';

/** Study sessions as stored. Which change a press makes is decided in domain/study-session.ts. */

type SessionRow = typeof studySessions.$inferSelect;
export const toSession = (row: SessionRow): StudySession => ({ ...row });

export async function findSession(db: Database, sessionId: number): Promise<StudySession | null> {
  const [row] = await db
    .select()
    .from(studySessions)
    .where(eq(studySessions.id, sessionId))
    .prepare('find_session')
    .execute();
  return row ? toSession(row) : null;
}

/**
 * Creates a session and ends the member's other open ones, whose buttons then say the session is over. A session
 * in a server makes sure the server has its row, which the answers' board membership refers to: once here rather
 * than with every answer.
 */
export async function createSession(
  db: Database,
  p: {
    userId: string;
    guildId: string | null;
    deckId: string | null;
    queue: string[];
    step: SessionStep;
    now: Date;
  },
): Promise<StudySession> {
  return db.transaction(async (tx) => {
    if (p.guildId !== null) await tx.insert(guilds).values({ id: p.guildId }).onConflictDoNothing();
    await tx
      .update(studySessions)
      .set({ finishedAt: p.now, version: sql`${studySessions.version} + 1` })
      .where(and(eq(studySessions.userId, p.userId), isNull(studySessions.finishedAt)));
    const [row] = await tx
      .insert(studySessions)
      .values({
        userId: p.userId,
        guildId: p.guildId,
        deckId: p.deckId,
        queue: p.queue,
        step: p.step,
        startedAt: p.now,
        finishedAt: p.queue.length === 0 ? p.now : null,
      })
      .returning();
    if (!row) throw new Error('session insert returned nothing');
    return toSession(row);
  });
}

/**
 * Moves a session without recording an answer, only if it is still open and at `expectedVersion`; null when it
 * is not (the caller reads it again to say why).
 */
export async function moveSessionIfAt(
  db: Database,
  p: { sessionId: number; userId: string; expectedVersion: number; move: SessionMove },
): Promise<StudySession | null> {
  const [row] = await db
    .update(studySessions)
    .set({ ...p.move, version: sql`${studySessions.version} + 1` })
    .where(
      and(
        eq(studySessions.id, p.sessionId),
        eq(studySessions.userId, p.userId),
        eq(studySessions.version, p.expectedVersion),
        isNull(studySessions.finishedAt),
      ),
    )
    .returning();
  return row ? toSession(row) : null;
}

export async function finishSession(db: Database, sessionId: number, now: Date): Promise<void> {
  await db
    .update(studySessions)
    .set({ finishedAt: now, version: sql`${studySessions.version} + 1` })
    .where(and(eq(studySessions.id, sessionId), isNull(studySessions.finishedAt)));
}
