import type { AnswerDecision, UndoSnapshot } from '../../domain/answer.js';
import { type MemoryJson, type MemoryState, memoryFromJson, memoryToJson } from '../../domain/memory.js';
import type { StoredStreak } from '../../domain/streaks.js';
import type { SessionAfterAnswer, SessionAfterUndo, StudySession } from '../../domain/study-session.js';
import type { SqlClient, SqlFragment } from '../client.js';
import { SESSION_COLUMNS, type SessionRow, toSession } from './study-sessions.js';

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

/** The member's memory of the item and their streak; null when the member has no row. */
export async function readReviewBasis(
  sql: SqlClient,
  p: { userId: string; itemId: string },
): Promise<ReviewBasis | null> {
  const [row] = await sql<BasisRow[]>`
    select st.id as state_id, st.version as state_version,
      (extract(epoch from st.due) * 1000)::float8 as due_ms, st.stability, st.difficulty, st.elapsed_days,
      st.scheduled_days, st.learning_steps, st.reps, st.lapses, st.state,
      (extract(epoch from st.last_review) * 1000)::float8 as last_review_ms,
      u.streak_current, u.streak_best, to_char(u.streak_last_day, 'YYYY-MM-DD') as streak_last_day
    from users u
    left join item_states st on st.user_id = u.id and st.item_id = ${p.itemId}
    where u.id = ${p.userId}`;
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

/** An item state's memory columns set to `memory`: what an answer writes, and what Undo puts back. */
const memoryColumns = (sql: SqlClient, memory: MemoryState): SqlFragment => sql`
  due = ${iso(memory.due)}::timestamptz, stability = ${memory.stability}::float8,
  difficulty = ${memory.difficulty}::float8, elapsed_days = ${memory.elapsedDays}::float8,
  scheduled_days = ${memory.scheduledDays}::float8, learning_steps = ${memory.learningSteps}::int,
  reps = ${memory.reps}::int, lapses = ${memory.lapses}::int, state = ${memory.state}::smallint,
  last_review = ${iso(memory.lastReview)}::timestamptz`;

/**
 * The checked part every answer's statement shares. `guard` is the caller's CTE that locks what the answer
 * targets (the session, or the quiz and its answer) and yields one row when the answer may be written; this adds
 * the member's row and the item state, locked and compared with what the decision was made from, and the writes:
 * the item state (created on the first answer), the review log, the streak. The CTE `log` holds the new log row.
 */
function reviewWrites(sql: SqlClient, p: ReviewWrite, guard: SqlFragment): SqlFragment {
  const { decision, basis } = p;
  const memory = decision.memoryAfter;
  const streak = decision.streakAfter;
  const undo = JSON.stringify({ state: memoryToJson(decision.undo.memory), streak: decision.undo.streak });
  // The member's streak as read; the lock waits for a concurrent answer of theirs and re-reads the row.
  const checked = sql`
    checked as (
      select 1 from guard
      join users u on u.id = ${p.userId} and u.streak_current = ${basis.streak.current}
        and u.streak_best = ${basis.streak.best}
        and u.streak_last_day is not distinct from ${basis.streak.lastDay}::date
      ${basis.state ? sql`join item_states st on st.id = ${basis.state.id} and st.version = ${basis.state.version}` : sql``}
      for update of u${basis.state ? sql`, st` : sql``}
    )`;
  // A first answer creates the state; a concurrent first answer that created it already leaves `state_write`
  // empty, and so the whole statement writes nothing.
  const stateWrite = basis.state
    ? sql`
    state_write as (
      update item_states set ${memoryColumns(sql, memory)}, version = version + 1
      where id = ${basis.state.id} and exists (select 1 from checked)
      returning id
    )`
    : sql`
    state_write as (
      insert into item_states (user_id, item_id, due, stability, difficulty, elapsed_days, scheduled_days,
        learning_steps, reps, lapses, state, last_review, version)
      select ${p.userId}, ${p.itemId}, ${iso(memory.due)}::timestamptz, ${memory.stability}::float8,
        ${memory.difficulty}::float8, ${memory.elapsedDays}::float8, ${memory.scheduledDays}::float8,
        ${memory.learningSteps}::int, ${memory.reps}::int, ${memory.lapses}::int, ${memory.state}::smallint,
        ${iso(memory.lastReview)}::timestamptz, 1
      from checked
      on conflict (user_id, item_id) do nothing
      returning id
    )`;
  return sql`
    ${guard}, ${checked}, ${stateWrite},
    log as (
      insert into review_logs (user_id, item_id, guild_id, session_id, rating, correct, state_before, was_due,
        difficulty_before, scheduled_days, elapsed_days, retrievability, parameter_set_id, due_after, xp,
        duration_ms, reviewed_at, undo)
      select ${p.userId}, ${p.itemId}, ${p.guildId}::text, ${p.sessionId}::bigint, ${decision.rating}::smallint,
        ${p.correct}::boolean, ${decision.undo.memory.state}::smallint, ${decision.wasDue}::boolean,
        ${decision.difficultyBefore}::float8, ${memory.scheduledDays}::float8, ${decision.log.elapsedDays}::int,
        ${decision.log.retrievability}::real, ${decision.log.parameterSetId}::bigint,
        ${iso(memory.due)}::timestamptz, ${decision.xp}::int, ${Math.max(0, Math.round(p.responseMs))}::int,
        ${iso(p.now)}::timestamptz, ${undo}::jsonb
      from state_write
      returning id
    ),
    streak_write as (
      update users set streak_current = ${streak.current}::int, streak_best = ${streak.best}::int,
        streak_last_day = ${streak.lastDay}::date
      where id = ${p.userId} and exists (select 1 from log)
    )`;
}

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
    expectedVersion: number;
    firstOfSession: boolean;
    session: SessionAfterAnswer;
  },
): Promise<{ reviewId: number; session: StudySession } | null> {
  const guard = sql`
    with guard as (
      select 1 from study_sessions
      where id = ${p.sessionId} and user_id = ${p.userId} and version = ${p.expectedVersion}
        and finished_at is null
      for update
    )`;
  const moved = p.session;
  const [row] = await sql<(SessionRow & { review_id: string })[]>`
    ${reviewWrites(sql, p, guard)},
    ${p.firstOfSession && p.guildId !== null ? sql`${memberWrite(sql, p)},` : sql``}
    moved as (
      update study_sessions set position = ${moved.position}::int, step = ${JSON.stringify(moved.step)}::jsonb,
        finished_at = ${iso(moved.finishedAt)}::timestamptz, version = ${moved.version}::int,
        answered = ${moved.answered}::int, correct = ${moved.correct}::int,
        time_spent_ms = ${moved.timeSpentMs}::int, last_review_id = log.id
      from log
      where study_sessions.id = ${p.sessionId}
      returning ${SESSION_COLUMNS(sql)}, log.id as review_id
    )
    select * from moved`;
  return row ? { reviewId: Number(row.review_id), session: toSession(row) } : null;
}

