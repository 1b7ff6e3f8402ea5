import { eq } from 'drizzle-orm';
import { default_w } from 'ts-fsrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app.js';
import { findActiveParameterSets, recordParameterSet } from '../../src/db/repositories/parameter-sets.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { reviewLogs } from '../../src/db/schema/index.js';
import {
  buttonId,
  embedOf,
  GUILD_ID,
  movableClock,
  startFakeDiscord,
  startTestBot,
} from '../support/bot-harness.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { ADMIN_PERMISSIONS, type FakeDiscord, waitFor } from '../support/fake-discord/index.js';

const admin = { id: '120000000000000009', username: 'admin', locale: 'ko' };
const adminEn = { id: '120000000000000008', username: 'admin-en', locale: 'en-US' };
const members = ['120000000000000001', '120000000000000002', '120000000000000003', '120000000000000004'];

describe.each(testDrivers)('/admin leeches and the /stats outlook on %s', (driver) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let bot: RunningBot;
  const clock = movableClock(new Date('2026-11-24T01:00:00Z'));

  /** One answer to a learned item (review state), as the answer path logs it. */
  const answer = (userId: string, itemId: string, rating: number, predicted: number, daysAgo: number) => {
    const at = new Date(clock.now().getTime() - daysAgo * 86_400_000);
    return {
      userId,
      itemId,
      guildId: GUILD_ID,
      rating,
      correct: rating > 1,
      stateBefore: 2,
      wasDue: true,
      scheduledDays: 3,
      elapsedDays: 3,
      retrievability: predicted,
      dueAfter: at,
      xp: 0,
      durationMs: 4000,
      reviewedAt: at,
      undo: {} as never,
    };
  };

  const leeches = (user = admin) =>
    fake.sendCommand({
      user,
      guildId: GUILD_ID,
      name: 'admin',
      memberPermissions: ADMIN_PERMISSIONS,
      options: [{ type: 1, name: 'leeches' }],
    });

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID, name: 'study group' }] });
    database = await createTestDatabase(driver);
    bot = await startTestBot(fake, database, { clock: clock.now });
    await fake.waitForReady(1);
  });
  afterAll(async () => {
    await bot.stop();
    await fake.close();
    await database.destroy();
  });

  it('says there is not enough history before three members have met an item', async () => {
    const reply = await leeches();
    expect(embedOf(reply.message).description).toContain('3명 이상');
    expect((reply.message?.flags ?? 0) & 64).toBe(64);
  });

  it('lists the items most members forgot first, with how far recall fell below the prediction', async () => {
    for (const id of members) await findOrCreateUser(database.db, id);
    await database.db.insert(reviewLogs).values([
      // fx-choice: three of four members forgot it, though FSRS expected 90 % recall.
      answer(members[0]!, 'fx-choice', 1, 0.9, 10),
      answer(members[1]!, 'fx-choice', 1, 0.9, 9),
      answer(members[2]!, 'fx-choice', 1, 0.9, 8),
      answer(members[3]!, 'fx-choice', 3, 0.9, 7),
      // fx-flash: one member drilled and forgot it many times; the others remembered it.
      ...Array.from({ length: 8 }, (_, i) => answer(members[0]!, 'fx-flash', 1, 0.8, 20 - i)),
      answer(members[1]!, 'fx-flash', 3, 0.9, 5),
      answer(members[2]!, 'fx-flash', 3, 0.9, 5),
      // fx-cloze: forgotten, but only two members have met it.
      answer(members[0]!, 'fx-cloze', 1, 0.9, 3),
      answer(members[1]!, 'fx-cloze', 1, 0.9, 3),
      // Older than the list's window: not counted.
      answer(members[2]!, 'fx-cloze', 1, 0.9, 200),
    ]);
    const embed = embedOf((await leeches()).message);
    const description = embed.description ?? '';
    expect(description.indexOf('컨테이너가 호스트와 공유하는 것은?')).toBeGreaterThan(-1);
    expect(description.indexOf('컨테이너가 호스트와 공유하는 것은?')).toBeLessThan(
      description.indexOf('이미지는 바뀌는가?'),
    );
    expect(description).toContain('4명 중 3명이 잊음');
    expect(description).toContain('3명 중 1명이 잊음');
    expect(description).not.toContain('이미지는 ___ 하다.');
    expect(description).toMatch(/예측보다 \d+%p 낮게 기억/);

    const english = embedOf((await leeches(adminEn)).message);
    expect(english.description).toContain('forgotten by 3 of 4 members');
  });

  it('previews and schedules a member with their own adopted set, and logs which set it was', async () => {
    const learner = { id: '120000000000000021', username: 'learner', locale: 'ko' };
    const labelsOf = (message: Awaited<ReturnType<typeof fake.sendCommand>>['message']) =>
      (message?.components ?? []).flatMap((row) => row.components ?? []).map((c) => c.label ?? '');
    const revealFirstCard = async (user: typeof learner) => {
      const started = (await fake.sendCommand({ user, guildId: GUILD_ID, name: 'study' })).message;
      return (await fake.clickButton({ user, message: started!, customId: buttonId(started, '정답 보기') }))
        .message;
    };
    // With the defaults first: a new flashcard's Easy starts at FSRS' default initial stability (about 16 days).
    const plain = { id: '120000000000000022', username: 'plain', locale: 'ko' };
    const plainLabels = labelsOf(await revealFirstCard(plain));
    await findOrCreateUser(database.db, learner.id);
    const setId = await recordParameterSet(database.db, {
      scope: 'member',
      scopeId: learner.id,
      // This member's first Easy lasts three times longer than the defaults assume.
      parameters: [...default_w].map((w, i) => (i === 3 ? w * 3 : w)),
      evaluation: {
        candidate: { logLoss: 0.3, rmseBins: 0.05 },
        current: { logLoss: 0.32, rmseBins: 0.06 },
        folds: 3,
        testItems: 300,
        trainItems: 900,
      },
      baselineSetId: null,
      adopt: true,
      now: clock.now(),
    });
    const revealed = await revealFirstCard(learner);
    const easy = labelsOf(revealed).find((label) => label.startsWith('쉬움'));
    expect(easy).toBeDefined();
    expect(easy).not.toBe(plainLabels.find((label) => label.startsWith('쉬움')));
    await fake.clickButton({ user: learner, message: revealed!, customId: buttonId(revealed, '쉬움') });
    const [logged] = await database.db
      .select({ setId: reviewLogs.parameterSetId, elapsedDays: reviewLogs.elapsedDays })
      .from(reviewLogs)
      .where(eq(reviewLogs.userId, learner.id));
    expect(logged).toEqual({ setId, elapsedDays: 0 });
  });

  it('/settings takes a break and forgets a member’s tuned parameters on request', async () => {
    const member = { id: '120000000000000031', username: 'resting', locale: 'ko' };
    await findOrCreateUser(database.db, member.id);
    await recordParameterSet(database.db, {
      scope: 'member',
      scopeId: member.id,
      parameters: [...default_w],
      evaluation: {
        candidate: { logLoss: 0.3, rmseBins: 0.05 },
        current: { logLoss: 0.32, rmseBins: 0.06 },
        folds: 3,
        testItems: 300,
        trainItems: 900,
      },
      baselineSetId: null,
      adopt: true,
      now: clock.now(),
    });
    const settings = (options: { type: number; name: string; value: string | boolean }[]) =>
      fake.sendCommand({ user: member, guildId: GUILD_ID, name: 'settings', options });
    // 2026-11-24 10:00 in Seoul: back on 2026-12-01.
    const away = embedOf((await settings([{ type: 3, name: 'away_until', value: '2026-12-01' }])).message);
    expect(away.fields?.find((field) => field.name === '휴식')?.value).toContain('2026-12-01에 돌아와요');
    const refused = await settings([{ type: 3, name: 'away_until', value: '2026-11-24' }]);
    expect(refused.callback.data?.content).toContain('YYYY-MM-DD');

    const reset = embedOf((await settings([{ type: 5, name: 'reset_learning', value: true }])).message);
    expect(reset.description).toContain('지웠어요');
    const active = await findActiveParameterSets(database.db, { userId: member.id, guildId: GUILD_ID });
    expect(active.member).toBeNull();

    const back = embedOf((await settings([{ type: 3, name: 'away_until', value: 'off' }])).message);
    expect(back.fields?.find((field) => field.name === '휴식')?.value).toBe('쉬는 중 아님');
  });

  it('/stats shows true retention against the target, the 30-day workload and which parameters schedule', async () => {
    const statsOf = async (user: typeof admin) => {
      const outcome = await fake.sendCommand({ user, guildId: GUILD_ID, name: 'stats' });
      const message = await waitFor(() => {
        const found = fake.originalMessage(outcome.interactionId);
        return found?.attachments.length ? found : undefined;
      }, 5000);
      const fields = embedOf(message).fields ?? [];
      return (name: string) => fields.find((field) => field.name === name)?.value;
    };
    // members[0] answered fx-choice (forgot) and fx-flash 8 times (forgot): 0 of 9 learned-item answers recalled.
    // The admin has answered nothing yet.
    const fresh = await statsOf(admin);
    expect(fresh('실제 기억률 (복습 단계, 30일)')).toBe('아직 없음');
    expect(fresh('복습 간격')).toBe('기본 FSRS 설정');
    // Five new items to start at 20 a day: each is answered today at least once.
    expect(fresh('앞으로 30일 복습량 (예상)')).toMatch(/가장 많은 날 ([5-9]|\d\d+)개/);

    await recordParameterSet(database.db, {
      scope: 'server',
      scopeId: GUILD_ID,
      parameters: [...default_w].map((w, i) => (i === 8 ? w + 0.3 : w)),
      evaluation: {
        candidate: { logLoss: 0.3, rmseBins: 0.05 },
        current: { logLoss: 0.32, rmseBins: 0.06 },
        folds: 3,
        testItems: 300,
        trainItems: 900,
      },
      baselineSetId: null,
      adopt: true,
      now: clock.now(),
    });
    const member = { id: members[1]!, username: 'member-2', locale: 'ko' };
    // members[1]: fx-choice forgotten, fx-flash recalled, fx-cloze forgotten: 1 of 3.
    const tuned = await statsOf(member);
    expect(tuned('실제 기억률 (복습 단계, 30일)')).toBe('33.3% · 목표 90%');
    expect(tuned('복습 간격')).toBe('이 서버 멤버들의 답으로 맞춘 설정');
  });
});
