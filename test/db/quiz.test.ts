import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildCatalog } from '../../src/content/catalog.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import {
  abandonQuiz,
  claimQuizAdvance,
  createQuiz,
  findQuizAnswers,
} from '../../src/db/repositories/quiz.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { reviewLogs } from '../../src/db/schema/index.js';
import type { Quiz } from '../../src/domain/quiz.js';
import { scheduleQuizJobs } from '../../src/jobs/quiz.js';
import { recordQuizAnswer } from '../../src/services/answers.js';
import type { QuizPoster, QuizScreen } from '../../src/services/quiz.js';
import { loadFixtureContent } from '../support/content.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { testDeps } from '../support/deps.js';
import { waitFor } from '../support/fake-discord/index.js';

const now = new Date('2026-03-02T00:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const member = '200000000000000001';

describe.each(testDrivers)('quiz repository on %s', (driver) => {
  let database: TestDatabase;
  let channel = 0;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    await syncContent(database.db, await loadFixtureContent(), now);
    await findOrCreateUser(database.db, member);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  async function newQuiz(): Promise<Quiz> {
    channel++;
    const created = await createQuiz(database.db, {
      guildId: '300000000000000001',
      channelId: `40000000000000000${channel}`,
      hostUserId: member,
      deckId: 'fixture',
      itemIds: ['fx-scenario', 'fx-choice'],
      optionOrders: [
        [1, 0],
        [0, 1, 2],
      ],
      secondsPerQuestion: 20,
      now,
    });
    if (!created.ok) throw new Error(created.reason);
    return created.quiz;
  }

  const answer = (quiz: Quiz, at: Date, option = 1) =>
    recordQuizAnswer(database, {
      quiz,
      question: 0,
      userId: member,
      itemId: 'fx-scenario',
      option,
      correct: option === 1,
      responseMs: at.getTime() - now.getTime(),
      now: at,
      targetRetention: 0.9,
      zone: 'Asia/Seoul',
    });

  it('opens one running quiz per channel, even when two start at once', async () => {
    const start = () =>
      createQuiz(database.db, {
        guildId: '300000000000000001',
        channelId: '499999999999999999',
        hostUserId: member,
        deckId: null,
        itemIds: ['fx-choice'],
        optionOrders: [[0, 1, 2]],
        secondsPerQuestion: 10,
        now,
      });
    const results = await Promise.all([start(), start(), start()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual([
      'already-running',
      'already-running',
    ]);
  });

  it('keeps one answer per member and question when two presses arrive together', async () => {
    const quiz = await newQuiz();
    const results = await Promise.all([answer(quiz, later(2)), answer(quiz, later(2), 0)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'already-answered' });
    expect(await findQuizAnswers(database.db, quiz.id)).toHaveLength(1);
    const logs = await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, member));
    expect(logs).toHaveLength(1);
  });

  it('refuses an answer at or after the end of the question', async () => {
    const quiz = await newQuiz();
    expect(await answer(quiz, later(20))).toEqual({ ok: false, reason: 'time-up' });
  });

  it('refuses, and writes nothing, when the quiz moved on after the press was checked', async () => {
    const quiz = await newQuiz();
    const logsOfMember = () => database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, member));
    const logsBefore = (await logsOfMember()).length;
    // The caller checked the press on the quiz as it read it; the quiz is stopped before the answer is written.
    await abandonQuiz(database.db, quiz.id, later(1));
    expect(await answer(quiz, later(2))).toEqual({ ok: false, reason: 'time-up' });
    expect(await findQuizAnswers(database.db, quiz.id)).toHaveLength(0);
    expect(await logsOfMember()).toHaveLength(logsBefore);
  });

  it('lets exactly one of several processes close a question, and only once it has ended', async () => {
    const quiz = await newQuiz();
    const claim = (at: Date) =>
      claimQuizAdvance(database.db, {
        quizId: quiz.id,
        from: 0,
        questionCount: 2,
        secondsPerQuestion: 20,
        now: at,
      });
    expect(await claim(later(19))).toBeNull();
    const claims = await Promise.all([claim(later(20)), claim(later(20)), claim(later(21))]);
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    // The next question has no message until one is posted: a reveal never edits the question before it.
    expect(won[0]).toMatchObject({ currentQuestion: 1, status: 'running', messageId: null });
    // An answer to the closed question now finds the quiz moved on.
    expect(await answer(quiz, later(21))).toEqual({ ok: false, reason: 'time-up' });
  });

  it('the scheduled job closes an ended question by itself (the end time is in the database)', async () => {
    const wall = new Date();
    const created = await createQuiz(database.db, {
      guildId: '300000000000000001',
      channelId: '488888888888888888',
      hostUserId: member,
      deckId: 'fixture',
      itemIds: ['fx-choice'],
      optionOrders: [[2, 1, 0]],
      secondsPerQuestion: 10,
      now: new Date(wall.getTime() - 11_000),
    });
    expect(created.ok).toBe(true);
    const posted: QuizScreen['type'][] = [];
    const poster: QuizPoster = {
      post: async (channelId, screen) => {
        // The job also moves on the other tests' quizzes, long ended by the wall clock.
        if (channelId === '488888888888888888') posted.push(screen.type);
        return '1';
      },
      edit: async () => false,
    };
    const deps = testDeps({
      db: database.db,
      clock: () => new Date(),
      catalog: buildCatalog(await loadFixtureContent()),
      config: parseConfig({ LOG_LEVEL: 'silent' }),
    });
    const task = scheduleQuizJobs(deps, poster);
    try {
      await waitFor(() => posted.includes('scoreboard'), 7_000, 'the scheduled reveal and scoreboard');
    } finally {
      await task.stop();
    }
    // The question had no message to edit, so the reveal was posted; then the board.
    expect(posted).toEqual(['reveal', 'scoreboard']);
  });
});
