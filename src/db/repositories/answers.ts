import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { AnswerDecision, UndoSnapshot } from '../../domain/answer.js';
import {
  type MemoryState,
  memoryFromJson,
  memoryOf,
  memoryToJson,
  newMemoryState,
} from '../../domain/memory.js';
import type { StoredStreak } from '../../domain/streaks.js';
import type { SessionAfterAnswer, SessionAfterUndo, StudySession } from '../../domain/study-session.js';
import type { Database } from '../client.js';
import { guildMembers, guilds, itemStates, reviewLogs, studySessions, users } from '../schema/index.js';
import { toSession } from './study-sessions.js';

/**
 * Where an answer is stored, and taken back: the rows one answer locks, reads and writes (item state, streak,
 * review log, server membership, and the session or quiz it was given in). What the answer changes is decided in
 * domain/answer.ts; this file only locks, loads and persists, in as few round trips as the statements allow.
 *
 * Statements issued together on a transaction are sent together and run in the order issued (postgres.js
 * pipelines them on the transaction's connection), so each function below issues all
 * its statements before awaiting any. They are prepared statements: postgres.js describes an unprepared statement
 * with parameters in a round trip of its own and sends nothing behind it meanwhile; a prepared one is described
 * once per connection.
 */

/** The rows an answer changes, locked: the member's memory of the item and their streak. */
export interface LockedReview {
  stateId: number;
  memory: MemoryState;
  streak: StoredStreak;
}

/**
 * Locks the item's state (created on the first answer; the no-op update locks an existing row) and the member's
 * row, in that order. Every answer locks in this order, so two answers never wait on each other in a cycle.
 */
export async function lockReview(
  tx: Database,
  p: { userId: string; itemId: string; now: Date },
): Promise<LockedReview> {
  const [[state], [user]] = await Promise.all([
    tx
      .insert(itemStates)
      .values({ userId: p.userId, itemId: p.itemId, ...newMemoryState(p.now) })
      .onConflictDoUpdate({
        target: [itemStates.userId, itemStates.itemId],
        set: { userId: sql`excluded.user_id` },
      })
      .returning()
      .prepare('answer_lock_state')
      .execute(),
    tx
      .select({ current: users.streakCurrent, best: users.streakBest, lastDay: users.streakLastDay })
      .from(users)
      .where(eq(users.id, p.userId))
      .for('update')
      .prepare('answer_lock_user')
      .execute(),
  ]);
  if (!state) throw new Error('item state upsert returned nothing');
  if (!user) throw new Error(`user ${p.userId} missing while recording an answer`);
  return { stateId: state.id, memory: memoryOf(state), streak: user };
}

/** One decided answer, with where it was given. */
export interface ReviewWrite {
  userId: string;
  itemId: string;
  stateId: number;
  /** The server the answer was given in; null in a DM. */
  guildId: string | null;
  sessionId: number | null;
  correct: boolean;
  responseMs: number;
  now: Date;
  decision: AnswerDecision;
}

/**
 * Writes a decided answer in one round trip: the item's state, the streak, the review log (with what Undo needs)
 * and the member's place in the server. `alongside` is a write of the caller's sent in the same round trip, after
 * the log's insert: `reviewId` is the new log row's id as SQL (the sequence's current value in this transaction).
 */
export async function persistReview<Alongside = undefined>(
  tx: Database,
  p: ReviewWrite,
  alongside?: (reviewId: SQL<number>) => PromiseLike<Alongside>,
): Promise<{ reviewId: number; alongside?: Alongside }> {
  const { decision } = p;
  const [, , [log], , , alongsideResult] = await Promise.all([
    tx
      .update(itemStates)
      .set({ ...memoryOf(decision.memoryAfter), version: sql`${itemStates.version} + 1` })
      .where(eq(itemStates.id, p.stateId))
      .prepare('answer_update_state')
      .execute(),
    tx
      .update(users)
      .set({
        streakCurrent: decision.streakAfter.current,
        streakBest: decision.streakAfter.best,
        streakLastDay: decision.streakAfter.lastDay,
      })
      .where(eq(users.id, p.userId))
      .prepare('answer_update_streak')
      .execute(),
    tx
      .insert(reviewLogs)
      .values({
        userId: p.userId,
        itemId: p.itemId,
        guildId: p.guildId,
        sessionId: p.sessionId,
        rating: decision.rating,
        correct: p.correct,
        stateBefore: decision.undo.memory.state,
        wasDue: decision.wasDue,
        difficultyBefore: decision.difficultyBefore,
        scheduledDays: decision.memoryAfter.scheduledDays,
        elapsedDays: decision.log.elapsedDays,
        retrievability: decision.log.retrievability,
        parameterSetId: decision.log.parameterSetId,
        dueAfter: decision.memoryAfter.due,
        xp: decision.xp,
        durationMs: Math.max(0, Math.round(p.responseMs)),
        reviewedAt: p.now,
        undo: { state: memoryToJson(decision.undo.memory), streak: decision.undo.streak },
      })
      .returning({ id: reviewLogs.id })
      .prepare('answer_insert_log')
      .execute(),
    // The server's row first: the member's row refers to it.
    p.guildId
      ? tx.insert(guilds).values({ id: p.guildId }).onConflictDoNothing().prepare('answer_guild').execute()
      : undefined,
    p.guildId
      ? tx
          .insert(guildMembers)
          .values({ guildId: p.guildId, userId: p.userId, firstStudiedAt: p.now, lastStudiedAt: p.now })
          .onConflictDoUpdate({
            target: [guildMembers.guildId, guildMembers.userId],
            set: { lastStudiedAt: p.now },
          })
          .prepare('answer_guild_member')
          .execute()
      : undefined,
    alongside?.(LAST_REVIEW_ID),
  ]);
  if (!log) throw new Error('review log insert returned nothing');
  return { reviewId: log.id, ...(alongside ? { alongside: alongsideResult as Alongside } : {}) };
}

