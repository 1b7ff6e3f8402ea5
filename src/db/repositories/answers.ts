import type { AnswerDecision, UndoSnapshot } from '../../domain/answer.js';
import { type MemoryJson, type MemoryState, memoryFromJson, memoryToJson } from '../../domain/memory.js';
import type { StoredStreak } from '../../domain/streaks.js';
import type { SessionAfterAnswer, SessionAfterUndo, StudySession } from '../../domain/study-session.js';
import type { SqlClient } from '../client.js';
import { defineStatement, type Param } from '../statement.js';
import { SESSION_COLUMN_LIST, type SessionRow, toSession } from './study-sessions.js';

/**
 * Where an answer is stored, and taken back: the hot path of every grade press, in plain SQL through postgres.js
 * (each statement prepared once per connection and reused), not through the query builder, which spent more of
 * the CPU building statements than the server spent running them.
 *
 * An answer is two statements and no transaction block: one read (the member's memory of the item and their
 * streak, without locks), then, once the domain has decided, one statement that writes everything. That statement
 * first locks the rows the decision was made from and checks they are still what was read (the session at the
 * version its button was drawn for, the item state at the version read, the streak as read); every write in it
 * hangs on that check, so a statement either writes all of the answer or nothing. A single statement commits on
 * its own: no BEGIN or COMMIT round trips, and no lock is held while the bot decides.
 *
 * When the check fails, nothing was written and the caller learns why by reading again: the press was stale
 * (another click moved the session first: refused) or another answer of the member's changed the item or the
 * streak in between (rare: decide again from what is stored now).
 *
 * Instants travel as ISO text cast on the server, and come back as epoch milliseconds: the client is shared with
 * drizzle, which sets postgres.js to pass timestamps through as text.
 */

/** What an answer is decided from, read without locks. */
export interface ReviewBasis {
  /** The stored state, or null before the member's first answer to the item. */
  state: { id: number; version: number; memory: MemoryState } | null;
  streak: StoredStreak;
}

type BasisRow = {
  state_id: string | null;
  state_version: number | null;
  due_ms: number | null;
  stability: number | null;
  difficulty: number | null;
  elapsed_days: number | null;
  scheduled_days: number | null;
  learning_steps: number | null;
  reps: number | null;
  lapses: number | null;
  state: number | null;
  last_review_ms: number | null;
  streak_current: number;
  streak_best: number;
  streak_last_day: string | null;
};

const READ_BASIS = defineStatement<{ userId: string; itemId: string }>(
  (param) => `
    select st.id as state_id, st.version as state_version,
      (extract(epoch from st.due) * 1000)::float8 as due_ms, st.stability, st.difficulty, st.elapsed_days,
      st.scheduled_days, st.learning_steps, st.reps, st.lapses, st.state,
      (extract(epoch from st.last_review) * 1000)::float8 as last_review_ms,
      u.streak_current, u.streak_best, to_char(u.streak_last_day, 'YYYY-MM-DD') as streak_last_day
    from users u
    left join item_states st on st.user_id = u.id and st.item_id = ${param('itemId', 'text')}
    where u.id = ${param('userId', 'text')}`,
);

/** The member's memory of the item and their streak; null when the member has no row. */
export async function readReviewBasis(
  sql: SqlClient,
  p: { userId: string; itemId: string },
): Promise<ReviewBasis | null> {
  const [row] = await READ_BASIS.run<BasisRow>(sql, p);
  if (!row) return null;
  const streak = { current: row.streak_current, best: row.streak_best, lastDay: row.streak_last_day };
  if (row.state_id === null) return { state: null, streak };
  return {
    state: {
      id: Number(row.state_id),
      version: Number(row.state_version),
      memory: {
        due: new Date(Number(row.due_ms)),
        stability: Number(row.stability),
        difficulty: Number(row.difficulty),
        elapsedDays: Number(row.elapsed_days),
        scheduledDays: Number(row.scheduled_days),
        learningSteps: Number(row.learning_steps),
        reps: Number(row.reps),
        lapses: Number(row.lapses),
        state: Number(row.state),
        lastReview: row.last_review_ms === null ? null : new Date(Number(row.last_review_ms)),
      },
    },
    streak,
  };
}

/** One decided answer, with where it was given and what it was decided from. */
export interface ReviewWrite {
  userId: string;
  itemId: string;
  basis: ReviewBasis;
  /** The server the answer was given in; null in a DM. */
  guildId: string | null;
  /** The study session it was given in; null for a quiz answer. */
  sessionId: number | null;
  correct: boolean;
  responseMs: number;
  now: Date;
  decision: AnswerDecision;
}

