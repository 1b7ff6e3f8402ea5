import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactionClaims } from '../../src/db/schema/index.js';
import {
  type BotSuite,
  buttonId,
  embedOf,
  GUILD_ID,
  letterOf,
  movableClock,
  startBotSuite,
} from '../support/bot-harness.js';
import { type TestDatabase, testDrivers } from '../support/database.js';
import type { FakeDiscord } from '../support/fake-discord/index.js';
import { countSessionReviews } from '../support/rows.js';

const alice = { id: '100000000000000001', username: 'alice', locale: 'ko' };
const bob = { id: '100000000000000002', username: 'bob', locale: 'en-US' };

describe.each(testDrivers)('studying on %s', (driver) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let suite: BotSuite;
  const clock = movableClock(new Date('2026-03-02T01:00:00Z'));

  beforeAll(async () => {
    suite = await startBotSuite(driver, { clock: clock.now });
    ({ fake, database } = suite);
  });
  afterAll(async () => {
    await suite?.stop();
  });

  it('registers the commands once, with Korean names', async () => {
    const registered = fake.registeredCommands({ guildId: GUILD_ID }) as {
      name: string;
      name_localizations?: { ko?: string };
    }[];
    expect(registered.map((command) => command.name)).toEqual(
      expect.arrayContaining(['study', 'decks', 'settings']),
    );
    expect(registered.find((command) => command.name === 'study')?.name_localizations?.ko).toBe('복습');
    expect(fake.commandPuts).toBe(1);
  });

  it('runs a flashcard review: show answer, then a grade labelled with its interval', async () => {
    const started = await fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'study' });
    expect(started.callback.type).toBe(4);
    const first = started.message;
    expect(embedOf(first).description).toContain('이미지는 바뀌는가?');
    expect(embedOf(first).footer?.text).toContain('0/5');

    clock.advance(5_000);
    const revealed = await fake.clickButton({
      user: alice,
      message: first!,
      customId: buttonId(first, '정답 보기'),
    });
    expect(revealed.callback.type).toBe(7);
    const fields = embedOf(revealed.message).fields ?? [];
    expect(fields.map((field) => field.name)).toEqual(expect.arrayContaining(['정답', '설명', '출처']));
    expect(fields.find((field) => field.name === '출처')?.value).toBe('기초');
    const goodLabel = buttonId(revealed.message, '알맞음');
    expect(goodLabel).toMatch(/^bk:1:gr:\d+:\d+:3$/);

    clock.advance(3_000);
    const graded = await fake.clickButton({ user: alice, message: revealed.message!, customId: goodLabel });
    expect(graded.callback.type).toBe(7);
    expect(embedOf(graded.message).footer?.text).toContain('1/5');
    expect(embedOf(graded.message).footer?.text).toContain('방금 답: 알맞음');
  });

  it('answers a multiple-choice question wrong with the reason for the option picked', async () => {
    const before = (
      await fake.sendCommand({
        user: bob,
        guildId: GUILD_ID,
        name: 'study',
        options: [{ type: 3, name: 'deck', value: 'fixture' }],
      })
    ).message;
    // Bob's session starts at the flashcard: grade it to reach the multiple-choice question.
    const revealed = (
      await fake.clickButton({ user: bob, message: before!, customId: buttonId(before, 'Show answer') })
    ).message;
    const question = (
      await fake.clickButton({ user: bob, message: revealed!, customId: buttonId(revealed, 'Good') })
    ).message;
    expect(embedOf(question).description).toContain('What does a container share with its host?');
    const wrongLetter = letterOf(question, 'A guest OS');
    const answered = await fake.clickButton({
      user: bob,
      message: question!,
      customId: buttonId(question, wrongLetter),
    });
    const embed = embedOf(answered.message);
    expect(embed.title).toContain('Not quite');
    expect(embed.fields?.find((field) => field.name === 'Your choice')?.value).toContain(
      'Containers have no guest OS.',
    );
    expect(embed.fields?.find((field) => field.name === 'Right answer')?.value).toContain('The kernel');
  });

  it("refuses a double click and another user's click, and records one answer", async () => {
    const message = (await fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'study' })).message;
    const optionId = buttonId(message, 'A');
    const first = await fake.clickButton({ user: alice, message: message!, customId: optionId });
    expect(first.callback.type).toBe(7);
    const second = await fake.clickButton({
      user: alice,
      message: message!,
      customId: optionId,
      asSeen: true,
    });
    expect(second.callback.type).toBe(4);
    expect(second.callback.data?.content).toContain('이미 지나갔어요');
    const stranger = await fake.clickButton({
      user: bob,
      message: first.message!,
      customId: buttonId(first.message, '다음'),
    });
    expect(stranger.callback.data?.content).toContain("someone else's");
    const sessionId = Number(optionId.split(':')[3]);
    expect(await countSessionReviews(database.db, sessionId)).toBe(1);
  });

  /** The decks message with one button the bot never drew, clicked as the member holds it. */
  async function clickForeignButton(customId: string) {
    const message = (await fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'decks' })).message;
    expect(embedOf(message).title).toBe('덱 목록');
    return fake.clickButton({
      user: alice,
      message: {
        ...message!,
        components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: customId, label: 'x' }] }],
      } as never,
      customId,
      asSeen: true,
    });
  }

  it('answers a malformed custom_id of its own namespace politely', async () => {
    const outcome = await clickForeignButton('bk:1:gr:nonsense');
    expect(outcome.callback.type).toBe(4);
    expect(outcome.callback.data?.content).toContain('알아볼 수 없어요');
  });

  it('leaves an id of a namespace it does not know unclaimed, for a newer release beside it', async () => {
    const claims = async () => (await database.db.select().from(interactionClaims)).length;
    const before = await claims();
    // The decks command itself is claimed; the click that follows is not, and gets no answer from this release.
    await expect(clickForeignButton('bk:9:nonsense')).rejects.toThrow(/no accepted callback/);
    expect(await claims()).toBe(before + 1);
  });

  it('sends nothing that Discord would reject', () => {
    expect(fake.validationErrors).toEqual([]);
  });
});
