import {
  hasQuizAnswer,
  type ReviewBasis,
  readReviewBasis,
  readUndoableAnswer,
  writeQuizAnswer,
  writeStudyAnswer,
  writeUndo,
} from '../db/repositories/answers.js';
import { findQuiz } from '../db/repositories/quiz.js';
import { findSession } from '../db/repositories/study-sessions.js';
import type { Deps } from '../deps.js';
import { type AnswerDecision, type AnswerGrade, decideAnswer } from '../domain/answer.js';
import type { AwayPeriod } from '../domain/backlog.js';
import { newMemoryState } from '../domain/memory.js';
import { checkQuizTarget, type Quiz, type QuizAnswerRefusal, quizRating } from '../domain/quiz.js';
import {
  checkSessionTarget,
  type ItemLookup,
  type PendingAnswer,
  type SessionMove,
  type SessionRefusal,
  type StudySession,
  sessionAfterAnswer,
  sessionAfterUndo,
} from '../domain/study-session.js';
import type { ParameterChoice } from '../domain/tuning/levels.js';
import { type Result, refuse } from './refusal.js';

/**
 * Recording an answer, and taking one back. Each is a read, the domain's decision, and one statement that writes
 * all of it only if what was read still stands (db/repositories/answers.ts). When it does not, a second read says
 * why: the press no longer targets what its button was drawn for (refused, nothing written), or another answer of
 * the member's moved the item or the streak in between (decided again from what is stored now).
 */

/**
 * How many times an answer is decided again when another answer of the same member's lands between its read and
 * its write. Each retry means that member answered something else in those few milliseconds; a handful is plenty.
 */
const MAX_ATTEMPTS = 5;

/** Who answered, when, and what the answer is scored against. */
export interface Answerer {
  userId: string;
  now: Date;
  zone: string;
  targetRetention: number;
  /** The FSRS parameters that schedule the member (their own, their server's, the global set or the defaults). */
  schedule?: ParameterChoice;
  /** The member's latest break, for the streak freeze. */
  away?: AwayPeriod | null;
}

/**
 * Records a study answer and moves the session on: a double click, a retried interaction or another device's
 * click finds the session moved and records nothing. Two statements when nothing intervenes.
 */
export async function recordStudyAnswer(
  deps: Pick<Deps, 'db' | 'sql'>,
  p: Answerer & {
    session: StudySession;
    answer: PendingAnswer;
    move: SessionMove;
    /** The memory and streak, when the caller read them already (beside its other reads); read here if not. */
    basis?: ReviewBasis;
  },
): Promise<Result<{ session: StudySession; decision: AnswerDecision }, SessionRefusal>> {
  const { answer, session } = p;
  const target = { userId: p.userId, version: session.version, itemId: answer.itemId };
  const refusal = checkSessionTarget(session, target);
  if (refusal !== null) return refuse(refusal);
  for (let attempt = 1; ; attempt++) {
    const basis =
      attempt === 1 && p.basis
        ? p.basis
        : await readAnswerBasis(deps, { userId: p.userId, itemId: answer.itemId });
    const decision = decide(p, basis, answer.grade);
    const written = await writeStudyAnswer(deps.sql, {
      userId: p.userId,
      itemId: answer.itemId,
      basis,
      guildId: session.guildId,
      sessionId: session.id,
      before: session,
      correct: answer.correct,
      responseMs: answer.responseMs,
      now: p.now,
      decision,
      session: sessionAfterAnswer(session, p.move, answer),
    });
    if (written) return { ok: true, session: written.session, decision };
    const stored = checkSessionTarget(await findSession(deps.sql, session.id), target);
    if (stored !== null) return refuse(stored);
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`answer to ${answer.itemId} kept meeting concurrent answers`);
  }
}

/**
 * Takes back the session's last answer, as Anki's Undo does: the item's memory and the member's streak go back to
 * what they were, the log row goes, and the session returns to that item's question.
 */
export async function undoStudyAnswer(
  deps: Pick<Deps, 'db' | 'sql'>,
  p: { session: StudySession; userId: string; itemAt: ItemLookup; now: Date; seed: number },
): Promise<Result<{ session: StudySession }, SessionRefusal | 'nothing-to-undo'>> {
  const { session } = p;
  const target = { userId: p.userId, version: session.version, allowFinished: true };
  const refusal = checkSessionTarget(session, target);
  if (refusal !== null) return refuse(refusal);
  if (session.lastReviewId === null) return refuse('nothing-to-undo');
  const answer = await readUndoableAnswer(deps.sql, {
    sessionId: session.id,
    reviewId: session.lastReviewId,
  });
  if (answer) {
    const undone = await writeUndo(deps.sql, {
      answer,
      sessionId: session.id,
      expectedVersion: session.version,
      session: sessionAfterUndo(session, answer, { ...p, previousReviewId: answer.previousReviewId }),
    });
    if (undone) return { ok: true, session: undone };
  }
  // Nothing written: the session moved since it was read, or its last answer is gone.
  return refuse(checkSessionTarget(await findSession(deps.sql, session.id), target) ?? 'nothing-to-undo');
}

/**
 * Keeps a member's answer to a quiz question (the first one stands) and counts it as a review in their own
 * schedule: right is Good, wrong is Again. The quiz is read under a share lock, so the answer either commits
 * before the question is closed (and the reveal counts it) or finds the quiz moved on.
 *
 * `quiz` is the quiz as the caller read it to check the press; it is read again only when the write found
 * something moved.
 */
export async function recordQuizAnswer(
  deps: Pick<Deps, 'db' | 'sql'>,
  p: Answerer & {
    quiz: Quiz;
    question: number;
    itemId: string;
    option: number;
    correct: boolean;
    responseMs: number;
  },
): Promise<Result<object, QuizAnswerRefusal>> {
  for (let attempt = 1; ; attempt++) {
    const [basis, quiz] = await Promise.all([
      readAnswerBasis(deps, p),
      attempt === 1 ? p.quiz : findQuiz(deps.db, p.quiz.id),
    ]);
    const refusal = checkQuizTarget(quiz, { question: p.question, itemId: p.itemId, now: p.now });
    if (refusal !== null || quiz === null) return refuse(refusal ?? 'quiz-missing');
    const written = await writeQuizAnswer(deps.sql, {
      ...p,
      quizId: quiz.id,
      basis,
      guildId: quiz.guildId,
      sessionId: null,
      decision: decide(p, basis, { by: 'member', rating: quizRating(p.correct) }),
    });
    if (written) return { ok: true };
    if (await hasQuizAnswer(deps.sql, { ...p, quizId: quiz.id })) return refuse('already-answered');
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`quiz answer to ${p.itemId} kept meeting concurrent answers`);
  }
}

/** What an answer to `itemId` is decided from: the member's memory of it and their streak. */
export async function readAnswerBasis(
  deps: Pick<Deps, 'sql'>,
  p: { userId: string; itemId: string },
): Promise<ReviewBasis> {
  const basis = await readReviewBasis(deps.sql, p);
  if (!basis) throw new Error(`user ${p.userId} missing while recording an answer`);
  return basis;
}

function decide(p: Answerer, basis: ReviewBasis, grade: AnswerGrade): AnswerDecision {
  return decideAnswer({
    memoryBefore: basis.state?.memory ?? newMemoryState(p.now),
    streakBefore: basis.streak,
    grade,
    now: p.now,
    zone: p.zone,
    targetRetention: p.targetRetention,
    away: p.away ?? null,
    // Last: on Node 20 a property written after a spread takes a slow path (see db/repositories/answers.ts).
    ...(p.schedule ? { schedule: p.schedule } : {}),
  });
}