const iso = (instant: Date | null) => (instant === null ? null : instant.toISOString());

/** An item state's memory columns set from the values: what an answer writes, and what Undo puts back. */
const memoryColumns = (param: Param<MemoryJson>) => `
  due = ${param('due', 'timestamptz')}, stability = ${param('stability', 'float8')},
  difficulty = ${param('difficulty', 'float8')}, elapsed_days = ${param('elapsedDays', 'float8')},
  scheduled_days = ${param('scheduledDays', 'float8')}, learning_steps = ${param('learningSteps', 'int')},
  reps = ${param('reps', 'int')}, lapses = ${param('lapses', 'int')}, state = ${param('state', 'smallint')},
  last_review = ${param('lastReview', 'timestamptz')}`;

/** What every answer's statement writes, and the member's streak and item state it was decided from. */
interface ReviewValues extends MemoryJson {
  userId: string;
  itemId: string;
  readStreakCurrent: number;
  readStreakBest: number;
  readStreakLastDay: string | null;
  /** The item state as read; both null before the member's first answer to the item (not in that statement). */
  stateId: number | null;
  stateVersion: number | null;
  guildId: string | null;
  sessionId: number | null;
  rating: number;
  correct: boolean;
  stateBefore: number;
  wasDue: boolean;
  difficultyBefore: number | null;
  loggedElapsedDays: number;
  retrievability: number | null;
  parameterSetId: number | null;
  xp: number;
  durationMs: number;
  reviewedAt: string;
  undo: string;
  streakCurrent: number;
  streakBest: number;
  streakLastDay: string | null;
}

/**
 * The statements' values are composed with `Object.assign`, not by spreading an object into a literal and adding
 * properties after it: Node 20's V8 adds each such property on a slow path (about 2 µs each, measured), which
 * made composing an answer's forty values cost more than the rest of the bot's work on it.
 */
function reviewValues(p: ReviewWrite): ReviewValues {
  const { decision, basis } = p;
  return Object.assign(memoryToJson(decision.memoryAfter), {
    userId: p.userId,
    itemId: p.itemId,
    readStreakCurrent: basis.streak.current,
    readStreakBest: basis.streak.best,
    readStreakLastDay: basis.streak.lastDay,
    stateId: basis.state?.id ?? null,
    stateVersion: basis.state?.version ?? null,
    guildId: p.guildId,
    sessionId: p.sessionId,
    rating: decision.rating,
    correct: p.correct,
    stateBefore: decision.undo.memory.state,
    wasDue: decision.wasDue,
    difficultyBefore: decision.difficultyBefore,
    loggedElapsedDays: decision.log.elapsedDays,
    retrievability: decision.log.retrievability,
    parameterSetId: decision.log.parameterSetId,
    xp: decision.xp,
    durationMs: Math.max(0, Math.round(p.responseMs)),
    reviewedAt: p.now.toISOString(),
    undo: JSON.stringify({ state: memoryToJson(decision.undo.memory), streak: decision.undo.streak }),
    streakCurrent: decision.streakAfter.current,
    streakBest: decision.streakAfter.best,
    streakLastDay: decision.streakAfter.lastDay,
  });
}

/**
 * The checked part every answer's statement shares. `guard` is the caller's CTE that locks what the answer
 * targets (the session, or the quiz and its answer) and yields one row when the answer may be written; this adds
 * the member's row and the item state, locked and compared with what the decision was made from, and the writes:
 * the item state (created on the first answer), the review log, the streak. The CTE `log` holds the new log row.
 * `stateExists` says which of two statements: one that updates the state read, one that creates it.
 */
