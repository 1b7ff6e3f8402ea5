import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildCatalog } from '../../src/content/catalog.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { countDueItems } from '../../src/db/repositories/item-states.js';
import { findNextItems } from '../../src/db/repositories/next-items.js';
import { findReminderSubjects, saveReminder } from '../../src/db/repositories/reminders.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { itemStates, items, users } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import { localDate } from '../../src/domain/local-time.js';
import { MEMORY_STATE } from '../../src/domain/memory.js';
import { decideReminder } from '../../src/domain/reminders.js';
import { memberLocale } from '../../src/i18n/messages.js';
import { type ReminderNotice, runReminderTick } from '../../src/services/reminder-tick.js';
import { loadFixtureContent } from '../support/content.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { testDeps } from '../support/deps.js';

const config = parseConfig({ DEFAULT_TIMEZONE: 'Asia/Seoul', LOG_LEVEL: 'silent' });
const NOW = new Date('2026-04-10T12:00:00Z');
const HOUR = 3_600_000;

/**
 * Members with different zones, breaks, streaks and items: due, not yet due, new, retired, leeches put aside
 * (until later, or whose time has passed). Each fires at NOW, when it is 21:00 in Seoul, 14:00 in Berlin and
 * 08:00 in New York.
 */
const MEMBERS = [
  { id: '7001', zone: 'Asia/Seoul', items: ['due', 'due', 'later'], streak: 4, lastDay: '2026-04-09' },
  // Away through 2026-04-11: no reminder.
  {
    id: '7002',
    zone: 'Europe/Berlin',
    items: ['due'],
    streak: 9,
    lastDay: '2026-04-02',
    away: ['2026-04-03', '2026-04-12'],
  },
  // Back since 2026-04-08: reminded, with what piled up.
  {
    id: '7003',
    zone: 'America/New_York',
    items: ['due', 'due', 'due', 'aside'],
    streak: 6,
    lastDay: '2026-03-30',
    away: ['2026-03-31', '2026-04-08'],
  },
  // Already reviewed today in New York (still 2026-04-10 there).
  { id: '7004', zone: 'America/New_York', items: ['due', 'new'], streak: 2, lastDay: '2026-04-10' },
  // Nothing due that /study would serve: retired, put aside, new; no living streak.
  { id: '7005', zone: 'Europe/Berlin', items: ['retired', 'aside', 'new'], streak: 3, lastDay: '2026-04-01' },
  // A leech whose day has passed counts again; streak alive from yesterday.
  { id: '7006', zone: 'Asia/Seoul', items: ['aside-over', 'later'], streak: 1, lastDay: '2026-04-09' },
  // Nothing at all.
  { id: '7007', zone: 'Europe/Berlin', items: [], streak: 0, lastDay: null },
] as const;

const ITEMS = ['fx-flash', 'fx-choice', 'fx-order', 'fx-cloze', 'fx-scenario'];
const RETIRED_ITEM = 'fx-scenario';

