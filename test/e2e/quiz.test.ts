import { InteractionResponseType, REST } from 'discord.js';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app.js';
import { guildMembers, itemStates, reviewLogs } from '../../src/db/schema/index.js';
import { createQuizPoster } from '../../src/discord/quiz-poster.js';
import { advanceQuizzes, type QuizPoster } from '../../src/services/quiz.js';
import {
  type BotSuite,
  buttonId,
  embedOf,
  GUILD_ID,
  letterOf,
  movableClock,
  startBotSuite,
  startTestBot,
} from '../support/bot-harness.js';
import { type TestDatabase, testDrivers } from '../support/database.js';
import { type FakeDiscord, type FakeMessage, isEphemeral, waitFor } from '../support/fake-discord/index.js';
import { expectNothingRejected } from '../support/nothing-rejected.js';

const alice = { id: '100000000000000001', username: 'alice', locale: 'ko' };
const bob = { id: '100000000000000002', username: 'bob', locale: 'en-US' };
const carol = { id: '100000000000000003', username: 'carol', locale: 'ko' };

const SCENARIO_RIGHT = '앱과 의존성을 이미지로 묶어 배포한다';
const SCENARIO_WRONG = '서버에 라이브러리를 하나씩 설치한다';
const CHOICE_RIGHT = '커널';
const CHOICE_WRONG = '게스트 OS';