function reviewWrites(param: Param<ReviewValues>, stateExists: boolean, guard: string): string {
  const userId = param('userId', 'text');
  // The member's streak as read; the lock waits for a concurrent answer of theirs and re-reads the row.
  const checked = `
    checked as (
      select 1 from guard
      join users u on u.id = ${userId} and u.streak_current = ${param('readStreakCurrent', 'int')}
        and u.streak_best = ${param('readStreakBest', 'int')}
        and u.streak_last_day is not distinct from ${param('readStreakLastDay', 'date')}
      ${stateExists ? `join item_states st on st.id = ${param('stateId', 'bigint')} and st.version = ${param('stateVersion', 'int')}` : ''}
      for update of u${stateExists ? ', st' : ''}
    )`;
  // A first answer creates the state; a concurrent first answer that created it already leaves `state_write`
  // empty, and so the whole statement writes nothing.
  const stateWrite = stateExists
    ? `
    state_write as (
      update item_states set ${memoryColumns(param)}, version = version + 1
      where id = ${param('stateId', 'bigint')} and exists (select 1 from checked)
      returning id
    )`
    : `
    state_write as (
      insert into item_states (user_id, item_id, due, stability, difficulty, elapsed_days, scheduled_days,
        learning_steps, reps, lapses, state, last_review, version)
      select ${userId}, ${param('itemId', 'text')}, ${param('due', 'timestamptz')},
        ${param('stability', 'float8')}, ${param('difficulty', 'float8')}, ${param('elapsedDays', 'float8')},
        ${param('scheduledDays', 'float8')}, ${param('learningSteps', 'int')}, ${param('reps', 'int')},
        ${param('lapses', 'int')}, ${param('state', 'smallint')}, ${param('lastReview', 'timestamptz')}, 1
      from checked
      on conflict (user_id, item_id) do nothing
      returning id
    )`;
  return `
    ${guard}, ${checked}, ${stateWrite},
    log as (
      insert into review_logs (user_id, item_id, guild_id, session_id, rating, correct, state_before, was_due,
        difficulty_before, scheduled_days, elapsed_days, retrievability, parameter_set_id, due_after, xp,
        duration_ms, reviewed_at, undo)
      select ${userId}, ${param('itemId', 'text')}, ${param('guildId', 'text')}, ${param('sessionId', 'bigint')},
        ${param('rating', 'smallint')}, ${param('correct', 'boolean')}, ${param('stateBefore', 'smallint')},
        ${param('wasDue', 'boolean')}, ${param('difficultyBefore', 'float8')}, ${param('scheduledDays', 'float8')},
        ${param('loggedElapsedDays', 'int')}, ${param('retrievability', 'real')},
        ${param('parameterSetId', 'bigint')}, ${param('due', 'timestamptz')}, ${param('xp', 'int')},
        ${param('durationMs', 'int')}, ${param('reviewedAt', 'timestamptz')}, ${param('undo', 'jsonb')}
      from state_write
      returning id
    ),
    streak_write as (
      update users set streak_current = ${param('streakCurrent', 'int')},
        streak_best = ${param('streakBest', 'int')}, streak_last_day = ${param('streakLastDay', 'date')}
      where id = ${userId} and exists (select 1 from log)
    )`;
}

/** The member listed on the board of the server the answer was given in, from their first answer there. */
const memberWrite = (param: Param<ReviewValues>) => `
    member_write as (
      insert into guild_members (guild_id, user_id, first_studied_at)
      select ${param('guildId', 'text')}, ${param('userId', 'text')}, ${param('reviewedAt', 'timestamptz')} from log
      on conflict do nothing
    )`;

/** Where a session moves, and its tallies: what an answer and an undo write to it. */
interface SessionMoveValues {
  position: number;
  step: string;
  finishedAt: string | null;
  version: number;
  answered: number;
  correctCount: number;
  timeSpentMs: number;
}

const sessionMoveValues = (moved: SessionAfterAnswer): SessionMoveValues => ({
  position: moved.position,
  step: JSON.stringify(moved.step),
  finishedAt: iso(moved.finishedAt),
  version: moved.version,
  answered: moved.answered,
  correctCount: moved.correct,
  timeSpentMs: moved.timeSpentMs,
});

const sessionMoveColumns = (param: Param<SessionMoveValues>) => `
  position = ${param('position', 'int')}, step = ${param('step', 'jsonb')},
  finished_at = ${param('finishedAt', 'timestamptz')}, version = ${param('version', 'int')},
  answered = ${param('answered', 'int')}, correct = ${param('correctCount', 'int')},
  time_spent_ms = ${param('timeSpentMs', 'int')}`;

/** A study answer's values: the review's, and the session's as the press found it and as it moves on. */
interface StudyAnswerValues extends ReviewValues, SessionMoveValues {
  expectedVersion: number;
}

/** One statement for each of: the item state exists or not, and the member is listed on the board with it or not. */
const studyAnswerStatement = (stateExists: boolean, listMember: boolean) =>
  defineStatement<StudyAnswerValues>((param) => {
    const guard = `
    with guard as (
      select 1 from study_sessions
      where id = ${param('sessionId', 'bigint')} and user_id = ${param('userId', 'text')}
        and version = ${param('expectedVersion', 'int')} and finished_at is null
      for update
    )`;
    return `
    ${reviewWrites(param, stateExists, guard)},
    ${listMember ? `${memberWrite(param)},` : ''}
    moved as (
      update study_sessions set ${sessionMoveColumns(param)}, last_review_id = log.id
      from log
      where study_sessions.id = ${param('sessionId', 'bigint')}
      returning log.id as review_id
    )
    select * from moved`;
  });

