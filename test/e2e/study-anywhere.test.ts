// Studying where the member is: the bot's DM, a server without the bot through the member's own install, and
// messages sent outside an interaction in the member's and the server's language.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaderboardTotals } from '../../src/db/repositories/leaderboard.js';
import { guildMembers, guilds, itemStates, reviewLogs } from '../../src/db/schema/index.js';
import { MEMORY_STATE } from '../../src/domain/memory.js';
import {
  type BotSuite,
  buttonId,
  customIds,
  embedOf,
  GUILD_ID,
  movableClock,
  startBotSuite,
} from '../support/bot-harness.js';
import { testDrivers } from '../support/database.js';
import {
  ADMIN_PERMISSIONS,
  type FakeMessage,
  type FakeUser,
  isEphemeral,
} from '../support/fake-discord/index.js';

/** A server the bot was never added to, where members reach boksup through their own install. */
const SERVER_WITHOUT_BOT = '900000000000000777';
const dana: FakeUser = { id: '410000000000000001', username: 'dana' };
const erin: FakeUser = { id: '410000000000000002', username: 'erin', locale: 'en-US' };
const finn: FakeUser = { id: '410000000000000003', username: 'finn', locale: 'en-GB' };

const labels = (message: FakeMessage | undefined) =>
  (message?.components ?? []).flatMap((row) => (row.components ?? []).map((c) => String(c.label)));

