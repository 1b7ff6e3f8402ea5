import { and, asc, count, desc, eq, gt, gte, isNull, lt, lte, min, type SQL, sql } from 'drizzle-orm';
import { localDate } from '../../domain/local-time.js';
import {
  isDue,
  MEMORY_STATE,
  type MemoryState,
  newMemoryState,
  type ReviewRating,
  scheduleReview,
} from '../../domain/scheduling.js';
import { scoreAnswer } from '../../domain/scoring.js';
import type { DueCandidate } from '../../domain/session.js';
import { advanceStreak } from '../../domain/streaks.js';
import type { Database } from '../client.js';
import {
  guildMembers,
  guilds,
  itemStates,
  items,
  type ReviewUndoSnapshot,
  reviewLogs,
  type SessionStep,
  studySessions,
  users,
} from '../schema/index.js';

export interface StudySession {
  id: number;
  userId: string;
  guildId: string | null;
  deckId: string | null;
  queue: string[];
  position: number;
  step: SessionStep;
  version: number;
  answered: number;
  correct: number;
  timeSpentMs: number;
  lastReviewId: number | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface StoredMemory extends MemoryState {
  id: number;
  version: number;
}

type StateRow = typeof itemStates.$inferSelect;

function toMemory(row: StateRow): StoredMemory {
  return {
    id: row.id,
    version: row.version,
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsedDays: row.elapsedDays,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    lastReview: row.lastReview,
  };
}

function memoryColumns(memory: MemoryState) {
  return {
    due: memory.due,
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsedDays: memory.elapsedDays,
    scheduledDays: memory.scheduledDays,
    learningSteps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    state: memory.state,
    lastReview: memory.lastReview,
  };
}

export async function findMemory(db: Database, userId: string, itemId: string): Promise<StoredMemory | null> {
  const [row] = await db
    .select()
    .from(itemStates)
    .where(and(eq(itemStates.userId, userId), eq(itemStates.itemId, itemId)))
    .prepare('find_memory')
    .execute();
  return row ? toMemory(row) : null;
}

function deckFilter(deckId: string | null | undefined) {
  return deckId ? eq(items.deckId, deckId) : undefined;
}

/** Items the member has started whose due time has come, in served (not retired) items. */
function dueCondition(p: { userId: string; now: Date; deckId?: string | null }) {
  return and(
    eq(itemStates.userId, p.userId),
    lte(itemStates.due, p.now),
    sql`${itemStates.state} <> ${MEMORY_STATE.new}`,
    isNull(items.retiredAt),
    deckFilter(p.deckId),
  );
}

/** The member's items due at `now` (retired items excluded), most overdue first. */
export async function findDueItems(
  db: Database,
  p: { userId: string; now: Date; deckId?: string | null; limit: number },
): Promise<DueCandidate[]> {
  const rows = await db
    .select({ itemId: itemStates.itemId, due: itemStates.due })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(dueCondition(p))
    .orderBy(asc(itemStates.due))
    .limit(p.limit);
  return rows;
}

export async function countDueItems(
  db: Database,
  p: { userId: string; now: Date; deckId?: string | null },
): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(dueCondition(p));
  return row?.value ?? 0;
}

/** Items the member has never answered, in deck order. */
export async function findNewItemIds(
  db: Database,
  p: { userId: string; deckId?: string | null; limit: number },
): Promise<string[]> {
  if (p.limit <= 0) return [];
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .leftJoin(itemStates, and(eq(itemStates.itemId, items.id), eq(itemStates.userId, p.userId)))
    .where(
      and(
        isNull(items.retiredAt),
        deckFilter(p.deckId),
        sql`(${itemStates.id} is null or ${itemStates.state} = ${MEMORY_STATE.new})`,
      ),
    )
    .orderBy(sql`(select position from decks where decks.id = ${items.deckId})`, asc(items.position))
    .limit(p.limit);
  return rows.map((row) => row.id);
}