describe.each(testDrivers)('the group quiz on %s', (driver) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let bot: RunningBot;
  let suite: BotSuite;
  let channelId: string;
  let poster: QuizPoster;
  const clock = movableClock(new Date('2026-03-02T01:00:00Z'));

  // What the whole channel sees: the bot's posts, not the private answers to presses.
  const messages = () =>
    fake.channelMessages(channelId).filter((m) => m.author.id === fake.botUserId && !isEphemeral(m));
  const titled = (title: string) => messages().filter((m) => embedOf(m).title === title);
  const waitForTitled = (title: string) =>
    waitFor(() => titled(title)[0], 3000, `a message titled ${title}`) as Promise<FakeMessage>;
  const press = (user: typeof alice, message: FakeMessage, letter: string) =>
    fake.clickButton({ user, message, customId: buttonId(message, letter), asSeen: true });
  const startQuiz = (options: unknown[]) =>
    fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'quiz', options });

  beforeAll(async () => {
    suite = await startBotSuite(driver, { clock: clock.now });
    ({ fake, database, bot } = suite);
    channelId = fake.guildChannelId(GUILD_ID);
    // The real discord.js REST client, pointed at the fake, as the bot's scheduler uses it.
    poster = createQuizPoster({ rest: new REST({ api: fake.apiUrl }).setToken(fake.token) });
  });
  afterAll(async () => {
    await suite?.stop();
  });

  it('registers /quiz with Korean names and its limits', () => {
    const quiz = (
      fake.registeredCommands({ guildId: GUILD_ID }) as {
        name: string;
        name_localizations?: { ko?: string };
        options?: {
          name: string;
          name_localizations?: { ko?: string };
          min_value?: number;
          max_value?: number;
        }[];
      }[]
    ).find((command) => command.name === 'quiz');
    expect(quiz?.name_localizations?.ko).toBe('퀴즈');
    expect(quiz?.options?.map((o) => o.name_localizations?.ko)).toEqual(['덱', '문제수', '초']);
    expect(quiz?.options?.find((o) => o.name === 'questions')).toMatchObject({ min_value: 1, max_value: 10 });
    expect(quiz?.options?.find((o) => o.name === 'seconds')).toMatchObject({ min_value: 10, max_value: 120 });
  });

  it('runs a quiz with three members: answers, refusals, reveals, the next question, the scoreboard, and each answer in the member’s own schedule', async () => {
    const started = await startQuiz([
      { type: 3, name: 'deck', value: 'fixture' },
      { type: 4, name: 'questions', value: 2 },
      { type: 4, name: 'seconds', value: 20 },
    ]);
    expect(started.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(started.message?.flags ?? 0).toBe(0);
    expect(embedOf(started.message).description).toContain('2문제');

    // Scenarios come first: question 1 is the fixture's scenario.
    const first = await waitForTitled('퀴즈 1/2');
    const q1Start = clock.now();
    expect(embedOf(first).description).toContain('노트북에서는 되는데');
    expect(embedOf(first).description).toContain(`<t:${Math.floor(q1Start.getTime() / 1000) + 20}:R>`);

    clock.advance(3_000);
    const right = await press(alice, first, letterOf(first, SCENARIO_RIGHT));
    expect(right.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(right.callback.data?.flags).toBe(64);
    expect(right.callback.data?.content).toContain(`**${letterOf(first, SCENARIO_RIGHT)}**`);
    // The acknowledgement says nothing about being right.
    expect(right.callback.data?.content).not.toMatch(/정답이에요|맞았|틀렸/);

    clock.advance(2_000);
    const wrong = await press(bob, first, letterOf(first, SCENARIO_WRONG));
    expect(wrong.callback.data?.content).toContain('You answered');

    const again = await press(alice, first, letterOf(first, SCENARIO_WRONG));
    expect(again.callback.data?.flags).toBe(64);
    expect(again.callback.data?.content).toContain('이미 답했어요');

    clock.set(new Date(q1Start.getTime() + 20_000));
    const late = await press(carol, first, letterOf(first, SCENARIO_RIGHT));
    expect(late.callback.data?.content).toContain('시간이 끝났어요');

    // Nothing is revealed before the tick.
    expect(titled('퀴즈 1/2')).toHaveLength(1);
    expect(await advanceQuizzes(bot.deps, poster, clock.now())).toBe(1);

    const revealed = fake.message(first.id);
    const reveal = embedOf(revealed);
    expect(reveal.title).toBe('퀴즈 1/2 · 정답 공개');
    expect(revealed?.components).toEqual([]);
    const field = (name: string) => reveal.fields?.find((f) => f.name.startsWith(name))?.value ?? '';
    expect(field('정답')).toContain(SCENARIO_RIGHT);
    expect(field('정답')).toContain('이미지에 의존성을 함께 담으면');
    expect(field('오답인 이유')).toContain('다음 서버에서 또 반복된다.');
    expect(field('맞힌 사람')).toBe(`<@${alice.id}>`);
    expect(reveal.footer?.text).toBe('2명 응답 · 1명 정답');

    const second = await waitForTitled('퀴즈 2/2');
    const q2Start = clock.now();
    expect(embedOf(second).description).toContain('컨테이너가 호스트와 공유하는 것은?');
    // A press on the closed question, from a stale screen, is refused.
    const stale = await press(carol, first, letterOf(first, SCENARIO_RIGHT));
    expect(stale.callback.data?.content).toContain('시간이 끝났어요');

    clock.advance(4_000);
    await press(alice, second, letterOf(second, CHOICE_WRONG));
    clock.advance(1_000);
    await press(carol, second, letterOf(second, CHOICE_RIGHT));
    clock.advance(1_000);
    await press(bob, second, letterOf(second, CHOICE_RIGHT));

    // A tick before the end changes nothing.
    expect(await advanceQuizzes(bot.deps, poster, clock.now())).toBe(0);
    clock.set(new Date(q2Start.getTime() + 20_000));
    expect(await advanceQuizzes(bot.deps, poster, clock.now())).toBe(1);
    expect(embedOf(fake.message(second.id)).fields?.find((f) => f.name.startsWith('맞힌 사람'))?.value).toBe(
      `<@${carol.id}> <@${bob.id}>`,
    );

    const board = embedOf(await waitForTitled('퀴즈 결과'));
    // One point each: Alice reached hers first (question 1), then Carol, who answered question 2 before Bob.
    expect(board.description?.split('\n')).toEqual([
      `**1.** <@${alice.id}> · 1점 (2문제 응답)`,
      `**2.** <@${carol.id}> · 1점 (1문제 응답)`,
      `**3.** <@${bob.id}> · 1점 (2문제 응답)`,
    ]);
    expect(await advanceQuizzes(bot.deps, poster, clock.now())).toBe(0);

    // Each answer counts in the member's own review log and FSRS state, in this server.
    const logs = await database.db
      .select()
      .from(reviewLogs)
      .where(eq(reviewLogs.userId, alice.id))
      .orderBy(asc(reviewLogs.reviewedAt));
    expect(logs.map((log) => [log.itemId, log.rating, log.correct, log.guildId, log.sessionId])).toEqual([
      ['fx-scenario', 3, true, GUILD_ID, null],
      ['fx-choice', 1, false, GUILD_ID, null],
    ]);
    // A first right answer on a new item earns XP (Good on difficulty 5); a wrong one earns none.
    expect(logs.map((log) => log.xp)).toEqual([10, 0]);
    expect(logs[0]?.durationMs).toBe(3_000);

    const carolLogs = await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, carol.id));
    expect(carolLogs.map((log) => log.itemId)).toEqual(['fx-choice']);

    const [bobScenario] = await database.db
      .select()
      .from(itemStates)
      .where(and(eq(itemStates.userId, bob.id), eq(itemStates.itemId, 'fx-scenario')));
    expect(bobScenario).toMatchObject({ reps: 1, state: 1 });
    const [aliceScenario] = await database.db
      .select()
      .from(itemStates)
      .where(and(eq(itemStates.userId, alice.id), eq(itemStates.itemId, 'fx-scenario')));
    expect(aliceScenario?.reps).toBe(1);
    expect(aliceScenario?.due.getTime()).toBeGreaterThan(clock.now().getTime() - 60_000);

    const members = await database.db.select().from(guildMembers).where(eq(guildMembers.guildId, GUILD_ID));
    expect(members.map((m) => m.userId).sort()).toEqual([alice.id, bob.id, carol.id]);
  });

  it('allows one running quiz per channel and refuses an unknown deck', async () => {
    const unknown = await startQuiz([{ type: 3, name: 'deck', value: 'no-such-deck' }]);
    expect(unknown.callback.data?.flags).toBe(64);
    expect(unknown.callback.data?.content).toContain('no-such-deck');

    const running = await startQuiz([{ type: 4, name: 'questions', value: 1 }]);
    expect(running.callback.data?.flags ?? 0).toBe(0);
    const refused = await fake.sendCommand({ user: bob, guildId: GUILD_ID, name: 'quiz' });
    expect(refused.callback.data?.flags).toBe(64);
    expect(refused.callback.data?.content).toContain('already running');

    await waitFor(() => titled('퀴즈 1/1')[0], 3000, 'the one question');
    clock.advance(30_000);
    expect(await advanceQuizzes(bot.deps, poster, clock.now())).toBe(1);
    expect(embedOf(titled('퀴즈 결과').at(-1)).description).toBe('아무도 답하지 않았어요.');
  });

  it('reveals and posts each step once when two bot processes run the tick', async () => {
    const other = await startTestBot(fake, database, { clock: clock.now });
    try {
      await fake.waitForReady(2);
      const otherPoster = createQuizPoster({ rest: new REST({ api: fake.apiUrl }).setToken(fake.token) });
      const before = messages().length;
      const edits = () =>
        fake.requests.filter(
          (r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${channelId}/messages/`),
        ).length;
      const editsBefore = edits();
      const started = await startQuiz([
        { type: 3, name: 'deck', value: 'fixture' },
        { type: 4, name: 'questions', value: 2 },
        { type: 4, name: 'seconds', value: 10 },
      ]);
      expect(started.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      await waitFor(() => messages().length === before + 2, 3000, 'the announcement and question 1');
      const question = messages().at(-1) as FakeMessage;
      await press(bob, question, 'A');

      const tickBoth = () =>
        Promise.all([
          advanceQuizzes(bot.deps, poster, clock.now()),
          advanceQuizzes(other.deps, otherPoster, clock.now()),
        ]);
      clock.advance(10_000);
      expect((await tickBoth()).reduce((a, b) => a + b, 0)).toBe(1);
      await waitFor(() => messages().length === before + 3, 3000, 'question 2');
      clock.advance(10_000);
      expect((await tickBoth()).reduce((a, b) => a + b, 0)).toBe(1);
      await waitFor(() => messages().length === before + 4, 3000, 'the scoreboard');
      expect(await tickBoth()).toEqual([0, 0]);

      const posted = messages().slice(before);
      expect(posted.map((m) => embedOf(m).title)).toEqual([
        '퀴즈를 시작해요!',
        '퀴즈 1/2 · 정답 공개',
        '퀴즈 2/2 · 정답 공개',
        '퀴즈 결과',
      ]);
      // Each reveal is one edit of its question message, by one of the two processes.
      expect(edits() - editsBefore).toBe(2);
    } finally {
      await other.stop();
    }
  });

  // Every test, on its own: the bot sent Discord nothing it would refuse.
  afterEach(() => expectNothingRejected(fake));
});
