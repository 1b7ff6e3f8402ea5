import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildCatalog } from '../../src/content/catalog.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { findReminder, saveReminder } from '../../src/db/repositories/reminders.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { itemStates, reminders, users } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import { localDate } from '../../src/domain/local-time.js';
import { MEMORY_STATE } from '../../src/domain/memory.js';
import { nextFiring } from '../../src/domain/reminder-schedule.js';
import {
  type ReminderNotice,
  type ReminderSender,
  type ReminderTarget,
  runReminderTick,
  type SendResult,
} from '../../src/services/reminder-tick.js';
import { followZoneChange, setReminder } from '../../src/services/reminders.js';
import { loadFixtureContent } from '../support/content.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { testDeps } from '../support/deps.js';

const MINUTE = 60_000;
const config = parseConfig({ DEFAULT_TIMEZONE: 'Asia/Seoul', LOG_LEVEL: 'silent' });

interface Sent {
  userId: string;
  target: ReminderTarget;
  notice: ReminderNotice;
  at: Date;
}

/** Records what would have been sent; `refuse` makes chosen members' DMs fail like Discord's 50007. */
function recordingSender(clock: () => Date, options: { refuse?: Set<string>; delayMs?: number } = {}) {
  const sent: Sent[] = [];
  const sender: ReminderSender = {
    async send(target, notice): Promise<SendResult> {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (target.kind === 'dm' && options.refuse?.has(notice.userId)) return 'dm-refused';
      sent.push({ userId: notice.userId, target, notice, at: clock() });
      return 'sent';
    },
  };
  return { sender, sent };
}

