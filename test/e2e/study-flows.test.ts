import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InteractionResponseType } from 'discord.js';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { RunningBot } from '../../src/app.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import {
  interactionClaims,
  itemStates,
  reviewLogs,
  studySessions,
  users,
} from '../../src/db/schema/index.js';
import {
  type BotSuite,
  buttonId,
  customIds,
  embedOf,
  GUILD_ID,
  letterOf,
  movableClock,
  startBotSuite,
  startFakeDiscord,
  startTestBot,
} from '../support/bot-harness.js';
import { FIXTURE_CONTENT_DIR } from '../support/content.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import {
  type FakeDiscord,
  type FakeMessage,
  type FakeUser,
  isEphemeral,
} from '../support/fake-discord/index.js';
import { expectNothingRejected } from '../support/nothing-rejected.js';

const EPHEMERAL = 64;
let nextMember = 1;
/** A member nobody else in the file uses, so each test starts from a clean slate. */
function member(locale: 'ko' | 'en-US' = 'ko'): FakeUser {
  const n = nextMember++;
  return { id: `3000000000000${String(n).padStart(5, '0')}`, username: `member${n}`, locale };
}

/** The code of a study custom_id (`bk:1:<code>:…`), or undefined. */
const codeOf = (id: string) => id.split(':')[2];
const sessionIdOf = (message: FakeMessage | undefined) => Number(customIds(message)[0]?.split(':')[3]);

/** Drives the fake as one member: every interaction id is kept so a test can check its callbacks. */
function driver(fake: FakeDiscord, seen: string[] = []) {
  const keep = <T extends { interactionId: string }>(outcome: T) => {
    seen.push(outcome.interactionId);
    return outcome;
  };
  const command = async (user: FakeUser, name: string, options: unknown[] = []) =>
    keep(await fake.sendCommand({ user, guildId: GUILD_ID, name, options }));
  const press = async (user: FakeUser, message: FakeMessage | undefined, match: string | RegExp) => {
    if (!message) throw new Error('no message to press a button on');
    return keep(await fake.clickButton({ user, message, customId: buttonId(message, match) }));
  };
  /** Opens the cloze modal and submits `text`. */
  const typeCloze = async (user: FakeUser, message: FakeMessage | undefined, text: string) => {
    const opened = await press(user, message, /^bk:1:co:/);
    expect(opened.callback.type).toBe(InteractionResponseType.Modal);
    const customId = String(opened.callback.data?.custom_id);
    return keep(await fake.submitModal({ user, customId, fields: { answer: text } }));
  };
  /** Answers whatever the screen shows (not necessarily right) and moves to the next screen. */
  const answerAny = async (user: FakeUser, message: FakeMessage | undefined): Promise<FakeMessage> => {
    const codes = customIds(message).map(codeOf);
    let screen = message;
    if (codes.includes('rv')) {
      screen = (await press(user, screen, /^bk:1:rv:/)).message;
      return (await press(user, screen, /^bk:1:gr:.*:3$/)).message as FakeMessage;
    }
    if (codes.includes('ch')) screen = (await press(user, screen, /^bk:1:ch:/)).message;
    else if (codes.includes('op')) {
      while (customIds(screen).some((id) => codeOf(id) === 'op') && !customIds(screen).includes('nx'))
        screen = (await press(user, screen, /^bk:1:op:/)).message;
    } else if (codes.includes('co')) screen = (await typeCloze(user, screen, '불변')).message;
    else throw new Error(`nothing to answer on ${customIds(message).join(', ')}`);
    return (await press(user, screen, /^bk:1:nx:/)).message as FakeMessage;
  };
  return { command, press, typeCloze, answerAny, seen };
}

/** The number each ordering step is shown under (`**3.** 이미지 build`). */
function stepNumbers(message: FakeMessage | undefined): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const line of (embedOf(message).description ?? '').split('\n')) {
    const match = /^\*\*(\d+)\.\*\* (.+)$/.exec(line);
    if (match) numbers.set(match[2] as string, match[1] as string);
  }
  return numbers;
}

const ORDER_STEPS = ['Dockerfile 작성', '이미지 build', '레지스트리에 push', '서버에서 pull'];