/** How many new items the member started since `since` (the start of their local day). */
export async function countNewStartedSince(db: Database, userId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(reviewLogs)
    .where(
      and(
        eq(reviewLogs.userId, userId),
        gte(reviewLogs.reviewedAt, since),
        eq(reviewLogs.stateBefore, MEMORY_STATE.new),
      ),
    );
  return row?.value ?? 0;
}

/** The soonest due instant after `now` among the member's live items. */
export async function findNextDueAfter(db: Database, userId: string, now: Date): Promise<Date | null> {
  const [row] = await db
    .select({ value: min(itemStates.due) })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(and(eq(itemStates.userId, userId), gt(itemStates.due, now), isNull(items.retiredAt)));
  return row?.value ?? null;
}

export interface DeckProgress {
  deckId: string;
  total: number;
  /** Never answered. */
  fresh: number;
  learning: number;
  dueToday: number;
}

/**
 * Per deck: size, items never seen, items in (re)learning, and items due before `dueBy` (the end of today).
 * Instants go through column operators (`lte`), never bare into sql``: postgres.js cannot bind a Date there.
 */
export async function findDeckProgress(db: Database, userId: string, dueBy: Date): Promise<DeckProgress[]> {
  const rows = await db
    .select({
      deckId: items.deckId,
      total: count(),
      seen: sql<number>`count(${itemStates.id}) filter (where ${itemStates.state} <> ${MEMORY_STATE.new})`.mapWith(
        Number,
      ),
      learning:
        sql<number>`count(${itemStates.id}) filter (where ${itemStates.state} in (${MEMORY_STATE.learning}, ${MEMORY_STATE.relearning}))`.mapWith(
          Number,
        ),
      dueToday:
        sql<number>`count(${itemStates.id}) filter (where ${itemStates.state} <> ${MEMORY_STATE.new} and ${lte(itemStates.due, dueBy)})`.mapWith(
          Number,
        ),
    })
    .from(items)
    .leftJoin(itemStates, and(eq(itemStates.itemId, items.id), eq(itemStates.userId, userId)))
    .where(isNull(items.retiredAt))
    .groupBy(items.deckId);
  return rows.map((row) => ({
    deckId: row.deckId,
    total: row.total,
    fresh: row.total - row.seen,
    learning: row.learning,
    dueToday: row.dueToday,
  }));
}

type SessionRow = typeof studySessions.$inferSelect;
const toSession = (row: SessionRow): StudySession => ({ ...row });

export async function findSession(db: Database, sessionId: number): Promise<StudySession | null> {
  const [row] = await db
    .select()
    .from(studySessions)
    .where(eq(studySessions.id, sessionId))
    .prepare('find_session')
    .execute();
  return row ? toSession(row) : null;
}

/** Creates a session and ends the member's other open ones, whose buttons then say the session is over. */
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

export type SessionChangeRefusal = 'session-missing' | 'not-owner' | 'stale' | 'finished';

/**
 * Moves a session on without recording an answer (reveal, a step of an ordering, skipping a retired item), only if
 * it is still at `expectedVersion`: a stale or repeated click changes nothing.
 */
export async function advanceSessionStep(
  db: Database,
  p: {
    sessionId: number;
    userId: string;
    expectedVersion: number;
    position?: number;
    step: SessionStep;
    finishedAt?: Date | null;
  },
): Promise<{ ok: true; session: StudySession } | { ok: false; reason: SessionChangeRefusal }> {
  const [row] = await db
    .update(studySessions)
    .set({
      step: p.step,
      version: sql`${studySessions.version} + 1`,
      ...(p.position === undefined ? {} : { position: p.position }),
      ...(p.finishedAt === undefined ? {} : { finishedAt: p.finishedAt }),
    })
    .where(
      and(
        eq(studySessions.id, p.sessionId),
        eq(studySessions.userId, p.userId),
        eq(studySessions.version, p.expectedVersion),
        isNull(studySessions.finishedAt),
      ),
    )
    .returning();
  if (row) return { ok: true, session: toSession(row) };
  return { ok: false, reason: await explainRefusal(db, p.sessionId, p.userId) };
}

