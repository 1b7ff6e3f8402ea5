import { describe, expect, it } from 'vitest';
import {
  isPressFromQuiz,
  isQuestionOpen,
  planQuiz,
  type QuizCandidate,
  questionStartedAt,
  quizRating,
  quizSettings,
  rankQuizScores,
} from '../../src/domain/quiz.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 2, 1, 0, seconds));

describe('quiz settings', () => {
  it('defaults to 5 questions of 30 seconds', () => {
    expect(quizSettings({})).toEqual({ questions: 5, seconds: 30 });
    expect(quizSettings({ questions: null, seconds: null })).toEqual({ questions: 5, seconds: 30 });
  });

  it('keeps questions within 1-10 and seconds within 10-120', () => {
    expect(quizSettings({ questions: 0, seconds: 5 })).toEqual({ questions: 1, seconds: 10 });
    expect(quizSettings({ questions: 99, seconds: 999 })).toEqual({ questions: 10, seconds: 120 });
    expect(quizSettings({ questions: Number.NaN, seconds: 45 })).toEqual({ questions: 5, seconds: 45 });
  });
});

describe('planning a quiz', () => {
  const scenarios: QuizCandidate[] = ['s1', 's2', 's3'].map((id) => ({
    id,
    kind: 'scenario',
    optionCount: 4,
  }));
  const choices: QuizCandidate[] = ['m1', 'm2', 'm3'].map((id) => ({
    id,
    kind: 'multiple_choice',
    optionCount: 3,
  }));

  it('asks scenarios first and fills with multiple choice only when scenarios run out', () => {
    const plan = planQuiz([...choices, ...scenarios], 5, 42);
    expect(plan.itemIds).toHaveLength(5);
    expect(plan.itemIds.slice(0, 3).sort()).toEqual(['s1', 's2', 's3']);
    expect(plan.itemIds.slice(3).every((id) => id.startsWith('m'))).toBe(true);
    expect(planQuiz([...choices, ...scenarios], 2, 42).itemIds.every((id) => id.startsWith('s'))).toBe(true);
  });

  it('asks no more questions than there are', () => {
    expect(planQuiz(scenarios, 10, 1).itemIds).toHaveLength(3);
    expect(planQuiz([], 5, 1)).toEqual({ itemIds: [], optionOrders: [] });
  });

  it('gives every question a permutation of its options, the same for the same seed', () => {
    const plan = planQuiz([...scenarios, ...choices], 6, 7);
    plan.itemIds.forEach((id, question) => {
      const count = id.startsWith('s') ? 4 : 3;
      expect([...(plan.optionOrders[question] ?? [])].sort()).toEqual([...Array(count).keys()]);
    });
    expect(planQuiz([...scenarios, ...choices], 6, 7)).toEqual(plan);
  });
});

describe('answer timing', () => {
  it('takes answers until the end instant, exclusive', () => {
    expect(isQuestionOpen(at(30), at(29))).toBe(true);
    expect(isQuestionOpen(at(30), at(30))).toBe(false);
    expect(isQuestionOpen(null, at(0))).toBe(false);
    expect(questionStartedAt(at(30), 30)).toEqual(at(0));
  });

  it('rates a right answer Good and a wrong one Again', () => {
    expect(quizRating(true)).toBe(3);
    expect(quizRating(false)).toBe(1);
  });
});

describe('the quiz scoreboard', () => {
  it('ranks by points, then by who reached the score first', () => {
    const board = rankQuizScores([
      { userId: '3', question: 0, correct: true, answeredAt: at(5) },
      { userId: '1', question: 0, correct: true, answeredAt: at(9) },
      { userId: '2', question: 0, correct: false, answeredAt: at(2) },
      { userId: '1', question: 1, correct: true, answeredAt: at(40) },
      { userId: '3', question: 1, correct: true, answeredAt: at(44) },
      { userId: '2', question: 1, correct: true, answeredAt: at(35) },
    ]);
    expect(board.map((s) => [s.rank, s.userId, s.points])).toEqual([
      [1, '1', 2],
      [2, '3', 2],
      [3, '2', 1],
    ]);
    expect(board[0]?.reachedAt).toEqual(at(40));
  });

  it('lists members who answered only wrong with 0 points, more answers first, then by id', () => {
    const board = rankQuizScores([
      { userId: '20', question: 0, correct: false, answeredAt: at(1) },
      { userId: '9', question: 0, correct: false, answeredAt: at(2) },
      { userId: '9', question: 1, correct: false, answeredAt: at(31) },
      { userId: '100', question: 0, correct: false, answeredAt: at(3) },
    ]);
    expect(board.map((s) => s.userId)).toEqual(['9', '20', '100']);
    expect(board.every((s) => s.points === 0 && s.reachedAt === null)).toBe(true);
  });

  it('is empty when nobody answered', () => {
    expect(rankQuizScores([])).toEqual([]);
  });
});

describe('where a quiz press comes from', () => {
  const quiz = { guildId: '1', channelId: '10', messageId: '100', currentQuestion: 2 };
  const press = { guildId: '1', channelId: '10', messageId: '100', question: 2 };

  it('takes a press on the current question only from its message in the quiz server and channel', () => {
    expect(isPressFromQuiz(quiz, press)).toBe(true);
    expect(isPressFromQuiz(quiz, { ...press, guildId: '2' })).toBe(false);
    expect(isPressFromQuiz(quiz, { ...press, channelId: '11' })).toBe(false);
    expect(isPressFromQuiz(quiz, { ...press, messageId: '101' })).toBe(false);
    expect(isPressFromQuiz(quiz, { ...press, guildId: null })).toBe(false);
  });

  it('lets an earlier question through to be refused as late, but not from another server', () => {
    expect(isPressFromQuiz(quiz, { ...press, question: 1, messageId: '99' })).toBe(true);
    expect(isPressFromQuiz(quiz, { ...press, question: 1, messageId: '99', guildId: '2' })).toBe(false);
  });

  it('while the question is being posted, checks the server and channel only', () => {
    const posting = { ...quiz, messageId: null };
    expect(isPressFromQuiz(posting, { ...press, messageId: '555' })).toBe(true);
    expect(isPressFromQuiz(posting, { ...press, messageId: '555', guildId: '2' })).toBe(false);
  });
});