describe.each(testDrivers)('study flows on %s', (driverName) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let bot: RunningBot;
  let suite: BotSuite;
  let contentCopy: string | undefined;
  const clock = movableClock(new Date('2026-03-02T01:00:00Z'));
  let act: ReturnType<typeof driver>;

  const reviewsOf = (userId: string) =>
    database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, userId)).orderBy(asc(reviewLogs.id));
  const stateOf = async (userId: string, itemId: string) =>
    (
      await database.db
        .select()
        .from(itemStates)
        .where(and(eq(itemStates.userId, userId), eq(itemStates.itemId, itemId)))
    )[0];
  const sessionRow = async (id: number) =>
    (await database.db.select().from(studySessions).where(eq(studySessions.id, id)))[0];
  const userRow = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0];
  /** Reaches the item of `kind` (its author line) by answering whatever comes before it. */
  const studyUntil = async (user: FakeUser, kindLabel: string) => {
    let message = (await act.command(user, 'study')).message as FakeMessage;
    for (let guard = 0; !embedOf(message).author?.name.endsWith(kindLabel); guard++) {
      if (guard > 5) throw new Error(`never reached ${kindLabel}`);
      message = await act.answerAny(user, message);
    }
    return message;
  };

  beforeAll(async () => {
    suite = await startBotSuite(driverName, { clock: clock.now });
    ({ fake, database, bot } = suite);
    act = driver(fake);
  });
  afterAll(async () => {
    await suite?.stop();
    if (contentCopy) await rm(contentCopy, { recursive: true, force: true });
  });

  it('grades a scenario answered right, and one answered wrong with the reason for the option picked', async () => {
    const right = member();
    const question = await studyUntil(right, '상황 문제');
    expect(embedOf(question).description).toContain('노트북에서는 되는데');
    const answered = await act.press(right, question, letterOf(question, '앱과 의존성을'));
    expect(answered.callback.type).toBe(InteractionResponseType.UpdateMessage);
    const embed = embedOf(answered.message);
    expect(embed.title).toBe('✅ 정답이에요!');
    expect(embed.fields?.find((f) => f.name === '내 선택')?.value).toContain('앱과 의존성을 이미지로 묶어');
    expect(embed.fields?.find((f) => f.name === '정답')).toBeUndefined();
    expect(embed.fields?.find((f) => f.name === '설명')?.value).toContain('이미지에 의존성을 함께');
    const [, , scenario] = await reviewsOf(right.id);
    expect(scenario).toMatchObject({ itemId: 'fx-scenario', correct: true, rating: 3 });

    const wrong = member('en-US');
    const wrongQuestion = await studyUntil(wrong, 'Scenario');
    const missed = await act.press(wrong, wrongQuestion, letterOf(wrongQuestion, 'Install the libraries'));
    const missedEmbed = embedOf(missed.message);
    expect(missedEmbed.title).toBe('❌ Not quite.');
    expect(missedEmbed.fields?.find((f) => f.name === 'Your choice')?.value).toContain(
      '→ It recurs on the next server.',
    );
    expect(missedEmbed.fields?.find((f) => f.name === 'Right answer')?.value).toContain('Pack the app');
    const wrongLogs = await reviewsOf(wrong.id);
    expect(wrongLogs.at(-1)).toMatchObject({ itemId: 'fx-scenario', correct: false, rating: 1 });
  });

  it('builds an ordering step by step (with a reset) and grades it right', async () => {
    const user = member();
    let screen = await studyUntil(user, '순서 맞추기');
    const numbers = stepNumbers(screen);
    expect([...numbers.keys()].sort()).toEqual([...ORDER_STEPS].sort());
    // The shuffle never shows the steps already in order.
    expect(ORDER_STEPS.map((step) => numbers.get(step))).not.toEqual(['1', '2', '3', '4']);

    screen = (await act.press(user, screen, numbers.get('이미지 build') as string)).message as FakeMessage;
    expect(embedOf(screen).fields?.find((f) => f.name === '지금까지 고른 순서')?.value).toBe(
      '1. 이미지 build',
    );
    expect(() => buttonId(screen, numbers.get('이미지 build') as string)).toThrow(); // picked: disabled
    screen = (await act.press(user, screen, '다시 고르기')).message as FakeMessage;
    expect(embedOf(screen).fields ?? []).toEqual([]);

    for (const step of ORDER_STEPS)
      screen = (await act.press(user, screen, numbers.get(step) as string)).message as FakeMessage;
    const embed = embedOf(screen);
    expect(embed.title).toBe('✅ 정답이에요!');
    expect(embed.fields?.find((f) => f.name === '내 순서')?.value).toBe(
      ORDER_STEPS.map((step, i) => `${i + 1}. ${step}`).join('\n'),
    );
    expect(embed.fields?.find((f) => f.name === '올바른 순서')).toBeUndefined();
    expect((await reviewsOf(user.id)).at(-1)).toMatchObject({ itemId: 'fx-order', correct: true, rating: 3 });
  });

  it('grades an ordering with two neighbouring steps swapped as nearly right (Hard)', async () => {
    const user = member();
    let screen = await studyUntil(user, '순서 맞추기');
    const numbers = stepNumbers(screen);
    for (const step of [ORDER_STEPS[0], ORDER_STEPS[2], ORDER_STEPS[1], ORDER_STEPS[3]])
      screen = (await act.press(user, screen, numbers.get(step as string) as string)).message as FakeMessage;
    const embed = embedOf(screen);
    expect(embed.title).toContain('거의 맞았어요');
    expect(embed.fields?.find((f) => f.name === '올바른 순서')?.value).toContain('2. 이미지 build');
    const log = (await reviewsOf(user.id)).at(-1);
    expect(log).toMatchObject({ itemId: 'fx-order', correct: false, rating: 2 });
  });

  it('checks a cloze typed in the modal leniently, and a wrong one', async () => {
    const user = member();
    const question = await studyUntil(user, '빈칸 채우기');
    expect(embedOf(question).description).toContain('이미지는 \\_\\_\\_\\_\\_ 하다.');

    const spaced = await act.typeCloze(user, question, ' 불 변 ');
    expect(spaced.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(spaced.message).title).toBe('✅ 정답이에요!');
    expect(embedOf(spaced.message).fields?.find((f) => f.name === '내 답')?.value).toBe('불 변');

    // Undo brings the question back, so the same member can try the other spellings.
    const again = (await act.press(user, spaced.message, '되돌리기')).message;
    const shouted = await act.typeCloze(user, again, 'IMMUTABLE');
    expect(embedOf(shouted.message).title).toBe('✅ 정답이에요!');

    const third = (await act.press(user, shouted.message, '되돌리기')).message;
    const wrong = await act.typeCloze(user, third, 'mutable');
    const embed = embedOf(wrong.message);
    expect(embed.title).toBe('❌ 아쉬워요.');
    expect(embed.fields?.find((f) => f.name === '정답')?.value).toBe('변경 불가능');
    const clozeLogs = (await reviewsOf(user.id)).filter((log) => log.itemId === 'fx-cloze');
    expect(clozeLogs).toHaveLength(1);
    expect(clozeLogs[0]).toMatchObject({ correct: false, rating: 1 });
  });

  it('refuses an over-long cloze answer with a short ephemeral message and writes nothing', async () => {
    const user = member();
    const question = await studyUntil(user, '빈칸 채우기');
    const sessionId = sessionIdOf(question);
    const before = await sessionRow(sessionId);
    const logsBefore = (await reviewsOf(user.id)).length;
    const refused = await act.typeCloze(user, question, '불변'.repeat(51));
    expect(refused.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(Number(refused.callback.data?.flags) & EPHEMERAL).toBe(EPHEMERAL);
    expect(refused.callback.data?.content).toBe('입력이 너무 길어요 (최대 100자).');
    expect(await reviewsOf(user.id)).toHaveLength(logsBefore);
    expect(await stateOf(user.id, 'fx-cloze')).toBeUndefined();
    expect(await sessionRow(sessionId)).toEqual(before);
    // The question is still there, answerable.
    const fine = await act.typeCloze(user, fake.message(question.id), '불변');
    expect(embedOf(fine.message).title).toBe('✅ 정답이에요!');
  });

  it('undoes a grade: the item state comes back, the log row goes, and the session returns to the item', async () => {
    const user = member();
    // First meeting: Good. An hour later the card is due again and is answered Again, then undone.
    let screen = (await act.command(user, 'study')).message;
    screen = (await act.press(user, screen, '정답 보기')).message;
    screen = (await act.press(user, screen, '알맞음')).message;
    await act.press(user, screen, '그만하기');
    clock.advance(60 * 60_000);

    screen = (await act.command(user, 'study')).message;
    expect(embedOf(screen).description).toContain('이미지는 바뀌는가?');
    const sessionId = sessionIdOf(screen);
    const stateBefore = await stateOf(user.id, 'fx-flash');
    expect(stateBefore?.reps).toBe(1);
    screen = (await act.press(user, screen, '정답 보기')).message;
    clock.advance(4_000);
    const graded = await act.press(user, screen, '다시');
    expect(embedOf(graded.message).footer?.text).toContain('방금 답: 다시');
    const logs = await reviewsOf(user.id);
    expect(logs).toHaveLength(2);
    expect((await stateOf(user.id, 'fx-flash'))?.reps).toBe(2);

    const undone = await act.press(user, graded.message, '되돌리기');
    expect(undone.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(undone.message).description).toContain('이미지는 바뀌는가?');
    expect(customIds(undone.message).map(codeOf)).toEqual(['rv', 'en']);
    const { version: _v1, ...restored } = (await stateOf(user.id, 'fx-flash')) ?? {};
    const { version: _v2, ...original } = stateBefore ?? {};
    expect(restored).toEqual(original);
    expect((await reviewsOf(user.id)).map((log) => log.id)).toEqual([logs[0]?.id]);
    expect(await sessionRow(sessionId)).toMatchObject({
      position: 0,
      answered: 0,
      correct: 0,
      timeSpentMs: 0,
      lastReviewId: null,
      finishedAt: null,
      step: { stage: 'question' },
    });
    // Undo is refused once there is nothing left to undo (its button is gone; an old screen is stale).
    const stale = await fake.clickButton({
      user,
      message: graded.message as FakeMessage,
      customId: buttonId(graded.message, '되돌리기'),
      asSeen: true,
    });
    expect(stale.callback.data?.content).toContain('이미 지나갔어요');
  });

  it('ends a session with a summary, Discord timestamps and a button to continue when more is due', async () => {
    const user = member();
    let screen = (await act.command(user, 'study')).message as FakeMessage;
    for (let i = 0; i < 5; i++) screen = await act.answerAny(user, screen);
    let embed = embedOf(screen);
    expect(embed.title).toBe('세션 완료');
    expect(embed.fields?.find((f) => f.name === '답한 항목')?.value).toBe('5');
    const next = embed.fields?.find((f) => f.name === '다음 복습')?.value ?? '';
    expect(next).toMatch(/^<t:\d+:R>$/);
    expect(Number(/\d+/.exec(next)?.[0]) * 1000).toBeGreaterThan(clock.now().getTime());
    // The first button goes on (here: Done); the last answer can still be taken back with the second one, and
    // answering again brings the summary back.
    const summaryLabels = screen.components.flatMap((row) => (row.components ?? []).map((c) => c.label));
    expect(summaryLabels).toEqual(['끝내기', '↩ 마지막 답 되돌리기']);
    const reopened = (await act.press(user, screen, '↩ 마지막 답 되돌리기')).message as FakeMessage;
    expect(embedOf(reopened).footer?.text).toContain('4/5');
    screen = await act.answerAny(user, reopened);
    expect(embedOf(screen).title).toBe('세션 완료');
    expect(embedOf(screen).fields?.find((f) => f.name === '답한 항목')?.value).toBe('5');

    clock.advance(24 * 60 * 60_000);
    screen = (await act.command(user, 'study')).message as FakeMessage;
    expect(embedOf(screen).footer?.text).toContain('0/5');
    screen = await act.answerAny(user, screen);
    const ended = await act.press(user, screen, '그만하기');
    embed = embedOf(ended.message);
    expect(embed.title).toBe('세션을 마쳤어요.');
    expect(embed.fields?.find((f) => f.name === '답한 항목')?.value).toBe('1');
    expect(embed.description).toBe('아직 4개가 남아 있어요.');
    const continued = await act.press(user, ended.message, '계속 복습하기');
    expect(continued.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(continued.message).footer?.text).toContain('0/4');
  });

  it('lists the decks with the member’s progress', async () => {
    const user = member();
    const line = async () =>
      embedOf((await act.command(user, 'decks')).message).fields?.find((f) => f.name.includes('`fixture`'))
        ?.value;
    expect(await line()).toContain('전체 5 · 새 항목 5 · 학습 중 0 · 오늘 복습 0');
    let screen = (await act.command(user, 'study')).message;
    screen = (await act.press(user, screen, '정답 보기')).message;
    screen = (await act.press(user, screen, '다시')).message;
    await act.press(user, screen, letterOf(screen, '커널'));
    expect(await line()).toContain('전체 5 · 새 항목 3 · 학습 중 2 · 오늘 복습 2');
  });

  it('shows and changes /settings, and a bad value changes nothing', async () => {
    const user = member();
    const shown = embedOf((await act.command(user, 'settings')).message);
    const value = (embed: typeof shown, name: string) => embed.fields?.find((f) => f.name === name)?.value;
    expect(value(shown, '하루 새 항목 수')).toBe('20');
    expect(value(shown, '목표 기억률')).toBe('0.90');
    expect(value(shown, '시간대')).toBe('Asia/Seoul');

    const changed = embedOf(
      (
        await act.command(user, 'settings', [
          { type: 4, name: 'daily_new', value: 5 },
          { type: 10, name: 'retention', value: 0.85 },
          { type: 3, name: 'timezone', value: 'Europe/Berlin' },
        ])
      ).message,
    );
    expect(changed.description).toBe('설정을 저장했어요.');
    expect([
      value(changed, '하루 새 항목 수'),
      value(changed, '목표 기억률'),
      value(changed, '시간대'),
    ]).toEqual(['5', '0.85', 'Europe/Berlin']);

    const bad = await act.command(user, 'settings', [
      { type: 4, name: 'daily_new', value: 7 },
      { type: 3, name: 'timezone', value: 'Mars/Olympus_Mons' },
    ]);
    expect(isEphemeral(bad.message)).toBe(true);
    expect(bad.message?.content).toContain('`Mars/Olympus_Mons`는 알 수 없는 시간대예요');
    const badRetention = await act.command(user, 'settings', [{ type: 10, name: 'retention', value: 0.5 }]);
    expect(badRetention.message?.content).toContain('0.70에서 0.97 사이');
    expect(await userRow(user.id)).toMatchObject({
      dailyNewLimit: 5,
      targetRetention: 0.85,
      timezone: 'Europe/Berlin',
    });
  });

  it('serves at most the daily new-item limit', async () => {
    const user = member();
    await act.command(user, 'settings', [{ type: 4, name: 'daily_new', value: 2 }]);
    let screen = (await act.command(user, 'study')).message as FakeMessage;
    expect(embedOf(screen).footer?.text).toContain('0/2');
    expect((await sessionRow(sessionIdOf(screen)))?.queue).toEqual(['fx-flash', 'fx-choice']);
    screen = await act.answerAny(user, screen);
    screen = await act.answerAny(user, screen);
    expect(embedOf(screen).title).toBe('세션 완료');
    const empty = await act.command(user, 'study');
    expect(empty.message?.content).toContain('오늘의 새 항목 한도(2개)를 다 채웠어요.');
    expect(empty.message?.content).toMatch(/다음 복습: <t:\d+:R>/);
    expect(await reviewsOf(user.id)).toHaveLength(2);
  });

  it('refuses an unknown deck name and starts nothing', async () => {
    const user = member();
    const refused = await act.command(user, 'study', [{ type: 3, name: 'deck', value: 'no-such-deck' }]);
    expect(isEphemeral(refused.message)).toBe(true);
    expect(refused.message?.content).toBe('`no-such-deck`라는 덱은 없어요. `/decks`로 목록을 확인하세요.');
    expect(refused.message?.components).toEqual([]);
    expect(await database.db.select().from(studySessions).where(eq(studySessions.userId, user.id))).toEqual(
      [],
    );
  });

  it('keeps a session across a restart: the old message’s buttons still work, stale ones say so', async () => {
    const user = member();
    const first = (await act.command(user, 'study')).message as FakeMessage;
    const revealed = (await act.press(user, first, '정답 보기')).message as FakeMessage;
    await bot.stop();
    bot = await startTestBot(fake, database, { clock: clock.now });
    expect(fake.commandPuts).toBe(2); // global and the server, once: the restart republished nothing

    const graded = await act.press(user, revealed, '알맞음');
    expect(graded.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(graded.message).footer?.text).toContain('1/5');
    expect(await reviewsOf(user.id)).toHaveLength(1);
    const stale = await fake.clickButton({
      user,
      message: first,
      customId: buttonId(first, '정답 보기'),
      asSeen: true,
    });
    expect(stale.callback.data?.content).toBe(
      '이 화면은 이미 지나갔어요. 가장 최근 메시지의 버튼을 눌러 주세요.',
    );

    // A new /study ends the old session: its buttons now say so instead of answering twice.
    await act.command(user, 'study');
    const moved = await act.press(user, graded.message, /^bk:1:ch:/);
    expect(moved.callback.data?.content).toBe('이 세션은 끝났어요. `/study`로 새 세션을 시작하세요.');
    expect(await reviewsOf(user.id)).toHaveLength(1);
  });

  it('skips an item retired while a session was open, and never serves it again', async () => {
    const user = member();
    let screen = (await act.command(user, 'study')).message;
    screen = (await act.press(user, screen, '정답 보기')).message;
    const choice = (await act.press(user, screen, '알맞음')).message as FakeMessage;
    expect(embedOf(choice).author?.name).toContain('객관식');

    contentCopy = await mkdtemp(path.join(tmpdir(), 'boksup-content-'));
    await cp(FIXTURE_CONTENT_DIR, contentCopy, { recursive: true });
    const deckFile = path.join(contentCopy, 'fixture.yaml');
    const deck = parse(await readFile(deckFile, 'utf8')) as { items: { id: string }[] };
    deck.items = deck.items.filter((item) => item.id !== 'fx-choice');
    await writeFile(deckFile, stringify(deck));
    await bot.stop();
    bot = await startTestBot(fake, database, {
      clock: clock.now,
      configOverrides: { CONTENT_DIR: contentCopy },
    });

    const skipped = await act.press(user, choice, /^bk:1:ch:/);
    expect(skipped.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(skipped.message).author?.name).toContain('상황 문제');
    expect(embedOf(skipped.message).footer?.text).toContain('더 이상 제공되지 않는 항목은 건너뛰었어요.');

    const fresh = member();
    let next = (await act.command(fresh, 'study')).message as FakeMessage;
    expect(embedOf(next).footer?.text).toContain('0/4');
    for (let i = 0; i < 4; i++) next = await act.answerAny(fresh, next);
    expect(embedOf(next).title).toBe('세션 완료');
    for (const who of [user, fresh])
      expect((await reviewsOf(who.id)).map((log) => log.itemId)).not.toContain('fx-choice');
    const decks = embedOf((await act.command(fresh, 'decks')).message);
    expect(decks.fields?.[0]?.value).toContain('전체 4 ·');
  });

  // Every test, on its own: the bot sent Discord nothing it would refuse.
  afterEach(() => expectNothingRejected(fake));
});