/** The id of the review log row this transaction inserted last. */
const LAST_REVIEW_ID = sql<number>`currval(pg_get_serial_sequence('review_logs', 'id'))`;

/** Locks a study answer's rows in one round trip: the session first, then {@link lockReview}'s. */
export async function lockStudyAnswer(
  tx: Database,
  p: { sessionId: number; userId: string; itemId: string; now: Date },
): Promise<LockedReview & { session: StudySession | null }> {
  const [[session], review] = await Promise.all([
    tx
      .select()
      .from(studySessions)
      .where(eq(studySessions.id, p.sessionId))
      .for('update')
      .prepare('answer_lock_session')
      .execute(),
    lockReview(tx, p),
  ]);
  return { ...review, session: session ? toSession(session) : null };
}

/** Writes a study answer in one round trip: {@link persistReview}'s writes and the session moved on. */
export async function persistStudyAnswer(
  tx: Database,
  p: ReviewWrite & { sessionId: number; session: SessionAfterAnswer },
): Promise<{ reviewId: number; session: StudySession }> {
  const written = await persistReview(tx, p, (reviewId) =>
    tx
      .update(studySessions)
      .set({ ...p.session, lastReviewId: reviewId })
      .where(eq(studySessions.id, p.sessionId))
      .returning()
      .prepare('answer_move_session')
      .execute(),
  );
  const [updated] = written.alongside ?? [];
  if (!updated) throw new Error('session update returned nothing');
  if (updated.lastReviewId !== written.reviewId)
    throw new Error('session points at another review log than the one recorded');
  return { reviewId: written.reviewId, session: toSession(updated) };
}

/** The answer Undo takes back, as its log row keeps it. */
export interface UndoableAnswer {
  reviewId: number;
  userId: string;
  itemId: string;
  correct: boolean;
  durationMs: number;
  undo: UndoSnapshot;
}

/**
 * Locks the session, then its last answer's log row, and finds the answer before it (the session's new last
 * answer once this one is taken back).
 */
export async function lockUndo(
  tx: Database,
  sessionId: number,
): Promise<{ session: StudySession | null; answer: UndoableAnswer | null; previousReviewId: number | null }> {
  const [sessionRow] = await tx
    .select()
    .from(studySessions)
    .where(eq(studySessions.id, sessionId))
    .for('update');
  const session = sessionRow ? toSession(sessionRow) : null;
  if (session?.lastReviewId == null) return { session, answer: null, previousReviewId: null };
  const [[log], [previous]] = await Promise.all([
    tx.select().from(reviewLogs).where(eq(reviewLogs.id, session.lastReviewId)).for('update'),
    tx
      .select({ id: reviewLogs.id })
      .from(reviewLogs)
      .where(and(eq(reviewLogs.sessionId, session.id), lt(reviewLogs.id, session.lastReviewId)))
      .orderBy(desc(reviewLogs.id))
      .limit(1),
  ]);
  const answer: UndoableAnswer | null = log
    ? {
        reviewId: log.id,
        userId: log.userId,
        itemId: log.itemId,
        correct: log.correct,
        durationMs: log.durationMs,
        undo: { memory: memoryFromJson(log.undo.state), streak: log.undo.streak },
      }
    : null;
  return { session, answer, previousReviewId: previous?.id ?? null };
}

/** Puts back what the answer replaced, removes its log row and moves the session back, in one round trip. */
export async function persistUndo(
  tx: Database,
  p: { answer: UndoableAnswer; sessionId: number; session: SessionAfterUndo },
): Promise<StudySession> {
  const { answer } = p;
  const [, , , [updated]] = await Promise.all([
    tx
      .update(itemStates)
      .set({ ...memoryOf(answer.undo.memory), version: sql`${itemStates.version} + 1` })
      .where(and(eq(itemStates.userId, answer.userId), eq(itemStates.itemId, answer.itemId))),
    tx
      .update(users)
      .set({
        streakCurrent: answer.undo.streak.current,
        streakBest: answer.undo.streak.best,
        streakLastDay: answer.undo.streak.lastDay,
      })
      .where(eq(users.id, answer.userId)),
    tx.delete(reviewLogs).where(eq(reviewLogs.id, answer.reviewId)),
    tx.update(studySessions).set(p.session).where(eq(studySessions.id, p.sessionId)).returning(),
  ]);
  if (!updated) throw new Error('session update returned nothing');
  return toSession(updated);
}