describe.each(testDrivers)('studying anywhere on %s', (driverName) => {
  let suite: BotSuite;
  const clock = movableClock(new Date('2026-05-04T01:00:00Z'));

  const press = async (user: FakeUser, message: FakeMessage | undefined, match: string | RegExp) => {
    if (!message) throw new Error('no message to press a button on');
    return suite.fake.clickButton({ user, message, customId: buttonId(message, match) });
  };
  const logsOf = (userId: string) =>
    suite.database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, userId));

  beforeAll(async () => {
    suite = await startBotSuite(driverName, { clock: clock.now });
  });
  afterAll(async () => {
    await suite?.stop();
  });

  it('a DM session: start, answer, summary; one memory with the server, and the DM reviews on its board', async () => {
    const { fake } = suite;
    await fake.sendCommand({
      user: dana,
      guildId: GUILD_ID,
      name: 'settings',
      options: [{ type: 4, name: 'daily_new', value: 3 }],
    });
    // One item in the server first: from then on her reviews anywhere count on its board.
    const inServer = await fake.sendCommand({ user: dana, guildId: GUILD_ID, name: 'study' });
    const revealed = await press(dana, inServer.message, '정답 보기');
    await press(dana, revealed.message, '알맞음');

    clock.advance(60_000);
    const started = await fake.sendCommand({ user: dana, guildId: null, name: 'study' });
    expect(started.message?.channel_id).toBe(fake.dmChannelId(dana.id));
    expect(isEphemeral(started.message)).toBe(true);
    // The flashcard was answered in the server: the DM session goes on with what is left, not the same item.
    expect(embedOf(started.message).description).not.toContain('이미지는 바뀌는가?');
    expect(embedOf(started.message).footer?.text).toContain('0/2');

    let screen = started.message;
    for (let answered = 0; answered < 2; answered++) {
      screen = (await press(dana, screen, /^bk:1:ch:/)).message;
      screen = (await press(dana, screen, /^bk:1:nx:/)).message;
    }
    expect(embedOf(screen).title).toBe('세션 완료');
    // The way on comes first; Undo is second and says what it undoes.
    expect(labels(screen)).toEqual(['끝내기', '↩ 마지막 답 되돌리기']);

    const logs = await logsOf(dana.id);
    expect(logs.map((log) => log.guildId)).toEqual([GUILD_ID, null, null]);
    expect(new Set(logs.map((log) => log.itemId)).size).toBe(3);
    const [onBoard] = await findLeaderboardTotals(suite.database.db, { guildId: GUILD_ID, range: null });
    expect(onBoard).toMatchObject({ userId: dana.id, answers: 3 });

    const done = await press(dana, screen, '끝내기');
    expect(done.callback.type).toBe(7);
    expect(embedOf(done.message).title).toBe('세션을 마쳤어요.');
    expect(customIds(done.message)).toEqual([]);
  });

  it('a user-installed command in a server the bot is not in: answered there, studied as in a DM', async () => {
    const { fake } = suite;
    fake.installForUser(erin.id);
    const started = await fake.sendCommand({ user: erin, guildId: SERVER_WITHOUT_BOT, name: 'study' });
    expect(isEphemeral(started.message)).toBe(true);
    expect(embedOf(started.message).description).toContain('Does an image change?');
    const revealed = await press(erin, started.message, 'Show answer');
    const graded = await press(erin, revealed.message, 'Good');
    expect(graded.callback.type).toBe(7);

    // No board and no settings for a server without the bot: the review is the member's own, like a DM's.
    expect((await logsOf(erin.id)).map((log) => log.guildId)).toEqual([null]);
    const db = suite.database.db;
    expect(await db.select().from(guilds).where(eq(guilds.id, SERVER_WITHOUT_BOT))).toEqual([]);
    expect(await db.select().from(guildMembers).where(eq(guildMembers.userId, erin.id))).toEqual([]);

    // Group commands need the bot in the server: Discord does not offer them there.
    await expect(
      fake.sendCommand({ user: erin, guildId: SERVER_WITHOUT_BOT, name: 'leaderboard' }),
    ).rejects.toThrow(/is not (registered for|offered in) guild/);
    expect(fake.requests.filter((r) => r.path.startsWith('/channels/') && r.status >= 400)).toEqual([]);
    expect(fake.validationErrors).toEqual([]);
  });

  it('a reminder sent by the job speaks the Discord language the member last used', async () => {
    const { fake, bot } = suite;
    clock.set(new Date('2026-05-04T11:00:00Z'));
    await fake.sendCommand({
      user: finn,
      guildId: null,
      name: 'remind',
      options: [{ type: 1, name: 'set', options: [{ type: 3, name: 'time', value: '21:00' }] }],
    });
    await suite.database.db.insert(itemStates).values({
      userId: finn.id,
      itemId: 'fx-flash',
      due: new Date('2026-05-01T00:00:00Z'),
      stability: 3,
      difficulty: 5,
      elapsedDays: 3,
      scheduledDays: 3,
      learningSteps: 0,
      reps: 2,
      lapses: 0,
      state: MEMORY_STATE.review,
      lastReview: new Date('2026-04-28T00:00:00Z'),
    });
    clock.set(new Date('2026-05-04T12:00:00Z')); // 21:00 in Seoul
    // He set no language: the job has no interaction to ask, and uses the locale his client last sent.
    expect((await bot.runReminderTick(clock.now())).sent).toBe(1);
    const [reminder] = fake.dmMessages(finn.id).filter((m) => !isEphemeral(m));
    expect(embedOf(reminder).title).toBe('⏰ Time to review');
  });

  it('posts in the server in the language its admins chose, else its Discord language', async () => {
    const { fake } = suite;
    const quiz = (user: FakeUser, channelId: string) =>
      fake.sendCommand({
        user,
        guildId: GUILD_ID,
        channelId,
        name: 'quiz',
        options: [{ type: 4, name: 'questions', value: 1 }],
      });
    // The test server's Discord language is Korean: an English-speaking host still gets a Korean post.
    const korean = await quiz(erin, '900000000000000901');
    expect(embedOf(korean.message).title).toBe('퀴즈를 시작해요!');

    const set = await fake.sendCommand({
      user: dana,
      guildId: GUILD_ID,
      name: 'admin',
      memberPermissions: ADMIN_PERMISSIONS,
      options: [{ type: 1, name: 'language', options: [{ type: 3, name: 'language', value: 'en' }] }],
    });
    expect(embedOf(set.message).fields?.find((f) => f.name === '게시 언어')?.value).toBe('English');
    const english = await quiz(dana, '900000000000000902');
    expect(embedOf(english.message).title).toBe('Quiz time!');
  });
});
