// A button's custom_id is only text. A press is an answer to a quiz only when it comes from that quiz's own
// question message, in its server and channel; a refused press never replaces the screen it was made on.
import { InteractionResponseType } from 'discord.js';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app.js';
import { guildMembers, quizAnswers, reviewLogs } from '../../src/db/schema/index.js';
import { t } from '../../src/i18n/messages.js';
import { buttonId, embedOf, GUILD_ID, movableClock, startTestBot } from '../support/bot-harness.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import {
  type FakeDiscord,
  type FakeMessage,
  isEphemeral,
  snowflake,
  startFakeDiscord,
  waitFor,
} from '../support/fake-discord/index.js';

const OTHER_GUILD = '900000000000000077';
const alice = { id: '100000000000000031', username: 'alice', locale: 'ko' };
const mallory = { id: '100000000000000039', username: 'mallory', locale: 'ko' };

describe.each(testDrivers)('quiz presses from elsewhere on %s', (driver) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let bot: RunningBot;
  const clock = movableClock(new Date('2026-03-02T01:00:00Z'));

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }, { id: OTHER_GUILD }] });
    database = await createTestDatabase(driver);
    bot = await startTestBot(fake, database, { clock: clock.now });
  });
  afterAll(async () => {
    await bot?.stop();
    await database?.destroy();
    await fake?.close();
  });

  const answersStored = async () => (await database.db.select({ n: count() }).from(quizAnswers))[0]?.n;

  it('records nothing for a press from another server or another message, and still takes the real one', async () => {
    await fake.sendCommand({
      user: alice,
      guildId: GUILD_ID,
      name: 'quiz',
      options: [{ type: 4, name: 'questions', value: 1 }],
    });
    const channelId = fake.guildChannelId(GUILD_ID);
    const question = (await waitFor(
      () => fake.channelMessages(channelId).find((m) => embedOf(m).title === '퀴즈 1/1'),
      3000,
      'the question',
    )) as FakeMessage;
    const customId = buttonId(question, 'A');
    clock.advance(2000);

    // The same button on a message in another server (its channel belongs to OTHER_GUILD).
    const elsewhere = { ...question, id: snowflake(), channel_id: fake.guildChannelId(OTHER_GUILD) };
    // The same button on another message of the quiz's own channel.
    const copied = { ...question, id: snowflake() };
    for (const message of [elsewhere, copied]) {
      const press = await fake.clickButton({ user: mallory, message, customId, asSeen: true });
      expect(press.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(isEphemeral(press.message)).toBe(true);
      expect(press.message?.content).toBe(t('ko', 'quiz.missing'));
    }
    expect(await answersStored()).toBe(0);
    expect(
      (await database.db.select({ n: count() }).from(reviewLogs).where(eq(reviewLogs.userId, mallory.id)))[0]
        ?.n,
    ).toBe(0);
    expect(await database.db.select().from(guildMembers).where(eq(guildMembers.userId, mallory.id))).toEqual(
      [],
    );

    const real = await fake.clickButton({ user: alice, message: question, customId, asSeen: true });
    expect(isEphemeral(real.message)).toBe(true);
    expect(real.message?.content).not.toBe(t('ko', 'quiz.missing'));
    expect(await answersStored()).toBe(1);
  });

  it('answers a refused Start button in a new private message and leaves the study screen as it was', async () => {
    const screen = (await fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'study' })).message;
    expect(isEphemeral(screen)).toBe(true);
    const before = fake.message(screen?.id ?? '');
    // A start button for a deck that is gone (removed from the files since the button was drawn).
    const customId = 'bk:1:st:gone-deck';
    const withStart = {
      ...(screen as FakeMessage),
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: customId, label: 'start' }] }],
    } as FakeMessage;
    const press = await fake.clickButton({ user: alice, message: withStart, customId, asSeen: true });
    expect(press.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(press.message)).toBe(true);
    expect(press.message?.id).not.toBe(screen?.id);
    expect(press.message?.content).toContain('gone-deck');
    expect(fake.message(screen?.id ?? '')).toEqual(before);
  });
});
