import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SessionMove, SessionStep, StudySession } from '../../domain/study-session.js';
import type { Database, SqlClient } from '../client.js';
import { studySessions } from '../schema/index.js';
import { defineStatement } from '../statement.js';

/** Study sessions as stored. Which change a press makes is decided in domain/study-session.ts. */

type DrizzleSessionRow = typeof studySessions.$inferSelect;
const fromDrizzle = (row: DrizzleSessionRow): StudySession => ({ ...row });

/**
 * A session's columns as the hot path's plain SQL reads them: instants as epoch milliseconds, since drizzle sets
 * the shared client to pass timestamps through as text. Qualified, so a statement that joins another table (an
 * update's `from log`) reads them unambiguously.
 */
export const SESSION_COLUMN_LIST = `
  study_sessions.id, study_sessions.user_id, study_sessions.guild_id, study_sessions.deck_id, study_sessions.queue,
  study_sessions.position, study_sessions.step, study_sessions.version, study_sessions.answered,
  study_sessions.correct, study_sessions.time_spent_ms, study_sessions.last_review_id,
  (extract(epoch from study_sessions.started_at) * 1000)::float8 as started_ms,
  (extract(epoch from study_sessions.finished_at) * 1000)::float8 as finished_ms`;

export type SessionRow = {
  id: string;
  user_id: string;
  guild_id: string | null;
  deck_id: string | null;
  queue: string[];
  position: number;
  step: StudySession['step'];
  version: number;
  answered: number;
  correct: number;
  time_spent_ms: number;
  last_review_id: string | null;
  started_ms: number;
  finished_ms: number | null;
};

export const toSession = (row: SessionRow): StudySession => ({
  id: Number(row.id),
  userId: row.user_id,
  guildId: row.guild_id,
  deckId: row.deck_id,
  queue: row.queue,
  position: row.position,
  step: row.step,
  version: row.version,
  answered: row.answered,
  correct: row.correct,
  timeSpentMs: row.time_spent_ms,
  lastReviewId: row.last_review_id === null ? null : Number(row.last_review_id),
  startedAt: new Date(Number(row.started_ms)),
  finishedAt: row.finished_ms === null ? null : new Date(Number(row.finished_ms)),
});

const FIND_SESSION = defineStatement<{ sessionId: number }>(
  (param) => `select ${SESSION_COLUMN_LIST} from study_sessions where id = ${param('sessionId', 'bigint')}`,
);

/** The session a press targets: read with every button press, so plain SQL. */
export async function findSession(sql: SqlClient, sessionId: number): Promise<StudySession | null> {
  const [row] = await FIND_SESSION.run<SessionRow>(sql, { sessionId });
  return row ? toSession(row) : null;
}

/**
 * Creates a session and ends the member's other open ones, whose buttons then say the session is over. A session
 * in a server makes sure the server has its row, which the answers' board membership refers to: once here rather
 * than with every answer. One statement, so one round trip and all or nothing: a session of twenty answers
 * starts with it.
 */
export async function createSession(
  sql: SqlClient,
  p: {
    userId: string;
    guildId: string | null;
    deckId: string | null;
    queue: string[];
    step: SessionStep;
    now: Date;
  },
): Promise<StudySession> {
  const now = p.now.toISOString();
  const [row] = await sql<SessionRow[]>`
    with guild as (
      insert into guilds (id) select ${p.guildId}::text where ${p.guildId}::text is not null
      on conflict (id) do nothing
    ),
    ended as (
      update study_sessions set finished_at = ${now}::timestamptz, version = version + 1
      where user_id = ${p.userId} and finished_at is null
    )
    insert into study_sessions (user_id, guild_id, deck_id, queue, step, started_at, finished_at)
    values (${p.userId}, ${p.guildId}::text, ${p.deckId}::text, ${JSON.stringify(p.queue)}::jsonb,
      ${JSON.stringify(p.step)}::jsonb, ${now}::timestamptz,
      ${p.queue.length === 0 ? now : null}::timestamptz)
    returning ${sql.unsafe(SESSION_COLUMN_LIST)}`;
  if (!row) throw new Error('session insert returned nothing');
  return toSession(row);
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
  return row ? fromDrizzle(row) : null;
}

export async function finishSession(db: Database, sessionId: number, now: Date): Promise<void> {
  await db
    .update(studySessions)
    .set({ finishedAt: now, version: sql`${studySessions.version} + 1` })
    .where(and(eq(studySessions.id, sessionId), isNull(studySessions.finishedAt)));
}