/** The member listed on the board of the server the answer was given in, from their first answer there. */
function memberWrite(sql: SqlClient, p: ReviewWrite): SqlFragment {
  return sql`
    member_write as (
      insert into guild_members (guild_id, user_id, first_studied_at)
      select ${p.guildId}::text, ${p.userId}, ${iso(p.now)}::timestamptz from log
      on conflict do nothing
    )`;
}

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
  // Kept last, after the log: written with the review or not at all. Two first answers at once both pass the
  // `not exists`, but both lock the member's row and item state, and the second finds the state moved on.
  const guard = sql`
    with guard as (
      select 1 from quizzes
      where id = ${p.quizId}::bigint and status = 'running' and current_question = ${p.question}::int
        and question_ends_at > ${iso(p.now)}::timestamptz and item_ids ->> ${p.question}::int = ${p.itemId}
        and not exists (
          select 1 from quiz_answers
          where quiz_id = ${p.quizId}::bigint and question = ${p.question}::int and user_id = ${p.userId})
      for share
    )`;
  const rows = await sql`
    ${reviewWrites(sql, p, guard)},
    ${memberWrite(sql, p)},
    kept as (
      insert into quiz_answers (quiz_id, question, user_id, option, correct, answered_at)
      select ${p.quizId}::bigint, ${p.question}::int, ${p.userId}, ${p.option}::int, ${p.correct}::boolean,
        ${iso(p.now)}::timestamptz
      from log
      on conflict do nothing
    )
    select id from log`;
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
  const memory = answer.undo.memory;
  const streak = answer.undo.streak;
  const [row] = await sql<SessionRow[]>`
    with guard as (
      select 1 from study_sessions
      where id = ${p.sessionId} and user_id = ${answer.userId} and version = ${p.expectedVersion}
        and last_review_id = ${answer.reviewId}::bigint
      for update
    ),
    removed as (
      delete from review_logs where id = ${answer.reviewId}::bigint and exists (select 1 from guard)
      returning id
    ),
    state_write as (
      update item_states set ${memoryColumns(sql, memory)}, version = version + 1
      where user_id = ${answer.userId} and item_id = ${answer.itemId} and exists (select 1 from removed)
    ),
    streak_write as (
      update users set streak_current = ${streak.current}::int, streak_best = ${streak.best}::int,
        streak_last_day = ${streak.lastDay}::date
      where id = ${answer.userId} and exists (select 1 from removed)
    ),
    moved as (
      update study_sessions set position = ${session.position}::int, step = ${JSON.stringify(session.step)}::jsonb,
        finished_at = ${iso(session.finishedAt)}::timestamptz, version = ${session.version}::int,
        answered = ${session.answered}::int, correct = ${session.correct}::int,
        time_spent_ms = ${session.timeSpentMs}::int, last_review_id = ${session.lastReviewId}::bigint
      where id = ${p.sessionId} and exists (select 1 from removed)
      returning ${SESSION_COLUMNS(sql)}
    )
    select * from moved`;
  return row ? toSession(row) : null;
}
