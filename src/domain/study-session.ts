import type { AnswerGrade } from './answer.js';
import { checkClozeAnswer, gradeOrdering, shuffledIndexes } from './grading.js';

/**
 * The study session as a state machine: which press is allowed on which screen, and what it changes. Pure: the
 * caller passes the session as stored, the item's shape, `now` and a random seed, and stores what comes back.
 */

/** Where a session stands on its current item; stored so buttons keep working across restarts. */
export interface SessionStep {
  /** 'question': waiting for an answer; 'revealed': a flashcard's back is shown; 'answered': graded, showing why. */
  stage: 'question' | 'revealed' | 'answered';
  /** When the current item was shown, for response time. */
  shownAt: string;
  /** Display order of choice options or ordering steps (indexes into the item's own list). */
  shuffle: number[];
  /** Ordering questions: the steps picked so far, as indexes into the item's list. */
  picked: number[];
}

/** A member's study session: a planned queue of items worked through one by one. */
export interface StudySession {
  id: number;
  userId: string;
  guildId: string | null;
  deckId: string | null;
  queue: string[];
  position: number;
  step: SessionStep;
  /** Grows with every change; a button carries the version it was drawn for. */
  version: number;
  answered: number;
  correct: number;
  timeSpentMs: number;
  lastReviewId: number | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** A press on a study screen. */
export type StudyAction =
  | { action: 'reveal' }
  | { action: 'grade'; rating: 1 | 2 | 3 | 4 }
  | { action: 'choose'; option: number }
  | { action: 'order-pick'; step: number }
  | { action: 'order-reset' }
  | { action: 'cloze-open' }
  | { action: 'cloze-submit' }
  | { action: 'next' }
  | { action: 'undo' }
  | { action: 'end' };

/** What the session needs to know of an item to serve and grade it (the content keeps the rest). */
export type StudyItemShape =
  | { kind: 'flashcard' }
  | { kind: 'choice'; optionCount: number; answer: number; questionLength: number }
  | { kind: 'ordering'; stepCount: number; questionLength: number }
  | { kind: 'cloze'; accepted: readonly string[]; questionLength: number };

/** The outcome of an automatically graded answer, shown once right after it. */
export type AnswerFeedback =
  | { kind: 'choice'; correct: boolean; picked: number }
  | { kind: 'ordering'; correct: boolean; nearlyCorrect: boolean; picked: number[] }
  | { kind: 'cloze'; correct: boolean; typed: string };

export const MAX_CLOZE_INPUT = 100;

/** Why a press on a session changes nothing. */
export type SessionRefusal = 'session-missing' | 'not-owner' | 'finished' | 'stale';
export type StudyRefusal = SessionRefusal | 'nothing-to-undo' | 'unknown-deck' | 'input-too-long';

/**
 * The one check that a press still targets the session as its button was drawn: the session exists, belongs to
 * the presser, is not over (Undo may still take back a finished session's last answer), is at the version the
 * button carries and, for an answer, still on the item answered. Run on the session as read before deciding, and
 * again on the row locked before writing, so a double click or another device's click changes nothing twice.
 */
export function checkSessionTarget(
  session: StudySession | null,
  target: { userId: string; version: number; itemId?: string; allowFinished?: boolean },
): SessionRefusal | null {
  if (!session) return 'session-missing';
  if (session.userId !== target.userId) return 'not-owner';
  if (session.finishedAt && !target.allowFinished) return 'finished';
  if (session.version !== target.version) return 'stale';
  if (target.itemId !== undefined && session.queue[session.position] !== target.itemId) return 'stale';
  return null;
}

/** Where a session goes: the position, that item's step, and the instant it ended (null while it runs). */
export interface SessionMove {
  position: number;
  step: SessionStep;
  finishedAt: Date | null;
}

/** How an item is first shown: options and ordering steps shuffled by `seed`. */
export function freshStep(item: StudyItemShape, now: Date, seed: number): SessionStep {
  let shuffle: number[] = [];
  if (item.kind === 'choice') shuffle = shuffledIndexes(item.optionCount, seed);
  if (item.kind === 'ordering') {
    shuffle = shuffledIndexes(item.stepCount, seed);
    // A shuffle that happens to be the answer gives the answer away: rotate it by one.
    if (shuffle.every((step, index) => step === index))
      shuffle = [...shuffle.slice(1), ...shuffle.slice(0, 1)];
  }
  return { stage: 'question', shownAt: now.toISOString(), shuffle, picked: [] };
}

/** Looks an item up by id; undefined for an item retired from the decks. */
export type ItemLookup = (itemId: string) => StudyItemShape | undefined;

/** Moves to the item after the current one, or ends the session after the last. */
export function moveToNext(session: StudySession, itemAt: ItemLookup, now: Date, seed: number): SessionMove {
  const position = session.position + 1;
  const itemId = session.queue[position];
  const next = itemId === undefined ? undefined : itemAt(itemId);
  return {
    position,
    step: next ? freshStep(next, now, seed) : session.step,
    finishedAt: position >= session.queue.length ? now : null,
  };
}

/** An answer the machine has graded as far as it can before the member's memory is read. */
export interface PendingAnswer {
  itemId: string;
  grade: AnswerGrade;
  correct: boolean;
  responseMs: number;
  feedback?: AnswerFeedback;
}

export type StudyTransition =
  | { kind: 'refuse'; reason: StudyRefusal }
  /** The current item left the decks: show the session again (retired items are skipped). */
  | { kind: 'redraw' }
  | { kind: 'move'; move: SessionMove }
  | { kind: 'answer'; answer: PendingAnswer; move: SessionMove }
  | { kind: 'cloze-modal' }
  | { kind: 'undo' }
  | { kind: 'end' };

/**
 * What a press does to a session already checked with {@link checkSessionTarget}. `current` is the shape of the
 * item at the session's position, undefined when it was retired.
 */
export function decideStudyAction(p: {
  session: StudySession;
  current: StudyItemShape | undefined;
  action: StudyAction;
  clozeText?: string;
  itemAt: ItemLookup;
  now: Date;
  seed: number;
}): StudyTransition {
  const { session, current, action, now } = p;
  const step = session.step;
  const stale = { kind: 'refuse', reason: 'stale' } as const;
  if (action.action === 'end') return { kind: 'end' };
  if (action.action === 'undo') return { kind: 'undo' };
  if (!current) return { kind: 'redraw' };
  const itemId = session.queue[session.position] as string;
  const stay = (changed: SessionStep): SessionMove => ({
    position: session.position,
    step: changed,
    finishedAt: null,
  });
  const responseMs = Math.max(0, now.getTime() - Date.parse(step.shownAt));
  /** An answer graded by the checker stays on its item to show why; the member moves on with Next. */
  const checked = (feedback: AnswerFeedback, questionLength: number): StudyTransition => {
    const { correct } = feedback;
    const nearlyCorrect = feedback.kind === 'ordering' && feedback.nearlyCorrect;
    const picked = feedback.kind === 'ordering' ? feedback.picked : step.picked;
    return {
      kind: 'answer',
      answer: {
        itemId,
        correct,
        responseMs,
        grade: { by: 'checker', correct, nearlyCorrect, responseMs, questionLength },
        feedback,
      },
      move: stay({ ...step, stage: 'answered', picked }),
    };
  };

  switch (action.action) {
    case 'reveal':
      if (current.kind !== 'flashcard' || step.stage !== 'question') return stale;
      return { kind: 'move', move: stay({ ...step, stage: 'revealed' }) };
    case 'next':
      if (step.stage !== 'answered') return stale;
      return { kind: 'move', move: moveToNext(session, p.itemAt, now, p.seed) };
    case 'order-reset':
      if (current.kind !== 'ordering' || step.stage !== 'question') return stale;
      return { kind: 'move', move: stay({ ...step, picked: [] }) };
    case 'order-pick': {
      if (current.kind !== 'ordering' || step.stage !== 'question') return stale;
      if (action.step >= current.stepCount || step.picked.includes(action.step)) return stale;
      const picked = [...step.picked, action.step];
      if (picked.length < current.stepCount) return { kind: 'move', move: stay({ ...step, picked }) };
      const { correct, nearlyCorrect } = gradeOrdering(picked, current.stepCount);
      return checked({ kind: 'ordering', correct, nearlyCorrect, picked }, current.questionLength);
    }
    case 'choose': {
      if (current.kind !== 'choice' || step.stage !== 'question') return stale;
      if (action.option >= current.optionCount) return stale;
      const correct = action.option === current.answer;
      return checked({ kind: 'choice', correct, picked: action.option }, current.questionLength);
    }
    case 'cloze-open':
      if (current.kind !== 'cloze' || step.stage !== 'question') return stale;
      return { kind: 'cloze-modal' };
    case 'cloze-submit': {
      if (current.kind !== 'cloze' || step.stage !== 'question') return stale;
      const typed = (p.clozeText ?? '').trim();
      if (typed.length > MAX_CLOZE_INPUT) return { kind: 'refuse', reason: 'input-too-long' };
      const correct = checkClozeAnswer(typed, current.accepted);
      return checked({ kind: 'cloze', correct, typed }, current.questionLength);
    }
    case 'grade':
      if (current.kind !== 'flashcard' || step.stage !== 'revealed') return stale;
      // A self-graded card moves straight on, as in Anki.
      return {
        kind: 'answer',
        answer: {
          itemId,
          correct: action.rating >= 2,
          responseMs,
          grade: { by: 'member', rating: action.rating },
        },
        move: moveToNext(session, p.itemAt, now, p.seed),
      };
  }
}

/** The session's columns after an answer: where it moves, and the answer counted in its tallies. */
export interface SessionAfterAnswer extends SessionMove {
  version: number;
  answered: number;
  correct: number;
  timeSpentMs: number;
}

export function sessionAfterAnswer(
  session: StudySession,
  move: SessionMove,
  answer: { correct: boolean; responseMs: number },
): SessionAfterAnswer {
  // Spelled out rather than spread: Node 20 adds properties after a spread on a slow path, and this is every answer.
  return {
    position: move.position,
    step: move.step,
    finishedAt: move.finishedAt,
    version: session.version + 1,
    answered: session.answered + 1,
    correct: session.correct + (answer.correct ? 1 : 0),
    timeSpentMs: session.timeSpentMs + Math.max(0, Math.round(answer.responseMs)),
  };
}

/** The session's columns after its last answer is taken back: back on that item's question, tallies reduced. */
export interface SessionAfterUndo extends SessionAfterAnswer {
  lastReviewId: number | null;
}

export function sessionAfterUndo(
  session: StudySession,
  undone: { itemId: string; correct: boolean; durationMs: number },
  p: { previousReviewId: number | null; itemAt: ItemLookup; now: Date; seed: number },
): SessionAfterUndo {
  // The undone item is the last one at or before the current position that matches the answer.
  let position = Math.min(session.position, session.queue.length - 1);
  while (position > 0 && session.queue[position] !== undone.itemId) position--;
  const item = p.itemAt(undone.itemId);
  return {
    position,
    step: item
      ? freshStep(item, p.now, p.seed)
      : { stage: 'question', shownAt: p.now.toISOString(), shuffle: [], picked: [] },
    finishedAt: null,
    version: session.version + 1,
    answered: Math.max(0, session.answered - 1),
    correct: Math.max(0, session.correct - (undone.correct ? 1 : 0)),
    timeSpentMs: Math.max(0, session.timeSpentMs - undone.durationMs),
    lastReviewId: p.previousReviewId,
  };
}