const STUDY_ANSWER = {
  existingState: {
    listMember: studyAnswerStatement(true, true),
    alreadyListed: studyAnswerStatement(true, false),
  },
  firstAnswer: {
    listMember: studyAnswerStatement(false, true),
    alreadyListed: studyAnswerStatement(false, false),
  },
};

/**
 * Writes a study answer and moves the session on, in one statement, if the session is still open at the version
 * the press was made on and the memory and streak are as read. Null when it wrote nothing.
 *
 * The member's place on the server's board (`guild_members`) is written with a session's first answer only: the
 * session's server does not change, and later answers find the row there.
 */
export async function writeStudyAnswer(
  sql: SqlClient,
  p: ReviewWrite & {
    sessionId: number;
    /** The session as the press was made on: the version the write expects, and the columns it keeps. */
    before: StudySession;
    session: SessionAfterAnswer;
  },
): Promise<{ reviewId: number; session: StudySession } | null> {
  const moved = p.session;
  const statements = p.basis.state ? STUDY_ANSWER.existingState : STUDY_ANSWER.firstAnswer;
  const statement =
    p.before.answered === 0 && p.guildId !== null ? statements.listMember : statements.alreadyListed;
  const [row] = await statement.run<{ review_id: string }>(
    sql,
    Object.assign(reviewValues(p), sessionMoveValues(moved), { expectedVersion: p.before.version }),
  );
  if (!row) return null;
  // The row is now exactly the session as read (its version guarded it) with the moved columns set: built here
  // rather than sent back, which spared parsing the queue and step again with every answer.
  const reviewId = Number(row.review_id);
  return { reviewId, session: { ...p.before, ...moved, lastReviewId: reviewId } };
}

/** A quiz answer's values: the review's, and the quiz question it answers. */
interface QuizAnswerValues extends ReviewValues {
  quizId: number;
  question: number;
  option: number;
}

// Kept last, after the log: written with the review or not at all. Two first answers at once both pass the
// `not exists`, but both lock the member's row and item state, and the second finds the state moved on.
const quizAnswerStatement = (stateExists: boolean) =>
  defineStatement<QuizAnswerValues>((param) => {
    const quizId = param('quizId', 'bigint');
    const question = param('question', 'int');
    const userId = param('userId', 'text');
    const guard = `
    with guard as (
      select 1 from quizzes
      where id = ${quizId} and status = 'running' and current_question = ${question}
        and question_ends_at > ${param('reviewedAt', 'timestamptz')}
        and item_ids ->> ${question} = ${param('itemId', 'text')}
        and not exists (
          select 1 from quiz_answers where quiz_id = ${quizId} and question = ${question} and user_id = ${userId})
      for share
    )`;
    return `
    ${reviewWrites(param, stateExists, guard)},
    ${memberWrite(param)},
    kept as (
      insert into quiz_answers (quiz_id, question, user_id, option, correct, answered_at)
      select ${quizId}, ${question}, ${userId}, ${param('option', 'int')}, ${param('correct', 'boolean')},
        ${param('reviewedAt', 'timestamptz')}
      from log
      on conflict do nothing
    )
    select id from log`;
  });

const QUIZ_ANSWER = { existingState: quizAnswerStatement(true), firstAnswer: quizAnswerStatement(false) };

/**
 * Keeps a member's answer to a quiz question and records it as a review, in one statement, if the quiz is still
 * on that question (read under a share lock: the answer lands before the question closes, or not at all), the
 * member has not answered it yet (the first answer stands), and the memory and streak are as read. False when it
 * wrote nothing.
 */
export async function writeQuizAnswer(
  sql: SqlClient,
  p: ReviewWrite & { quizId: number; question: number; option: number },
): Promise<boolean> {
  if (p.guildId === null) throw new Error('a quiz answer is always given in a server');
  const statement = p.basis.state ? QUIZ_ANSWER.existingState : QUIZ_ANSWER.firstAnswer;
  const rows = await statement.run(
    sql,
    Object.assign(reviewValues(p), { quizId: p.quizId, question: p.question, option: p.option }),
  );
  return rows.length === 1;
}

