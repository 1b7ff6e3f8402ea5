import { describe, expect, it } from 'vitest';
import {
  checkSessionTarget,
  decideStudyAction,
  freshStep,
  type ItemLookup,
  type SessionStep,
  type StudyAction,
  type StudyItemShape,
  type StudySession,
  sessionAfterAnswer,
  sessionAfterUndo,
} from '../../src/domain/study-session.js';

const now = new Date('2026-03-02T01:00:10Z');
const shownAt = '2026-03-02T01:00:00.000Z';
const OWNER = '100000000000000001';

const SHAPES: Record<string, StudyItemShape> = {
  card: { kind: 'flashcard' },
  choice: { kind: 'choice', optionCount: 3, answer: 1, questionLength: 40 },
  order: { kind: 'ordering', stepCount: 3, questionLength: 30 },
  cloze: { kind: 'cloze', accepted: ['정답', 'answer'], questionLength: 20 },
};
const itemAt: ItemLookup = (itemId) => SHAPES[itemId];

function session(queue: string[], step: Partial<SessionStep> = {}, position = 0): StudySession {
  return {
    id: 7,
    userId: OWNER,
    guildId: null,
    deckId: null,
    queue,
    position,
    step: { stage: 'question', shownAt, shuffle: [], picked: [], ...step },
    version: 3,
    answered: 0,
    correct: 0,
    timeSpentMs: 0,
    lastReviewId: null,
    startedAt: new Date(shownAt),
    finishedAt: null,
  };
}

const press = (on: StudySession, action: StudyAction, clozeText?: string) =>
  decideStudyAction({
    session: on,
    current: itemAt(on.queue[on.position] ?? ''),
    action,
    ...(clozeText === undefined ? {} : { clozeText }),
    itemAt,
    now,
    seed: 42,
  });

describe('checkSessionTarget', () => {
  const target = { userId: OWNER, version: 3 };

  it('says why a press no longer targets the session, in one order', () => {
    const open = session(['card']);
    expect(checkSessionTarget(null, target)).toBe('session-missing');
    expect(checkSessionTarget(open, { ...target, userId: 'someone-else' })).toBe('not-owner');
    expect(checkSessionTarget({ ...open, finishedAt: now }, target)).toBe('finished');
    expect(checkSessionTarget(open, { ...target, version: 2 })).toBe('stale');
    expect(checkSessionTarget(open, { ...target, itemId: 'choice' })).toBe('stale');
    expect(checkSessionTarget(open, { ...target, itemId: 'card' })).toBeNull();
  });

  it('lets Undo reach a finished session', () => {
    expect(
      checkSessionTarget({ ...session(['card']), finishedAt: now }, { ...target, allowFinished: true }),
    ).toBeNull();
  });
});