describe.each(testDrivers)('the reminder tick reads a batch at once on %s', (driver) => {
  let database: TestDatabase;
  let deps: Deps;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    const content = await loadFixtureContent();
    await syncContent(database.db, content, new Date(NOW.getTime() - 30 * 24 * HOUR));
    deps = testDeps({ db: database.db, clock: () => NOW, catalog: buildCatalog(content), config });
    await database.db.update(items).set({ retiredAt: NOW }).where(eq(items.id, RETIRED_ITEM));
    for (const member of MEMBERS) {
      await findOrCreateUser(database.db, member.id);
      const away = 'away' in member ? member.away : null;
      await database.db
        .update(users)
        .set({
          timezone: member.zone,
          streakCurrent: member.streak,
          streakBest: member.streak,
          streakLastDay: member.lastDay,
          awayFrom: away?.[0] ?? null,
          awayUntil: away?.[1] ?? null,
        })
        .where(eq(users.id, member.id));
      await saveReminder(
        database.db,
        {
          userId: member.id,
          hour: 0,
          minute: 0,
          timezone: member.zone,
          destination: 'dm',
          guildId: null,
          channelId: null,
          lastFiredDay: null,
          nextFireAt: new Date(NOW.getTime() - 60_000),
        },
        NOW,
      );
      const kinds: readonly string[] = member.items;
      const free = ITEMS.filter((id) => id !== RETIRED_ITEM);
      const rows = kinds.map((kind, i) => ({
        userId: member.id,
        itemId: kind === 'retired' ? RETIRED_ITEM : (free[i] as string),
        due: new Date(NOW.getTime() + (kind === 'later' ? 5 : -5 - i) * HOUR),
        stability: 3,
        difficulty: 5,
        elapsedDays: 3,
        scheduledDays: 3,
        learningSteps: 0,
        reps: kind === 'new' ? 0 : 2,
        lapses: kind.startsWith('aside') ? 9 : 0,
        state: kind === 'new' ? MEMORY_STATE.new : MEMORY_STATE.review,
        lastReview: kind === 'new' ? null : new Date(NOW.getTime() - 72 * HOUR),
        suspendedUntil:
          kind === 'aside'
            ? new Date(NOW.getTime() + 3 * HOUR)
            : kind === 'aside-over'
              ? new Date(NOW.getTime() - HOUR)
              : null,
      }));
      if (rows.length > 0) await database.db.insert(itemStates).values(rows);
    }
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("reads each member's settings and due count as the per-member reads and /study do", async () => {
    const ids = MEMBERS.map((member) => member.id);
    const subjects = await findReminderSubjects(database.db, [...ids, 'no-such-member'], NOW);
    expect([...subjects.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const subject = subjects.get(id);
      expect(subject?.user, id).toEqual(await findOrCreateUser(database.db, id));
      expect(subject?.dueCount, id).toBe(await countDueItems(database.db, { userId: id, now: NOW }));
      const served = await findNextItems(database.sql, {
        userId: id,
        now: NOW,
        dayStart: new Date(NOW.getTime() - 12 * HOUR),
        deckId: null,
        guildId: null,
        dailyNewLimit: 0,
        maxNew: 0,
      });
      expect(subject?.dueCount, id).toBe(served.due.length);
    }
    expect(subjects.get('7003')?.dueCount).toBe(3);
    expect(subjects.get('7005')?.dueCount).toBe(0);
    expect(subjects.get('7006')?.dueCount).toBe(1);
    expect(await findReminderSubjects(database.db, [], NOW)).toEqual(new Map());
  });

  it('decides every member of the batch as the per-member reads would have', async () => {
    const expected: ReminderNotice[] = [];
    for (const member of MEMBERS) {
      const user = await findOrCreateUser(database.db, member.id);
      const decision = decideReminder({
        dueCount: await countDueItems(database.db, { userId: member.id, now: NOW }),
        streak: user.streak,
        today: localDate(NOW, member.zone),
        away: user.away,
      });
      if (decision.send)
        expected.push({
          userId: member.id,
          locale: memberLocale(user),
          dueCount: decision.dueCount,
          streak: decision.streak,
          streakAtRisk: decision.streakAtRisk,
        });
    }
    const sent: ReminderNotice[] = [];
    const report = await runReminderTick(
      deps,
      {
        async send(_target, notice) {
          sent.push(notice);
          return 'sent';
        },
      },
      NOW,
      { batchSize: 3 },
    );
    expect(report).toMatchObject({ claimed: MEMBERS.length, sent: expected.length, failed: 0 });
    const byId = (a: ReminderNotice, b: ReminderNotice) => a.userId.localeCompare(b.userId);
    expect(sent.sort(byId)).toEqual(expected.sort(byId));
    // The away member and the one who reviewed today are among those left out.
    expect(sent.map((notice) => notice.userId)).not.toContain('7002');
    expect(sent.map((notice) => notice.userId)).not.toContain('7004');
    expect(sent.map((notice) => notice.userId)).toContain('7003');
  });
});