async function explainRefusal(
  db: Database,
  sessionId: number,
  userId: string,
): Promise<SessionChangeRefusal> {
  const session = await findSession(db, sessionId);
  if (!session) return 'session-missing';
  if (session.userId !== userId) return 'not-owner';
  if (session.finishedAt) return 'finished';
  return 'stale';
}

export interface RecordedAnswer {
  reviewId: number;
  rating: ReviewRating;
  correct: boolean;
  xp: number;
  dueAfter: Date;
  memoryBefore: MemoryState;
  memoryAfter: MemoryState;
}

export interface AppliedReview {
  reviewId: number;
  xp: number;
  memoryBefore: MemoryState;
  memoryAfter: MemoryState;
}

/** One answer to one item, as every path that records answers (study, quiz) describes it. */
export interface ReviewAnswer {
  userId: string;
  itemId: string;
  rating: ReviewRating;
  correct: boolean;
  responseMs: number;
  now: Date;
  targetRetention: number;
  timezone: string;
}

/**
 * Applies one answer to the member's own memory of an item, inside the caller's transaction: schedules the item
 * with FSRS, updates its state, keeps the streak, appends the review log (with what Undo needs) and marks the
 * member as studying in the server. Study sessions and group quizzes both record answers through this, so an
 * answer counts the same for the schedule, XP and leaderboards wherever it was given.
 */