describe.each(testDrivers)('daily reminders on %s', (driver) => {
  let database: TestDatabase;
  let deps: Deps;
  let now = new Date('2026-04-01T00:00:00Z');
  const clock = () => now;

  beforeEach(async () => {
    database = await createTestDatabase(driver);
    const content = await loadFixtureContent();
    await syncContent(database.db, content, now);
    deps = testDeps({ db: database.db, clock, catalog: buildCatalog(content), config });
  });
  afterEach(async () => {
    await database.destroy();
  });

  /** A member with a reminder at hour:minute in `zone`, scheduled from `from`; `due` gives them an overdue item. */
  async function seedMember(
    db: Database,
    p: { userId: string; hour: number; minute: number; zone: string; from: Date; due?: boolean },
  ) {
    await findOrCreateUser(db, p.userId);
    await saveReminder(
      db,
      {
        userId: p.userId,
        hour: p.hour,
        minute: p.minute,
        timezone: p.zone,
        destination: 'dm',
        guildId: null,
        channelId: null,
        lastFiredDay: null,
        nextFireAt: nextFiring({ ...p, after: p.from, lastFiredDay: null }),
      },
      p.from,
    );
    if (p.due ?? true) await seedDueItem(db, p.userId);
  }

  async function seedDueItem(db: Database, userId: string) {
    await db.insert(itemStates).values({
      userId,
      itemId: 'fx-flash',
      due: new Date('2026-01-01T00:00:00Z'),
      stability: 3,
      difficulty: 5,
      elapsedDays: 3,
      scheduledDays: 3,
      learningSteps: 0,
      reps: 2,
      lapses: 0,
      state: MEMORY_STATE.review,
      lastReview: new Date('2025-12-29T00:00:00Z'),
    });
  }

  async function tickAt(sender: ReminderSender, instants: Date[]) {
    for (const instant of instants) {
      now = instant;
      await runReminderTick(deps, sender, instant);
    }
  }

  /** Every 15 minutes from `start` to `end`, plus each minute from 08:55 to 09:05 in each zone. */
  function tickInstants(start: string, end: string, zones: string[]): Date[] {
    const from = Date.parse(start);
    const to = Date.parse(end);
    const instants = new Set<number>();
    for (let t = from; t <= to; t += 15 * MINUTE) instants.add(t);
    for (const zone of zones) {
      for (
        let day = DateTime.fromMillis(from, { zone }).startOf('day');
        day.toMillis() <= to;
        day = day.plus({ days: 1 })
      ) {
        for (let minute = -5; minute <= 5; minute += 1) {
          const t = day.set({ hour: 9, minute: 0 }).toMillis() + minute * MINUTE;
          if (t >= from && t <= to) instants.add(t);
        }
      }
    }
    return [...instants].sort((a, b) => a - b).map((t) => new Date(t));
  }

  function sendsByLocalDay(sent: Sent[], userId: string, zone: string): Map<string, Date[]> {
    const days = new Map<string, Date[]>();
    for (const entry of sent.filter((s) => s.userId === userId)) {
      const day = localDate(entry.at, zone);
      days.set(day, [...(days.get(day) ?? []), entry.at]);
    }
    return days;
  }

  function localDays(start: string, end: string, zone: string): string[] {
    const days: string[] = [];
    let day = DateTime.fromISO(start, { zone }).plus({ days: 1 }).startOf('day');
    const last = DateTime.fromISO(end, { zone }).minus({ days: 1 });
    for (; day <= last; day = day.plus({ days: 1 })) days.push(day.toISODate() as string);
    return days;
  }

  it.each([
    { change: 'spring forward', start: '2026-02-26T00:00:00Z', end: '2026-03-19T00:00:00Z' },
    { change: 'fall back', start: '2026-10-22T00:00:00Z', end: '2026-11-12T00:00:00Z' },
  ])(
    'Seoul and New York at 09:00 get exactly one reminder per local day across the $change',
    async ({ start, end }) => {
      const from = new Date(start);
      const members = [
        { userId: '1001', hour: 9, minute: 0, zone: 'Asia/Seoul' },
        { userId: '1002', hour: 9, minute: 0, zone: 'America/New_York' },
        // Wall times the change skips (02:30 on 2026-03-08) or repeats (01:30 on 2026-11-01).
        { userId: '1003', hour: 2, minute: 30, zone: 'America/New_York' },
        { userId: '1004', hour: 1, minute: 30, zone: 'America/New_York' },
      ];
      for (const member of members) await seedMember(database.db, { ...member, from });
      const { sender, sent } = recordingSender(clock);
      await tickAt(sender, tickInstants(start, end, ['Asia/Seoul', 'America/New_York']));

      for (const member of members) {
        const byDay = sendsByLocalDay(sent, member.userId, member.zone);
        const expectedDays = localDays(start, end, member.zone);
        for (const day of expectedDays) expect(byDay.get(day)?.length, `${member.userId} on ${day}`).toBe(1);
        for (const [day, instants] of byDay) expect(instants.length, `${member.userId} on ${day}`).toBe(1);
      }
      // Each sent at its local wall time, on the minute.
      for (const entry of sent.filter((s) => s.userId === '1001' || s.userId === '1002')) {
        const local = DateTime.fromJSDate(entry.at, {
          zone: entry.userId === '1001' ? 'Asia/Seoul' : 'America/New_York',
        });
        expect([local.hour, local.minute]).toEqual([9, 0]);
      }
      const at = (userId: string, day: string) =>
        sent
          .find((s) => s.userId === userId && localDate(s.at, 'America/New_York') === day)
          ?.at.toISOString();
      if (start.startsWith('2026-02')) {
        expect(at('1002', '2026-03-07')).toBe('2026-03-07T14:00:00.000Z');
        expect(at('1002', '2026-03-08')).toBe('2026-03-08T13:00:00.000Z');
        // 02:30 does not exist that night: the reminder comes when the clock jumps to 03:00 EDT.
        expect(at('1003', '2026-03-08')).toBe('2026-03-08T07:00:00.000Z');
        expect(at('1003', '2026-03-09')).toBe('2026-03-09T06:30:00.000Z');
      } else {
        expect(at('1002', '2026-10-31')).toBe('2026-10-31T13:00:00.000Z');
        expect(at('1002', '2026-11-01')).toBe('2026-11-01T14:00:00.000Z');
        // 01:30 happens twice that night: only the first one reminds.
        expect(at('1004', '2026-11-01')).toBe('2026-11-01T05:30:00.000Z');
      }
      expect(
        sent.every((s) => s.target.kind === 'dm' && s.notice.dueCount === 1 && s.notice.locale === 'ko'),
      ).toBe(true);
    },
  );

  it('two schedulers racing on one database send each reminder once', async () => {
    const from = new Date('2026-03-31T20:00:00Z');
    const count = 240;
    for (let i = 0; i < count; i += 1) {
      await seedMember(database.db, {
        userId: String(2000 + i),
        hour: 9,
        minute: i % 3,
        zone: 'Asia/Seoul',
        from,
        due: i % 2 === 0,
      });
      // Members without due items still get reminded while their streak is alive.
      if (i % 2 === 1)
        await database.db
          .update(users)
          .set({ streakCurrent: 2, streakBest: 2, streakLastDay: '2026-03-31' })
          .where(eq(users.id, String(2000 + i)));
    }
    // The second process has its own connections to the server.
    const other = await openDatabase({ url: database.url, maxConnections: 5 });
    try {
      const first = recordingSender(clock, { delayMs: 1 });
      const second = recordingSender(clock, { delayMs: 1 });
      const otherDeps: Deps = { ...deps, db: other.db, instanceId: 'other' };
      for (const minute of [0, 1, 2, 3]) {
        now = new Date(Date.parse('2026-04-01T00:00:00Z') + minute * MINUTE);
        await Promise.all([
          runReminderTick(deps, first.sender, now, { batchSize: 20 }),
          runReminderTick(otherDeps, second.sender, now, { batchSize: 20 }),
        ]);
      }
      const all = [...first.sent, ...second.sent];
      expect(all).toHaveLength(count);
      expect(new Set(all.map((s) => s.userId)).size).toBe(count);
      // Both processes did part of the work.
      expect(first.sent.length).toBeGreaterThan(0);
      expect(second.sent.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('a restart after the minute sends once the same day, and nothing for a day gone', async () => {
    // 09:00 Seoul is 00:00Z.
    await seedMember(database.db, {
      userId: '3001',
      hour: 9,
      minute: 0,
      zone: 'Asia/Seoul',
      from: new Date('2026-04-01T20:00:00Z'),
    });
    const { sender, sent } = recordingSender(clock);
    // Down at 09:00 on the 2nd, back at 11:30 (02:30Z): one reminder, then none on later ticks.
    await tickAt(sender, [
      new Date('2026-04-02T02:30:00Z'),
      new Date('2026-04-02T02:31:00Z'),
      new Date('2026-04-02T14:00:00Z'),
    ]);
    expect(sent.map((s) => s.at.toISOString())).toEqual(['2026-04-02T02:30:00.000Z']);
    // Down for the whole of the 3rd, back at 08:00 on the 4th: the 3rd is gone, the 4th not yet due.
    await tickAt(sender, [new Date('2026-04-03T23:00:00Z')]);
    expect(sent).toHaveLength(1);
    expect((await findReminder(database.db, '3001'))?.nextFireAt.toISOString()).toBe(
      '2026-04-04T00:00:00.000Z',
    );
    await tickAt(sender, [new Date('2026-04-04T00:00:00Z'), new Date('2026-04-04T00:01:00Z')]);
    expect(sent.map((s) => s.at.toISOString())).toEqual([
      '2026-04-02T02:30:00.000Z',
      '2026-04-04T00:00:00.000Z',
    ]);
    // Down from just before 09:00 on the 5th until 23:59 that day: still the same day, so it sends.
    await tickAt(sender, [new Date('2026-04-04T23:59:00Z'), new Date('2026-04-05T14:59:00Z')]);
    expect(sent.map((s) => s.at.toISOString())).toEqual([
      '2026-04-02T02:30:00.000Z',
      '2026-04-04T00:00:00.000Z',
      '2026-04-05T14:59:00.000Z',
    ]);
    // Back one minute into the 6th (15:01Z is 00:01 on the 6th): the 5th is handled, the 6th not due yet.
    await tickAt(sender, [new Date('2026-04-05T15:01:00Z')]);
    expect(sent).toHaveLength(3);
  });

  it('a member with nothing due and no streak gets none; one whose streak is at risk does', async () => {
    const from = new Date('2026-04-01T20:00:00Z');
    await seedMember(database.db, {
      userId: '4001',
      hour: 9,
      minute: 0,
      zone: 'Asia/Seoul',
      from,
      due: false,
    });
    await seedMember(database.db, {
      userId: '4002',
      hour: 9,
      minute: 0,
      zone: 'Asia/Seoul',
      from,
      due: false,
    });
    await database.db
      .update(users)
      .set({ streakCurrent: 5, streakBest: 5, streakLastDay: '2026-04-01' })
      .where(eq(users.id, '4002'));
    const { sender, sent } = recordingSender(clock);
    now = new Date('2026-04-02T00:00:00Z');
    const report = await runReminderTick(deps, sender, now);
    expect(report).toMatchObject({ claimed: 2, sent: 1, skipped: 1 });
    expect(sent.map((s) => s.userId)).toEqual(['4002']);
    expect(sent[0]?.notice).toMatchObject({ dueCount: 0, streak: 5, streakAtRisk: true });
    // The skipped member's day is handled too: no second try later that day.
    expect((await findReminder(database.db, '4001'))?.lastFiredDay).toBe('2026-04-02');
  });

  it('a member who already reviewed today gets none', async () => {
    const from = new Date('2026-04-01T20:00:00Z');
    await seedMember(database.db, { userId: '5001', hour: 21, minute: 0, zone: 'Asia/Seoul', from });
    await database.db
      .update(users)
      .set({ streakCurrent: 3, streakBest: 3, streakLastDay: '2026-04-02', localeOverride: 'en' })
      .where(eq(users.id, '5001'));
    const { sender, sent } = recordingSender(clock);
    await tickAt(sender, [new Date('2026-04-02T12:00:00Z')]);
    expect(sent).toHaveLength(0);
    // The next day, not yet reviewed: reminded, in English.
    await tickAt(sender, [new Date('2026-04-03T12:00:00Z')]);
    expect(sent.map((s) => s.notice)).toEqual([
      { userId: '5001', locale: 'en', dueCount: 1, streak: 3, streakAtRisk: true },
    ]);
  });

  it('a refused DM falls back to the server reminder channel, else pauses with a notice', async () => {
    const from = new Date('2026-04-01T20:00:00Z');
    await seedMember(database.db, { userId: '6001', hour: 9, minute: 0, zone: 'Asia/Seoul', from });
    await seedMember(database.db, { userId: '6002', hour: 9, minute: 0, zone: 'Asia/Seoul', from });
    await database.db.update(reminders).set({ guildId: '7000' }).where(eq(reminders.userId, '6001'));
    const { updateGuildSettings } = await import('../../src/db/repositories/guilds.js');
    await updateGuildSettings(database.db, '7000', { reminderChannelId: '7001' }, from);
    const { sender, sent } = recordingSender(clock, { refuse: new Set(['6001', '6002']) });
    now = new Date('2026-04-02T00:00:00Z');
    const report = await runReminderTick(deps, sender, now);
    expect(report).toMatchObject({ fellBack: 1, paused: 1 });
    expect(sent.map((s) => [s.userId, s.target])).toEqual([['6001', { kind: 'channel', channelId: '7001' }]]);
    expect((await findReminder(database.db, '6002'))?.paused).toBe(true);
    expect((await findOrCreateUser(database.db, '6002')).pendingNotice).toBe('reminders.notice-dm-closed');
    // Paused reminders are not claimed again, whatever the time.
    await tickAt(sender, [new Date('2026-04-03T00:00:00Z')]);
    expect(sent.filter((s) => s.userId === '6002')).toHaveLength(0);
  });

  it('changing zone keeps one reminder per local day, west and east', async () => {
    const user = await findOrCreateUser(database.db, '8001');
    await seedDueItem(database.db, '8001');
    now = new Date('2026-04-09T12:00:00Z');
    const set = (timezone: string, time: string) =>
      setReminder(deps, user, { time, timezone, where: 'dm', guildId: null, channelId: null });
    expect((await set('Asia/Seoul', '09:00')).ok).toBe(true);
    const { sender, sent } = recordingSender(clock);
    await tickAt(sender, [new Date('2026-04-10T00:00:00Z')]); // 09:00 on the 10th in Seoul
    expect(sent).toHaveLength(1);
    // At 10:00 Seoul the member moves to New York, where it is still 21:00 on the 9th: New York's 10th
    // has had no reminder yet, so 09:00 EDT on the 10th (13:00Z) reminds.
    now = new Date('2026-04-10T01:00:00Z');
    const moved = await set('America/New_York', '09:00');
    expect(moved.ok && moved.reminder.nextFireAt.toISOString()).toBe('2026-04-10T13:00:00.000Z');
    await tickAt(sender, [new Date('2026-04-10T13:00:00Z'), new Date('2026-04-10T13:01:00Z')]);
    expect(sent).toHaveLength(2);

    // Moving the time later on a day that already had its reminder does not bring a second one.
    const later = await set('America/New_York', '21:00');
    expect(later.ok && later.reminder.nextFireAt.toISOString()).toBe('2026-04-12T01:00:00.000Z');
    await tickAt(sender, [new Date('2026-04-11T01:00:00Z'), new Date('2026-04-12T01:00:00Z')]);
    expect(sent).toHaveLength(3);

    // Eastward: that reminder came at 10:00 on the 12th in Seoul. Moving to Seoul 21:00 must not remind
    // again that Seoul day: the next one is 21:00 on the 13th.
    now = new Date('2026-04-12T02:00:00Z');
    const east = await set('Asia/Seoul', '21:00');
    expect(east.ok && east.reminder.nextFireAt.toISOString()).toBe('2026-04-13T12:00:00.000Z');
    await tickAt(sender, [new Date('2026-04-12T12:00:00Z'), new Date('2026-04-13T12:00:00Z')]);
    expect(sent.map((s) => s.at.toISOString())).toEqual([
      '2026-04-10T00:00:00.000Z',
      '2026-04-10T13:00:00.000Z',
      '2026-04-12T01:00:00.000Z',
      '2026-04-13T12:00:00.000Z',
    ]);

    // A /settings zone change moves a reminder that followed the old zone (14:00 in Berlin has had one).
    now = new Date('2026-04-13T13:00:00Z');
    await followZoneChange(deps, '8001', { from: 'Asia/Seoul', to: 'Europe/Berlin' });
    const followed = await findReminder(database.db, '8001');
    expect(followed?.timezone).toBe('Europe/Berlin');
    expect(followed?.nextFireAt.toISOString()).toBe('2026-04-14T19:00:00.000Z');
  });

  it('bad input changes nothing', async () => {
    const user = await findOrCreateUser(database.db, '9001');
    const base = { where: 'dm' as const, guildId: null, channelId: null };
    expect(await setReminder(deps, user, { ...base, time: '25:00', timezone: null })).toEqual({
      ok: false,
      reason: 'bad-time',
      subject: '25:00',
    });
    expect(await setReminder(deps, user, { ...base, time: '09:00', timezone: 'Mars/Base' })).toEqual({
      ok: false,
      reason: 'bad-timezone',
      subject: 'Mars/Base',
    });
    expect(
      await setReminder(deps, user, { ...base, where: 'channel', time: '09:00', timezone: null }),
    ).toEqual({ ok: false, reason: 'channel-needs-guild' });
    expect(await findReminder(database.db, '9001')).toBeNull();
  });
});