describe('decideStudyAction', () => {
  it('reveals a flashcard once, then takes a grade that moves to the next item', () => {
    const asked = session(['card', 'choice']);
    const revealed = press(asked, { action: 'reveal' });
    expect(revealed).toMatchObject({ kind: 'move', move: { position: 0, step: { stage: 'revealed' } } });
    expect(press(asked, { action: 'grade', rating: 3 })).toEqual({ kind: 'refuse', reason: 'stale' });
    const graded = press(session(['card', 'choice'], { stage: 'revealed' }), { action: 'grade', rating: 1 });
    expect(graded).toMatchObject({
      kind: 'answer',
      answer: { itemId: 'card', correct: false, responseMs: 10_000, grade: { by: 'member', rating: 1 } },
      move: { position: 1, step: { stage: 'question', shownAt: now.toISOString() }, finishedAt: null },
    });
  });

  it('ends the session with the answer to its last item', () => {
    const graded = press(session(['card'], { stage: 'revealed' }), { action: 'grade', rating: 3 });
    expect(graded).toMatchObject({ kind: 'answer', move: { position: 1, finishedAt: now } });
  });

  it('grades a choice by the checker and stays on the item to show why', () => {
    const asked = session(['choice', 'card']);
    expect(press(asked, { action: 'choose', option: 1 })).toMatchObject({
      kind: 'answer',
      answer: { correct: true, grade: { by: 'checker', correct: true, questionLength: 40 } },
      move: { position: 0, step: { stage: 'answered' } },
    });
    expect(press(asked, { action: 'choose', option: 0 })).toMatchObject({
      answer: { correct: false, feedback: { kind: 'choice', correct: false, picked: 0 } },
    });
    expect(press(asked, { action: 'choose', option: 3 })).toEqual({ kind: 'refuse', reason: 'stale' });
    expect(press(asked, { action: 'next' })).toEqual({ kind: 'refuse', reason: 'stale' });
    const next = press(session(['choice', 'card'], { stage: 'answered' }), { action: 'next' });
    expect(next).toMatchObject({ kind: 'move', move: { position: 1, step: { stage: 'question' } } });
  });

  it('collects ordering steps one by one and answers with the last', () => {
    const first = press(session(['order']), { action: 'order-pick', step: 1 });
    expect(first).toMatchObject({ kind: 'move', move: { step: { picked: [1] } } });
    expect(press(session(['order'], { picked: [1] }), { action: 'order-pick', step: 1 })).toEqual({
      kind: 'refuse',
      reason: 'stale',
    });
    const swapped = press(session(['order'], { picked: [1, 0] }), { action: 'order-pick', step: 2 });
    expect(swapped).toMatchObject({
      kind: 'answer',
      answer: { correct: false, grade: { nearlyCorrect: true }, feedback: { picked: [1, 0, 2] } },
      move: { step: { stage: 'answered', picked: [1, 0, 2] } },
    });
  });

  it('opens the cloze modal, checks the typed gap leniently and refuses an overlong one', () => {
    const asked = session(['cloze']);
    expect(press(asked, { action: 'cloze-open' })).toEqual({ kind: 'cloze-modal' });
    expect(press(asked, { action: 'cloze-submit' }, ' ANSWER ')).toMatchObject({
      answer: { correct: true, feedback: { kind: 'cloze', typed: 'ANSWER' } },
    });
    expect(press(asked, { action: 'cloze-submit' }, 'x'.repeat(101))).toEqual({
      kind: 'refuse',
      reason: 'input-too-long',
    });
  });

  it('redraws a session whose current item left the decks, except to end it or undo', () => {
    const retired = session(['gone', 'card']);
    expect(press(retired, { action: 'reveal' })).toEqual({ kind: 'redraw' });
    expect(press(retired, { action: 'end' })).toEqual({ kind: 'end' });
    expect(press(retired, { action: 'undo' })).toEqual({ kind: 'undo' });
  });
});

describe('freshStep', () => {
  it('never shows an ordering question already in order, whatever the seed', () => {
    for (let seed = 1; seed < 500; seed++) {
      const { shuffle } = freshStep(SHAPES.order as StudyItemShape, now, seed);
      expect([...shuffle].sort()).toEqual([0, 1, 2]);
      expect(shuffle).not.toEqual([0, 1, 2]);
    }
  });

  it('gives the same order for the same seed', () => {
    const shape = SHAPES.choice as StudyItemShape;
    expect(freshStep(shape, now, 99)).toEqual(freshStep(shape, now, 99));
  });
});

describe('the tallies', () => {
  it('count an answer, and Undo takes it back to its item', () => {
    const asked = session(['card', 'choice'], { stage: 'revealed' });
    const after = sessionAfterAnswer(
      asked,
      { position: 1, step: asked.step, finishedAt: null },
      {
        correct: true,
        responseMs: 1234.4,
      },
    );
    expect(after).toMatchObject({ position: 1, version: 4, answered: 1, correct: 1, timeSpentMs: 1234 });
    const moved = { ...asked, ...after, lastReviewId: 55 };
    const undone = sessionAfterUndo(
      moved,
      { itemId: 'card', correct: true, durationMs: 1234 },
      {
        previousReviewId: null,
        itemAt,
        now,
        seed: 1,
      },
    );
    expect(undone).toMatchObject({
      position: 0,
      version: 5,
      answered: 0,
      correct: 0,
      timeSpentMs: 0,
      lastReviewId: null,
      finishedAt: null,
      step: { stage: 'question' },
    });
  });
});