export async function applyReview<Alongside = undefined>(
  tx: Database,
  p: ReviewAnswer & {
    /** The server the answer was given in; null in a DM. */
    guildId: string | null;
    sessionId: number | null;
  },
  /**
   * A write of the caller's to send with this answer's writes, after the review log's insert: `reviewId` is the
   * new log row's id as SQL (the sequence's current value in this transaction).
   */
  alongside?: (reviewId: SQL<number>) => PromiseLike<Alongside>,
): Promise<AppliedReview & { alongside?: Alongside }> {
  // Two round trips. Statements issued together on the transaction are sent together and run in the order they
  // were issued (postgres.js pipelines them on the transaction's connection; PGlite runs them in turn). They are
  // prepared statements: postgres.js describes an unprepared statement with parameters in a round trip of its own
  // before running it, and sends nothing behind it meanwhile; a prepared one is described once per connection.
  // First: the item's state (created on the first answer; the no-op update locks an existing row) and the
  // member's row, locked in that order.
  const [[stateRow], [user]] = await Promise.all([
    tx
      .insert(itemStates)
      .values({ userId: p.userId, itemId: p.itemId, ...memoryColumns(newMemoryState(p.now)) })
      .onConflictDoUpdate({
        target: [itemStates.userId, itemStates.itemId],
        set: { userId: sql`excluded.user_id` },
      })
      .returning()
      .prepare('answer_lock_state')
      .execute(),
    tx
      .select({
        streakCurrent: users.streakCurrent,
        streakBest: users.streakBest,
        streakLastDay: users.streakLastDay,
      })
      .from(users)
      .where(eq(users.id, p.userId))
      .for('update')
      .prepare('answer_lock_user')
      .execute(),
  ]);
  if (!stateRow) throw new Error('item state upsert returned nothing');
  if (!user) throw new Error(`user ${p.userId} missing while recording an answer`);
  const before = toMemory(stateRow);
  const after = scheduleReview(before, p.rating, p.now, p.targetRetention);
  const isNew = before.state === MEMORY_STATE.new;
  const wasDue = isNew || isDue(before, p.now);
  const today = localDate(p.now, p.timezone);
  const xp = scoreAnswer({
    wasDue,
    isNew,
    rating: p.rating,
    difficultyBefore: isNew ? null : before.difficulty,
    answeredEarlierToday: before.lastReview !== null && localDate(before.lastReview, p.timezone) === today,
  });
  const streakBefore = { current: user.streakCurrent, best: user.streakBest, lastDay: user.streakLastDay };
  const streakAfter = advanceStreak(streakBefore, today);
  const undo: ReviewUndoSnapshot = {
    state: {
      ...memoryColumns(before),
      due: before.due.toISOString(),
      lastReview: before.lastReview ? before.lastReview.toISOString() : null,
    },
    streak: streakBefore,
  };

  // Then every write, in this order.
  const [, , [log], , , alongsideResult] = await Promise.all([
    tx
      .update(itemStates)
      .set({ ...memoryColumns(after), version: sql`${itemStates.version} + 1` })
      .where(eq(itemStates.id, stateRow.id))
      .prepare('answer_update_state')
      .execute(),
    tx
      .update(users)
      .set({
        streakCurrent: streakAfter.current,
        streakBest: streakAfter.best,
        streakLastDay: streakAfter.lastDay,
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
        rating: p.rating,
        correct: p.correct,
        stateBefore: before.state,
        wasDue,
        difficultyBefore: isNew ? null : before.difficulty,
        scheduledDays: after.scheduledDays,
        dueAfter: after.due,
        xp,
        durationMs: Math.max(0, Math.round(p.responseMs)),
        reviewedAt: p.now,
        undo,
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
  return {
    reviewId: log.id,
    xp,
    memoryBefore: before,
    memoryAfter: after,
    ...(alongside ? { alongside: alongsideResult as Alongside } : {}),
  };
}

/** The id of the review log row this transaction inserted last. */
const LAST_REVIEW_ID = sql<number>`currval(pg_get_serial_sequence('review_logs', 'id'))`;

/**
 * Records one answer in one transaction: checks the session is still where the button was drawn, applies the
 * answer ({@link applyReview}), and moves the session on. A second click, a retried interaction or another
 * device's click finds the version moved and records nothing.
 */
export async function recordAnswer(
  db: Database,
  p: ReviewAnswer & {
    sessionId: number;
    expectedVersion: number;
    /** The session after this answer: either the next item's step, or this item's 'answered' step. */
    nextPosition: number;
    nextStep: SessionStep;
  },
): Promise<
  { ok: true; session: StudySession; answer: RecordedAnswer } | { ok: false; reason: SessionChangeRefusal }
> {
  return db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(studySessions)
      .where(eq(studySessions.id, p.sessionId))
      .for('update')
      .prepare('answer_lock_session')
      .execute();
    if (!session) return { ok: false, reason: 'session-missing' } as const;
    if (session.userId !== p.userId) return { ok: false, reason: 'not-owner' } as const;
    if (session.finishedAt) return { ok: false, reason: 'finished' } as const;
    if (session.version !== p.expectedVersion || session.queue[session.position] !== p.itemId) {
      return { ok: false, reason: 'stale' } as const;
    }

    const finished = p.nextPosition >= session.queue.length;
    // The session moves on in the same round trip as the answer's writes, pointing at the new log row.
    const applied = await applyReview(
      tx,
      { ...p, guildId: session.guildId, sessionId: session.id },
      (reviewId) =>
        tx
          .update(studySessions)
          .set({
            position: p.nextPosition,
            step: p.nextStep,
            version: session.version + 1,
            answered: session.answered + 1,
            correct: session.correct + (p.correct ? 1 : 0),
            timeSpentMs: session.timeSpentMs + Math.max(0, Math.round(p.responseMs)),
            lastReviewId: reviewId,
            finishedAt: finished ? p.now : null,
          })
          .where(eq(studySessions.id, session.id))
          .returning()
          .prepare('answer_move_session')
          .execute(),
    );
    const [updated] = applied.alongside ?? [];
    if (!updated) throw new Error('session update returned nothing');
    if (updated.lastReviewId !== applied.reviewId)
      throw new Error('session points at another review log than the one recorded');
    return {
      ok: true,
      session: toSession(updated),
      answer: {
        reviewId: applied.reviewId,
        rating: p.rating,
        correct: p.correct,
        xp: applied.xp,
        dueAfter: applied.memoryAfter.due,
        memoryBefore: applied.memoryBefore,
        memoryAfter: applied.memoryAfter,
      },
    } as const;
  });
}

/**
 * Reverts the session's last answer, as Anki's Undo does: the item's state and the member's streak go back to
 * what they were, the review log row is removed, and the session returns to that item's question.
 */
export async function undoLastAnswer(
  db: Database,
  p: { sessionId: number; userId: string; expectedVersion: number; step: (itemId: string) => SessionStep },
): Promise<
  { ok: true; session: StudySession } | { ok: false; reason: SessionChangeRefusal | 'nothing-to-undo' }
> {
  return db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(studySessions)
      .where(eq(studySessions.id, p.sessionId))
      .for('update');
    if (!session) return { ok: false, reason: 'session-missing' } as const;
    if (session.userId !== p.userId) return { ok: false, reason: 'not-owner' } as const;
    if (session.version !== p.expectedVersion) return { ok: false, reason: 'stale' } as const;
    if (session.lastReviewId === null) return { ok: false, reason: 'nothing-to-undo' } as const;
    const [log] = await tx
      .select()
      .from(reviewLogs)
      .where(eq(reviewLogs.id, session.lastReviewId))
      .for('update');
    if (!log) return { ok: false, reason: 'nothing-to-undo' } as const;
    const snapshot = log.undo;
    await tx
      .update(itemStates)
      .set({
        ...snapshot.state,
        due: new Date(snapshot.state.due),
        lastReview: snapshot.state.lastReview ? new Date(snapshot.state.lastReview) : null,
        version: sql`${itemStates.version} + 1`,
      })
      .where(and(eq(itemStates.userId, log.userId), eq(itemStates.itemId, log.itemId)));
    await tx
      .update(users)
      .set({
        streakCurrent: snapshot.streak.current,
        streakBest: snapshot.streak.best,
        streakLastDay: snapshot.streak.lastDay,
      })
      .where(eq(users.id, log.userId));
    await tx.delete(reviewLogs).where(eq(reviewLogs.id, log.id));
    const [previous] = await tx
      .select({ id: reviewLogs.id })
      .from(reviewLogs)
      .where(and(eq(reviewLogs.sessionId, session.id), lt(reviewLogs.id, log.id)))
      .orderBy(desc(reviewLogs.id))
      .limit(1);
    // The undone item is the last one at or before the current position that matches the log.
    let position = Math.min(session.position, session.queue.length - 1);
    while (position > 0 && session.queue[position] !== log.itemId) position--;
    const [updated] = await tx
      .update(studySessions)
      .set({
        position,
        step: p.step(log.itemId),
        version: session.version + 1,
        answered: Math.max(0, session.answered - 1),
        correct: Math.max(0, session.correct - (log.correct ? 1 : 0)),
        timeSpentMs: Math.max(0, session.timeSpentMs - log.durationMs),
        lastReviewId: previous?.id ?? null,
        finishedAt: null,
      })
      .where(eq(studySessions.id, session.id))
      .returning();
    if (!updated) throw new Error('session update returned nothing');
    return { ok: true, session: toSession(updated) } as const;
  });
}

/** The latest unfinished session of a member, to resume instead of starting over. */
export async function findOpenSession(db: Database, userId: string): Promise<StudySession | null> {
  const [row] = await db
    .select()
    .from(studySessions)
    .where(and(eq(studySessions.userId, userId), isNull(studySessions.finishedAt)))
    .orderBy(desc(studySessions.startedAt))
    .limit(1);
  return row ? toSession(row) : null;
}

export async function finishSession(db: Database, sessionId: number, now: Date): Promise<void> {
  await db
    .update(studySessions)
    .set({ finishedAt: now, version: sql`${studySessions.version} + 1` })
    .where(and(eq(studySessions.id, sessionId), isNull(studySessions.finishedAt)));
}

/** Reviews recorded in a session, for tests and the summary. */
export async function countSessionReviews(db: Database, sessionId: number): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(reviewLogs)
    .where(eq(reviewLogs.sessionId, sessionId));
  return row?.value ?? 0;
}