describe.each(testDrivers)('two bot processes on one %s database', (driverName) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let secondHandle: DatabaseHandle | undefined;
  const bots: RunningBot[] = [];
  const clock = movableClock(new Date('2026-03-02T01:00:00Z'));

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID, name: 'study group' }] });
    database = await createTestDatabase(driverName);
    // Each bot has its own pool, as two processes would.
    secondHandle = await openDatabase({ url: database.url });
    bots.push(await startTestBot(fake, database, { clock: clock.now }));
    bots.push(await startTestBot(fake, secondHandle, { clock: clock.now }));
    await fake.waitForReady(2);
  });
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    await secondHandle?.close();
    await database?.destroy();
    await fake?.close();
  });

  it('answers every interaction of a stream exactly once, and records one review per answer', async () => {
    expect(fake.gatewayConnections()).toBe(2);
    expect(fake.commandPuts).toBe(2); // global and the server, by one of the two processes
    const seen: string[] = [];
    const act = driver(fake, seen);
    const members = Array.from({ length: 4 }, () => member());
    // Members study at the same time; each member's clicks follow one another, as a person's do.
    await Promise.all(
      members.map(async (user) => {
        await act.command(user, 'decks');
        let screen = (await act.command(user, 'study')).message as FakeMessage;
        for (let i = 0; i < 5; i++) screen = await act.answerAny(user, screen);
        expect(embedOf(screen).title).toBe('세션 완료');
        await act.command(user, 'settings');
      }),
    );
    expect(seen.length).toBeGreaterThanOrEqual(30);
    for (const id of seen) {
      const callbacks = fake.callbacksFor(id);
      expect(
        callbacks.filter((c) => c.status < 300),
        `interaction ${id}`,
      ).toHaveLength(1);
      expect(
        callbacks.filter((c) => c.status >= 400),
        `interaction ${id}`,
      ).toEqual([]);
    }
    const claims = await database.db.select().from(interactionClaims);
    expect(claims.filter((claim) => seen.includes(claim.interactionId))).toHaveLength(seen.length);
    // Which process wins each claim is a race (both usually win some); every claim names one of the two.
    const instances = bots.map((bot) => bot.deps.instanceId);
    for (const claim of claims) expect(instances).toContain(claim.claimedBy);
    for (const user of members) {
      const logs = await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, user.id));
      expect(logs.map((log) => log.itemId).sort()).toEqual(
        ['fx-choice', 'fx-cloze', 'fx-flash', 'fx-order', 'fx-scenario'].sort(),
      );
    }
  });

  // Every test, on its own: the bot sent Discord nothing it would refuse.
  afterEach(() => expectNothingRejected(fake));
});
