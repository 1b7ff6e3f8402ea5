import {
  lockReview,
  lockStudyAnswer,
  lockUndo,
  persistReview,
  persistStudyAnswer,
  persistUndo,
} from '../db/repositories/answers.js';
import { keepFirstQuizAnswer, lockQuizForAnswer } from '../db/repositories/quiz.js';
import { transactUnlessRefused } from '../db/transaction.js';
import type { Deps } from '../deps.js';
import { type AnswerDecision, decideAnswer } from '../domain/answer.js';
import type { AwayPeriod } from '../domain/backlog.js';
import { checkQuizTarget, type QuizAnswerRefusal, quizRating } from '../domain/quiz.js';
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
 * Recording an answer, and taking one back: each in one transaction that locks the rows, checks the press still
 * targets what its button was drawn for, lets the domain decide, and writes. A refusal rolls back.
 */

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
 * click finds the session moved and records nothing. Four round trips: begin; the session, item state and member
 * locked; every write; commit.
 */
export async function recordStudyAnswer(
  deps: Pick<Deps, 'db'>,
  p: Answerer & { session: StudySession; answer: PendingAnswer; move: SessionMove },
): Promise<Result<{ session: StudySession; decision: AnswerDecision }, SessionRefusal>> {
  const { answer } = p;
  return transactUnlessRefused(deps.db, async (tx) => {
    const locked = await lockStudyAnswer(tx, {
      sessionId: p.session.id,
      userId: p.userId,
      itemId: answer.itemId,
      now: p.now,
    });
    const session = locked.session;
    const refusal = checkSessionTarget(session, {
      userId: p.userId,
      version: p.session.version,
      itemId: answer.itemId,
    });
    if (refusal !== null || session === null) return refuse(refusal ?? 'session-missing');
    const decision = decideAnswer({
      memoryBefore: locked.memory,
      streakBefore: locked.streak,
      grade: answer.grade,
      now: p.now,
      zone: p.zone,
      targetRetention: p.targetRetention,
      ...(p.schedule ? { schedule: p.schedule } : {}),
      away: p.away ?? null,
    });
    const stored = await persistStudyAnswer(tx, {
      userId: p.userId,
      itemId: answer.itemId,
      stateId: locked.stateId,
      guildId: session.guildId,
      sessionId: session.id,
      correct: answer.correct,
      responseMs: answer.responseMs,
      now: p.now,
      decision,
      session: sessionAfterAnswer(session, p.move, answer),
    });
    return { ok: true, session: stored.session, decision };
  });
}

/**
 * Takes back the session's last answer, as Anki's Undo does: the item's memory and the member's streak go back to
 * what they were, the log row goes, and the session returns to that item's question.
 */
export async function undoStudyAnswer(
  deps: Pick<Deps, 'db'>,
  p: { session: StudySession; userId: string; itemAt: ItemLookup; now: Date; seed: number },
): Promise<Result<{ session: StudySession }, SessionRefusal | 'nothing-to-undo'>> {
  return transactUnlessRefused(deps.db, async (tx) => {
    const locked = await lockUndo(tx, p.session.id);
    const session = locked.session;
    const refusal = checkSessionTarget(session, {
      userId: p.userId,
      version: p.session.version,
      allowFinished: true,
    });
    if (refusal !== null || session === null) return refuse(refusal ?? 'session-missing');
    if (!locked.answer) return refuse('nothing-to-undo');
    const after = sessionAfterUndo(session, locked.answer, {
      ...p,
      previousReviewId: locked.previousReviewId,
    });
    return {
      ok: true,
      session: await persistUndo(tx, { answer: locked.answer, sessionId: session.id, session: after }),
    };
  });
}

/**
 * Keeps a member's answer to a quiz question (the first one stands) and counts it as a review in their own
 * schedule: right is Good, wrong is Again. The quiz is read under a share lock, so the answer either commits
 * before the question is closed (and the reveal counts it) or finds the quiz moved on.
 */
export async function recordQuizAnswer(
  deps: Pick<Deps, 'db'>,
  p: Answerer & {
    quizId: number;
    question: number;
    itemId: string;
    option: number;
    correct: boolean;
    responseMs: number;
  },
): Promise<Result<object, QuizAnswerRefusal>> {
  return transactUnlessRefused(deps.db, async (tx) => {
    const quiz = await lockQuizForAnswer(tx, p.quizId);
    const refusal = checkQuizTarget(quiz, { question: p.question, itemId: p.itemId, now: p.now });
    if (refusal !== null || quiz === null) return refuse(refusal ?? 'quiz-missing');
    const [kept, locked] = await Promise.all([keepFirstQuizAnswer(tx, p), lockReview(tx, p)]);
    if (!kept) return refuse('already-answered');
    const decision = decideAnswer({
      memoryBefore: locked.memory,
      streakBefore: locked.streak,
      grade: { by: 'member', rating: quizRating(p.correct) },
      now: p.now,
      zone: p.zone,
      targetRetention: p.targetRetention,
      ...(p.schedule ? { schedule: p.schedule } : {}),
      away: p.away ?? null,
    });
    await persistReview(tx, {
      userId: p.userId,
      itemId: p.itemId,
      stateId: locked.stateId,
      guildId: quiz.guildId,
      sessionId: null,
      correct: p.correct,
      responseMs: p.responseMs,
      now: p.now,
      decision,
    });
    return { ok: true };
  });
}