/** Whether the member's answer to the question is kept already. */
export async function hasQuizAnswer(
  sql: SqlClient,
  p: { quizId: number; question: number; userId: string },
): Promise<boolean> {
  const rows = await sql`
    select 1 from quiz_answers
    where quiz_id = ${p.quizId}::bigint and question = ${p.question}::int and user_id = ${p.userId}`;
  return rows.length > 0;
}

/** The answer Undo takes back, as its log row keeps it. */
export interface UndoableAnswer {
  reviewId: number;
  userId: string;
  itemId: string;
  correct: boolean;
  durationMs: number;
  undo: UndoSnapshot;
  /** The session's answer before it (its last answer once this one is taken back). */
  previousReviewId: number | null;
}

/** The log row of a session's last answer, and the answer before it. */
export async function readUndoableAnswer(
  sql: SqlClient,
  p: { sessionId: number; reviewId: number },
): Promise<UndoableAnswer | null> {
  const [row] = await sql<
    {
      id: string;
      user_id: string;
      item_id: string;
      correct: boolean;
      duration_ms: number;
      undo: { state: MemoryJson; streak: StoredStreak };
      previous_id: string | null;
    }[]
  >`
    select l.id, l.user_id, l.item_id, l.correct, l.duration_ms, l.undo,
      (select p.id from review_logs p where p.session_id = ${p.sessionId}::bigint and p.id < l.id
       order by p.id desc limit 1) as previous_id
    from review_logs l
    where l.id = ${p.reviewId}::bigint and l.session_id = ${p.sessionId}::bigint`;
  if (!row) return null;
  return {
    reviewId: Number(row.id),
    userId: row.user_id,
    itemId: row.item_id,
    correct: row.correct,
    durationMs: row.duration_ms,
    undo: { memory: memoryFromJson(row.undo.state), streak: row.undo.streak },
    previousReviewId: row.previous_id === null ? null : Number(row.previous_id),
  };
}

interface UndoValues extends MemoryJson, SessionMoveValues {
  sessionId: number;
  userId: string;
  itemId: string;
  expectedVersion: number;
  reviewId: number;
  streakCurrent: number;
  streakBest: number;
  streakLastDay: string | null;
  lastReviewId: number | null;
}

const UNDO = defineStatement<UndoValues>((param) => {
  const sessionId = param('sessionId', 'bigint');
  const userId = param('userId', 'text');
  const reviewId = param('reviewId', 'bigint');
  return `
    with guard as (
      select 1 from study_sessions
      where id = ${sessionId} and user_id = ${userId} and version = ${param('expectedVersion', 'int')}
        and last_review_id = ${reviewId}
      for update
    ),
    removed as (
      delete from review_logs where id = ${reviewId} and exists (select 1 from guard)
      returning id
    ),
    state_write as (
      update item_states set ${memoryColumns(param)}, version = version + 1
      where user_id = ${userId} and item_id = ${param('itemId', 'text')} and exists (select 1 from removed)
    ),
    streak_write as (
      update users set streak_current = ${param('streakCurrent', 'int')},
        streak_best = ${param('streakBest', 'int')}, streak_last_day = ${param('streakLastDay', 'date')}
      where id = ${userId} and exists (select 1 from removed)
    ),
    moved as (
      update study_sessions set ${sessionMoveColumns(param)}, last_review_id = ${param('lastReviewId', 'bigint')}
      where id = ${sessionId} and exists (select 1 from removed)
      returning ${SESSION_COLUMN_LIST}
    )
    select * from moved`;
});

/**
 * Takes an answer back in one statement, if the session is still at the version the press was made on and the
 * answer is still its last: the item's memory and the member's streak as they were before it, the log row gone,
 * the session back on that item's question. Null when it wrote nothing.
 */
export async function writeUndo(
  sql: SqlClient,
  p: { answer: UndoableAnswer; sessionId: number; expectedVersion: number; session: SessionAfterUndo },
): Promise<StudySession | null> {
  const { answer, session } = p;
  const streak = answer.undo.streak;
  const [row] = await UNDO.run<SessionRow>(
    sql,
    Object.assign(memoryToJson(answer.undo.memory), sessionMoveValues(session), {
      sessionId: p.sessionId,
      userId: answer.userId,
      itemId: answer.itemId,
      expectedVersion: p.expectedVersion,
      reviewId: answer.reviewId,
      streakCurrent: streak.current,
      streakBest: streak.best,
      streakLastDay: streak.lastDay,
      lastReviewId: session.lastReviewId,
    }),
  );
  return row ? toSession(row) : null;
}
