import { InteractionResponseType } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { expectNothingRejected } from '../support/nothing-rejected.js';
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

  it('registers the commands once, with Korean names: personal ones globally, group ones in the server', async () => {
    type Registered = { name: string; name_localizations?: { ko?: string }; integration_types?: number[] };
    const global = fake.registeredCommands() as Registered[];
    const inServer = fake.registeredCommands({ guildId: GUILD_ID }) as Registered[];
    expect(global.map((command) => command.name).sort()).toEqual(
      ['decks', 'remind', 'settings', 'stats', 'study'].sort(),
    );
    expect(inServer.map((command) => command.name).sort()).toEqual(['admin', 'deck', 'leaderboard', 'quiz']);
    // A server's commands exist only there: studying in DMs and through a member's own install needs global ones.
    expect(global.every((command) => command.integration_types?.includes(1))).toBe(true);
    expect(inServer.every((command) => command.integration_types?.includes(1) !== true)).toBe(true);
    expect(global.find((command) => command.name === 'study')?.name_localizations?.ko).toBe('복습');
    expect(fake.commandPuts).toBe(2);
  });

  it('runs a flashcard review: show answer, then a grade labelled with its interval', async () => {
    const started = await fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'study' });
    expect(started.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const first = started.message;
    expect(embedOf(first).description).toContain('이미지는 바뀌는가?');
    expect(embedOf(first).footer?.text).toContain('0/5');

    clock.advance(5_000);
    const revealed = await fake.clickButton({
      user: alice,
      message: first!,
      customId: buttonId(first, '정답 보기'),
    });
    expect(revealed.callback.type).toBe(InteractionResponseType.UpdateMessage);
    const fields = embedOf(revealed.message).fields ?? [];
    expect(fields.map((field) => field.name)).toEqual(expect.arrayContaining(['정답', '설명', '출처']));
    expect(fields.find((field) => field.name === '출처')?.value).toBe('기초');
    const goodLabel = buttonId(revealed.message, '알맞음');
    expect(goodLabel).toMatch(/^bk:1:gr:\d+:\d+:3$/);

    clock.advance(3_000);
    const graded = await fake.clickButton({ user: alice, message: revealed.message!, customId: goodLabel });
    expect(graded.callback.type).toBe(InteractionResponseType.UpdateMessage);
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
    const carol = { id: '100000000000000003', username: 'carol', locale: 'ko' };
    const message = (await fake.sendCommand({ user: carol, guildId: GUILD_ID, name: 'study' })).message;
    const revealed = (
      await fake.clickButton({ user: carol, message: message!, customId: buttonId(message, '정답 보기') })
    ).message;
    const gradeId = buttonId(revealed, '알맞음');
    const first = await fake.clickButton({ user: carol, message: revealed!, customId: gradeId });
    expect(first.callback.type).toBe(InteractionResponseType.UpdateMessage);
    const second = await fake.clickButton({
      user: carol,
      message: revealed!,
      customId: gradeId,
      asSeen: true,
    });
    expect(second.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(second.callback.data?.content).toContain('이미 지나갔어요');
    const stranger = await fake.clickButton({
      user: bob,
      message: first.message!,
      customId: buttonId(first.message, 'A'),
    });
    expect(stranger.callback.data?.content).toContain("someone else's");
    const sessionId = Number(gradeId.split(':')[3]);
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
    expect(outcome.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(outcome.callback.data?.content).toContain('알아볼 수 없어요');
  });

  it('leaves an id of a namespace it does not know unclaimed, for a newer release beside it', async () => {
    const claims = async () => (await database.db.select().from(interactionClaims)).length;
    const before = await claims();
    // The decks command itself is claimed; the click that follows is not, and gets no answer from this release.
    await expect(clickForeignButton('bk:9:nonsense')).rejects.toThrow(/no accepted callback/);
    expect(await claims()).toBe(before + 1);
  });

  // Every test, on its own: the bot sent Discord nothing it would refuse.
  afterEach(() => expectNothingRejected(fake));
});
