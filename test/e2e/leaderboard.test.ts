import { InteractionResponseType, REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import { createWeeklyBoardPoster } from '../../src/discord/ports.js';
import { runWeeklyLeaderboardTick } from '../../src/services/weekly-leaderboard.js';
import {
  buttonId,
  embedOf,
  GUILD_ID,
  movableClock,
  startFakeDiscord,
  startTestBot,
} from '../support/bot-harness.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import {
  ADMIN_PERMISSIONS,
  type FakeDiscord,
  type FakeUser,
  MEMBER_PERMISSIONS,
  waitFor,
} from '../support/fake-discord/index.js';
import { expectNothingRejected } from '../support/nothing-rejected.js';

const alice = { id: '100000000000000011', username: 'alice', locale: 'ko' };
const bob = { id: '100000000000000012', username: 'bob', locale: 'en-US' };
const carol = { id: '100000000000000013', username: 'carol', locale: 'ko' };
const admin = { id: '100000000000000019', username: 'admin', locale: 'ko' };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const userObject = (user: FakeUser) => ({
  id: user.id,
  username: user.username,
  discriminator: '0',
  global_name: null,
  avatar: null,
  public_flags: 0,
});

describe.each(testDrivers)('leaderboards and stats on %s', (driver) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let secondHandle: DatabaseHandle | undefined;
  let bot: RunningBot;
  let replica: RunningBot;
  // Tuesday 2026-11-24, 10:00 in Seoul (the bot's default zone in tests).
  const clock = movableClock(new Date('2026-11-24T01:00:00Z'));

  /** Starts a session and answers its first card (a new flashcard) Good: 10 XP. */
  async function studyOneCard(user: FakeUser, labels: { reveal: string; good: string }) {
    const started = (await fake.sendCommand({ user, guildId: GUILD_ID, name: 'study' })).message;
    clock.advance(4_000);
    const revealed = (
      await fake.clickButton({ user, message: started!, customId: buttonId(started, labels.reveal) })
    ).message;
    clock.advance(3_000);
    await fake.clickButton({ user, message: revealed!, customId: buttonId(revealed, labels.good) });
  }

  /** The deferred /stats reply once the card is attached. */
  const cardOf = (interactionId: string) =>
    waitFor(() => {
      const message = fake.originalMessage(interactionId);
      return message?.attachments.length ? message : undefined;
    }, 5000);

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID, name: 'study group' }] });
    database = await createTestDatabase(driver);
    bot = await startTestBot(fake, database, { clock: clock.now });
    // A second replica with its own connections.
    secondHandle = await openDatabase({ url: database.url, maxConnections: 3 });
    replica = await startTestBot(fake, secondHandle, { clock: clock.now });
    await fake.waitForReady(2);

    await studyOneCard(alice, { reveal: '정답 보기', good: '알맞음' });
    await studyOneCard(bob, { reveal: 'Show answer', good: 'Good' });
    await studyOneCard(carol, { reveal: '정답 보기', good: '알맞음' });
  });
  afterAll(async () => {
    await replica?.stop();
    await bot?.stop();
    await secondHandle?.close();
    await database?.destroy();
    await fake?.close();
  });

  it("shows this week's board in the channel, with the caller's rank, in the caller's language", async () => {
    const outcome = await fake.sendCommand({ user: bob, guildId: GUILD_ID, name: 'leaderboard' });
    expect(outcome.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect((outcome.message?.flags ?? 0) & 64).toBe(0); // visible to the channel
    const embed = embedOf(outcome.message);
    expect(embed.title).toContain('This week');
    const lines = (embed.description ?? '').split('\n').filter((line) => line.includes('<@'));
    expect(lines[0]).toContain(`<@${alice.id}>`);
    // Everyone has 10 XP from one answer: whoever got there first leads.
    expect(lines[0]).toContain('10 XP');
    expect(lines[1]).toContain(`<@${bob.id}>`);
    expect(lines).toHaveLength(3);
    expect(embed.fields?.[0]?.name).toBe('Your rank');
    expect(embed.fields?.[0]?.value).toMatch(/\*\*#2\*\* of 3/);
    expect(embed.description).toContain('2026-11-23 – 2026-11-29 (Asia/Seoul)');

    const korean = embedOf(
      (
        await fake.sendCommand({
          user: alice,
          guildId: GUILD_ID,
          name: 'leaderboard',
          options: [
            { type: 3, name: 'period', value: 'all' },
            { type: 3, name: 'by', value: 'streak' },
          ],
        })
      ).message,
    );
    expect(korean.title).toContain('전체 기간');
    expect(korean.description).toContain('1일 연속');
    expect(korean.fields?.[0]?.value).toContain('3명 중');
  });

  it('leaves out a member who opted out, and tells them', async () => {
    await fake.sendCommand({
      user: carol,
      guildId: GUILD_ID,
      name: 'settings',
      options: [{ type: 5, name: 'leaderboard', value: false }],
    });
    const embed = embedOf(
      (await fake.sendCommand({ user: carol, guildId: GUILD_ID, name: 'leaderboard' })).message,
    );
    expect(embed.description).not.toContain(carol.id);
    expect(embed.description).toContain(`<@${alice.id}>`);
    expect(embed.fields?.[0]?.value).toContain('숨겼어요');
  });

  it('refuses the admin command to a member without Manage Server, even when Discord shows it', async () => {
    const registered = fake
      .registeredCommands({ guildId: GUILD_ID })
      .find((command) => command.name === 'admin');
    expect(String(registered?.default_member_permissions)).toBe('32'); // ManageGuild: hidden from members
    const refused = await fake.sendCommand({
      user: carol,
      guildId: GUILD_ID,
      name: 'admin',
      memberPermissions: MEMBER_PERMISSIONS,
      options: [{ type: 1, name: 'show' }],
    });
    expect(refused.callback.data?.content).toContain('서버 관리 권한');
    expect((refused.message?.flags ?? 0) & 64).toBe(64);
  });

  it("posts last week's board once on Monday morning with two replicas ticking", async () => {
    const channelId = fake.guildChannelId(GUILD_ID);
    const saved = await fake.sendCommand({
      user: admin,
      guildId: GUILD_ID,
      name: 'admin',
      memberPermissions: ADMIN_PERMISSIONS,
      options: [
        { type: 1, name: 'leaderboard-channel', options: [{ type: 7, name: 'channel', value: channelId }] },
      ],
      resolved: {
        channels: {
          [channelId]: { id: channelId, type: 0, name: 'general', permissions: ADMIN_PERMISSIONS },
        },
      },
    });
    expect(embedOf(saved.message).fields?.[1]?.value).toBe(`<#${channelId}>`);
    const before = fake.channelMessages(channelId).length;

    const monday = new Date('2026-11-30T00:05:00Z'); // Monday 09:05 in Seoul
    clock.set(monday);
    const posters = [bot, replica].map(() =>
      createWeeklyBoardPoster(new REST({ api: fake.apiUrl }).setToken(fake.token)),
    );
    const reports = await Promise.all([
      runWeeklyLeaderboardTick(bot.deps, posters[0]!, monday),
      runWeeklyLeaderboardTick(replica.deps, posters[1]!, monday),
    ]);
    await runWeeklyLeaderboardTick(replica.deps, posters[1]!, new Date(monday.getTime() + 5 * 60_000));
    expect(reports.flatMap((report) => report.posted)).toEqual([GUILD_ID]);
    const posts = fake.channelMessages(channelId).slice(before);
    expect(posts).toHaveLength(1);
    const post = embedOf(posts[0]);
    expect(post.title).toContain('지난주 리더보드 (2026-11-23 – 2026-11-29)');
    expect(post.description).toContain(`<@${alice.id}>`);
    expect(post.description).not.toContain(carol.id);
  });

  it('/stats answers with the card as a PNG only the member sees, unless they share it', async () => {
    const outcome = await fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'stats' });
    expect(outcome.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const message = await cardOf(outcome.interactionId);
    expect((message?.flags ?? 0) & 64).toBe(64);
    const attachment = message?.attachments[0];
    expect(attachment?.filename).toBe('stats.png');
    const bytes = fake.attachmentBytes(attachment?.url ?? '');
    expect(bytes?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(bytes?.toString('latin1', 12, 16)).toBe('IHDR');
    const [width, height] = [bytes?.readUInt32BE(16), bytes?.readUInt32BE(20)];
    expect(width).toBeGreaterThanOrEqual(800);
    expect(height).toBeGreaterThanOrEqual(400);
    expect(bytes?.length).toBeGreaterThan(10_000);
    expect(bytes?.length).toBeLessThan(2_000_000);
    const embed = embedOf(message);
    expect(embed.image).toEqual(expect.objectContaining({ url: expect.stringContaining('stats.png') }));
    expect(embed.fields?.find((field) => field.name === '총 복습')?.value).toBe('1');

    const shared = await fake.sendCommand({
      user: alice,
      guildId: GUILD_ID,
      name: 'stats',
      options: [{ type: 5, name: 'share', value: true }],
    });
    expect(((await cardOf(shared.interactionId))?.flags ?? 0) & 64).toBe(0);
  });

  it("/stats shows another member's card only to the caller, and never one who opted out", async () => {
    const other = await fake.sendCommand({
      user: bob,
      guildId: GUILD_ID,
      name: 'stats',
      options: [{ type: 6, name: 'member', value: alice.id }],
      resolved: { users: { [alice.id]: userObject(alice) } },
    });
    const message = await cardOf(other.interactionId);
    expect((message?.flags ?? 0) & 64).toBe(64);
    expect(embedOf(message).title).toContain('alice');
    expect(message?.attachments[0]?.filename).toBe('stats.png');

    const hidden = await fake.sendCommand({
      user: bob,
      guildId: GUILD_ID,
      name: 'stats',
      options: [{ type: 6, name: 'member', value: carol.id }],
      resolved: { users: { [carol.id]: userObject(carol) } },
    });
    expect(hidden.callback.data?.content).toContain('private');
    expect(hidden.message?.attachments ?? []).toEqual([]);
  });

  it("a new server zone refiles the board's weeks at once: the admin's answer is deferred, then edited", async () => {
    const setZone = (zone: string) =>
      fake.sendCommand({
        user: admin,
        guildId: GUILD_ID,
        name: 'admin',
        memberPermissions: ADMIN_PERMISSIONS,
        options: [{ type: 1, name: 'timezone', options: [{ type: 3, name: 'zone', value: zone }] }],
      });
    const edited = (interactionId: string) =>
      waitFor(() => {
        const message = fake.originalMessage(interactionId);
        return message?.content || message?.embeds.length ? message : undefined;
      }, 5000);
    const refused = await setZone('Mars/Base');
    expect(refused.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect((await edited(refused.interactionId))?.content).toContain('Mars/Base');

    const saved = await setZone('America/Los_Angeles');
    expect(saved.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const settings = await edited(saved.interactionId);
    expect((settings?.flags ?? 0) & 64).toBe(64);
    expect(JSON.stringify(embedOf(settings).fields)).toContain('America/Los_Angeles');
    // Monday 09:05 in Seoul is still Sunday in Los Angeles: the week of the answers given on its Monday the 23rd.
    clock.set(new Date('2026-11-30T00:05:00Z'));
    const board = embedOf(
      (await fake.sendCommand({ user: bob, guildId: GUILD_ID, name: 'leaderboard' })).message,
    );
    expect(board.description).toContain('2026-11-23 – 2026-11-29 (America/Los_Angeles)');
    expect(board.description).toContain(`<@${alice.id}>`);
    expect(board.fields?.[0]?.value).toMatch(/\*\*#2\*\* of 2/);
  });

  // Every test, on its own: the bot sent Discord nothing it would refuse.
  afterEach(() => expectNothingRejected(fake));
});
