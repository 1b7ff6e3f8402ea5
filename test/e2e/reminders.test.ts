import { InteractionResponseType } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app.js';
import { findReminder } from '../../src/db/repositories/reminders.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { itemStates } from '../../src/db/schema/index.js';
import { MEMORY_STATE } from '../../src/domain/memory.js';
import {
  type BotSuite,
  buttonId,
  embedOf,
  GUILD_ID,
  movableClock,
  startBotSuite,
} from '../support/bot-harness.js';
import { type TestDatabase, testDrivers } from '../support/database.js';
import { ADMIN_PERMISSIONS, type FakeDiscord, isEphemeral } from '../support/fake-discord/index.js';
import { expectNothingRejected } from '../support/nothing-rejected.js';

const alice = { id: '110000000000000001', username: 'alice', locale: 'ko' };
const bob = { id: '110000000000000002', username: 'bob', locale: 'en-US' };
const carol = { id: '110000000000000003', username: 'carol', locale: 'ko' };
const admin = { id: '110000000000000009', username: 'admin', locale: 'ko' };

const remindSet = (time: string, extra: { timezone?: string; where?: string } = {}) => [
  {
    type: 1,
    name: 'set',
    options: [
      { type: 3, name: 'time', value: time },
      ...(extra.timezone ? [{ type: 3, name: 'timezone', value: extra.timezone }] : []),
      ...(extra.where ? [{ type: 3, name: 'where', value: extra.where }] : []),
    ],
  },
];

describe.each(testDrivers)('daily reminders end to end on %s', (driver) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let bot: RunningBot;
  let suite: BotSuite;
  // 20:00 in Seoul on 2026-04-01.
  const clock = movableClock(new Date('2026-04-01T11:00:00Z'));

  beforeAll(async () => {
    suite = await startBotSuite(driver, { clock: clock.now });
    ({ fake, database, bot } = suite);
  });
  afterAll(async () => {
    await suite?.stop();
  });

  async function giveDueItem(userId: string) {
    await database.db.insert(itemStates).values({
      userId,
      itemId: 'fx-flash',
      due: new Date('2026-03-30T00:00:00Z'),
      stability: 3,
      difficulty: 5,
      elapsedDays: 3,
      scheduledDays: 3,
      learningSteps: 0,
      reps: 2,
      lapses: 0,
      state: MEMORY_STATE.review,
      lastReview: new Date('2026-03-27T00:00:00Z'),
    });
  }

  it('registers /remind with Korean names', () => {
    const registered = fake.registeredCommands() as {
      name: string;
      name_localizations?: { ko?: string };
      options?: { name: string; name_localizations?: { ko?: string } }[];
    }[];
    const remind = registered.find((command) => command.name === 'remind');
    expect(remind?.name_localizations?.ko).toBe('알림');
    expect(remind?.options?.map((option) => option.name_localizations?.ko)).toEqual(['설정', '끄기', '보기']);
  });

  it('refuses an impossible time or an unknown zone and stores nothing', async () => {
    const badTime = await fake.sendCommand({ user: alice, name: 'remind', options: remindSet('25:00') });
    expect(badTime.callback.data?.content).toContain('`25:00`는 올바른 시각이 아니에요');
    expect(Number(badTime.callback.data?.flags) & 64).toBe(64);
    const badZone = await fake.sendCommand({
      user: alice,
      name: 'remind',
      options: remindSet('09:00', { timezone: 'Mars/Base' }),
    });
    expect(badZone.callback.data?.content).toContain('`Mars/Base`는 알 수 없는 시간대예요');
    expect(await findReminder(database.db, alice.id)).toBeNull();
  });

  it('offers time zones as the member types', async () => {
    // The router answers autocomplete through the same command; the suggestion list is shared with /settings.
    const { suggestTimeZones } = await import('../../src/discord/commands/settings.js');
    expect(suggestTimeZones('seo').map((choice) => choice.value)).toContain('Asia/Seoul');
  });

  it('sets a reminder, sends it by DM at 09:00 and its button opens a review', async () => {
    const set = await fake.sendCommand({ user: alice, name: 'remind', options: remindSet('09:00') });
    const embed = embedOf(set.message);
    expect(embed.title).toBe('알림을 설정했어요');
    expect(embed.fields?.find((field) => field.name === '시간대')?.value).toBe('Asia/Seoul');
    const stored = await findReminder(database.db, alice.id);
    expect(stored?.nextFireAt.toISOString()).toBe('2026-04-02T00:00:00.000Z');

    await giveDueItem(alice.id);
    clock.set(new Date('2026-04-01T23:59:00Z'));
    expect((await bot.runReminderTick(clock.now())).sent).toBe(0);
    clock.set(new Date('2026-04-02T00:00:00Z'));
    expect((await bot.runReminderTick(clock.now())).sent).toBe(1);
    expect((await bot.runReminderTick(clock.now())).sent).toBe(0);

    const dms = fake.dmMessages(alice.id);
    expect(dms).toHaveLength(1);
    const reminder = dms[0];
    expect(embedOf(reminder).title).toContain('복습할 시간이에요');
    expect(embedOf(reminder).description).toContain('**1개**');
    const started = await fake.clickButton({
      user: alice,
      message: reminder!,
      customId: buttonId(reminder, '복습 시작'),
    });
    // In the member's DM the review continues in the reminder message itself.
    expect(started.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(started.message?.id).toBe(reminder?.id);
    expect(isEphemeral(started.message)).toBe(false);
    expect(embedOf(started.message).description).toContain('이미지는 바뀌는가?');
    expect(fake.dmMessages(alice.id)).toHaveLength(1);
  });

  it('a refused DM goes to the reminder channel an admin chose, mentioning the member', async () => {
    const channelId = fake.guildChannelId(GUILD_ID);
    const configured = await fake.sendCommand({
      user: admin,
      memberPermissions: ADMIN_PERMISSIONS,
      name: 'admin',
      options: [
        { type: 1, name: 'reminder-channel', options: [{ type: 7, name: 'channel', value: channelId }] },
      ],
      resolved: {
        channels: {
          [channelId]: { id: channelId, type: 0, name: 'general', permissions: ADMIN_PERMISSIONS },
        },
      },
    });
    expect(embedOf(configured.message).title).toBe('서버 설정');

    clock.set(new Date('2026-04-02T01:00:00Z'));
    await fake.sendCommand({ user: bob, name: 'remind', options: remindSet('21:00') });
    await giveDueItem(bob.id);
    fake.refuseDmsFrom(bob.id);
    clock.set(new Date('2026-04-02T12:00:00Z'));
    const report = await bot.runReminderTick(clock.now());
    expect(report).toMatchObject({ fellBack: 1, paused: 0 });
    const posted = fake.channelMessages(channelId).filter((message) => message.content === `<@${bob.id}>`);
    expect(posted).toHaveLength(1);
    expect(embedOf(posted[0]).title).toContain('복습할 시간이에요');
    expect(fake.dmMessages(bob.id)).toHaveLength(0);
    const request = fake.requests.find(
      (r) => r.path === `/channels/${channelId}/messages` && JSON.stringify(r.body).includes(bob.id),
    );
    expect((request?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions).toEqual({
      parse: [],
      users: [bob.id],
    });
  });

  it('without a reminder channel a refused DM pauses the reminder and tells the member once', async () => {
    // The admin turns the server's reminder channel off again: nowhere to fall back to.
    await fake.sendCommand({
      user: admin,
      memberPermissions: ADMIN_PERMISSIONS,
      name: 'admin',
      options: [{ type: 1, name: 'reminder-channel' }],
    });
    clock.set(new Date('2026-04-02T01:00:00Z'));
    await fake.sendCommand({ user: carol, name: 'remind', options: remindSet('21:00') });
    await giveDueItem(carol.id);
    fake.refuseDmsFrom(carol.id);
    clock.set(new Date('2026-04-02T12:00:00Z'));
    expect(await bot.runReminderTick(clock.now())).toMatchObject({ paused: 1 });
    expect((await findReminder(database.db, carol.id))?.paused).toBe(true);

    const shown = await fake.sendCommand({
      user: carol,
      name: 'remind',
      options: [{ type: 1, name: 'show' }],
    });
    expect(embedOf(shown.message).fields?.find((field) => field.name === '상태')?.value).toContain(
      '일시 중지됨',
    );
    const notices = await waitForFollowUps(shown.interactionId);
    expect(notices.map((message) => message.content).join('\n')).toContain('DM을 받을 수 없어서');
    const again = await fake.sendCommand({
      user: carol,
      name: 'remind',
      options: [{ type: 1, name: 'show' }],
    });
    expect(fake.followUps(again.interactionId)).toHaveLength(0);
    expect((await findOrCreateUser(database.db, carol.id)).pendingNotice).toBeNull();

    // `/remind set` again turns it back on.
    await fake.sendCommand({ user: carol, name: 'remind', options: remindSet('21:00') });
    expect((await findReminder(database.db, carol.id))?.paused).toBe(false);
  });

  it('turns the reminder off', async () => {
    await fake.sendCommand({ user: alice, name: 'remind', options: remindSet('07:30') });
    expect(await findReminder(database.db, alice.id)).not.toBeNull();
    const off = await fake.sendCommand({ user: alice, name: 'remind', options: [{ type: 1, name: 'off' }] });
    expect(off.callback.data?.content).toBe('복습 알림을 껐어요.');
    expect(await findReminder(database.db, alice.id)).toBeNull();
  });

  // Every test, on its own: the bot sent Discord nothing it would refuse.
  afterEach(() => expectNothingRejected(fake));

  async function waitForFollowUps(interactionId: string) {
    for (let i = 0; i < 100; i += 1) {
      const found = fake.followUps(interactionId);
      if (found.length > 0) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return [];
  }
});
