import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildCatalog } from '../../src/content/catalog.js';
import type { Database } from '../../src/db/client.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { updateGuildSettings } from '../../src/db/repositories/guilds.js';
import {
  findLeaderboardTotals,
  findPeriodSums,
  rebuildLeaderboardSums,
} from '../../src/db/repositories/leaderboard.js';
import {
  guildMembers,
  guilds,
  jobRuns,
  leaderboardSums,
  reviewLogs,
  users,
} from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import {
  ACCURACY_MIN_ANSWERS,
  buildBoard,
  type InstantRange,
  type LeaderboardMetric,
  type MemberTotals,
  periodRange,
  storedPeriodOf,
} from '../../src/domain/leaderboard.js';
import { isValidTimeZone } from '../../src/domain/local-time.js';
import { setGuildTimeZone } from '../../src/services/guild-settings.js';
import { loadBoard } from '../../src/services/leaderboard.js';
import {
  type LeaderboardPoster,
  runWeeklyLeaderboardTick,
  WEEKLY_POST_LEASE_MS,
  type WeeklyBoardPost,
} from '../../src/services/weekly-leaderboard.js';
import { loadFixtureContent } from '../support/content.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { testDeps } from '../support/deps.js';

const GUILD = '900000000000000101';
const OTHER_GUILD = '900000000000000102';
const SEOUL = 'Asia/Seoul';
/** Thursday 2026-11-26 12:00 in Seoul. */
const NOW = new Date('2026-11-26T03:00:00Z');
const config = parseConfig({ DEFAULT_TIMEZONE: SEOUL, LOG_LEVEL: 'silent' });

const member = (n: number) => `1000000000000${String(n).padStart(5, '0')}`;

const UNDO = {
  state: {
    due: NOW.toISOString(),
    stability: 0,
    difficulty: 0,
    elapsedDays: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: 0,
    lapses: 0,
    state: 0,
    lastReview: null,
  },
  streak: { current: 0, best: 0, lastDay: null },
};

describe.each(testDrivers)('leaderboards on %s', (driver) => {
  let database: TestDatabase;
  let db: Database;
  let itemId: string;
  let deps: Deps;

  /** The member studies in the server from `since` (default: before every answer of these tests). */
  async function join(
    userId: string,
    guildId = GUILD,
    patch: Partial<typeof users.$inferInsert> = {},
    since = new Date('2026-01-01T00:00:00Z'),
  ) {
    await db
      .insert(users)
      .values({ id: userId, ...patch })
      .onConflictDoUpdate({ target: users.id, set: { id: userId, ...patch } });
    await db.insert(guilds).values({ id: guildId }).onConflictDoNothing();
    await db
      .insert(guildMembers)
      .values({ guildId, userId, firstStudiedAt: since, lastStudiedAt: since })
      .onConflictDoNothing();
  }

  /** Review-log rows as recordAnswer writes them. */
  function logRows(
    userId: string,
    at: Date | string,
    p: { xp?: number; correct?: boolean; guildId?: string | null; times?: number },
  ) {
    const guildId = p.guildId === undefined ? GUILD : p.guildId;
    return Array.from({ length: p.times ?? 1 }, () => ({
      userId,
      itemId,
      guildId,
      rating: p.correct === false ? 1 : 3,
      correct: p.correct ?? true,
      stateBefore: 2,
      wasDue: true,
      scheduledDays: 1,
      dueAfter: new Date(at),
      xp: p.xp ?? 10,
      durationMs: 1000,
      reviewedAt: new Date(at),
      undo: UNDO,
    }));
  }

  /** Appends answers as recordAnswer would (the trigger keeps the sums). */
  async function answer(
    userId: string,
    at: Date | string,
    p: { xp?: number; correct?: boolean; guildId?: string | null; times?: number; in?: Database } = {},
  ) {
    const guildId = p.guildId === undefined ? GUILD : p.guildId;
    if (guildId !== null) await join(userId, guildId);
    else await db.insert(users).values({ id: userId }).onConflictDoNothing();
    await (p.in ?? db).insert(reviewLogs).values(logRows(userId, at, p));
  }

  async function totals(
    range: ReturnType<typeof periodRange>,
    guildId = GUILD,
  ): Promise<Map<string, MemberTotals>> {
    const rows = await findLeaderboardTotals(db, { guildId, range });
    return new Map(rows.map((row) => [row.userId, row]));
  }

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    db = database.db;
    const content = await loadFixtureContent();
    await syncContent(db, content, NOW);
    itemId = content.decks[0]?.items[0]?.id as string;
    deps = testDeps({
      db,
      clock: () => NOW,
      catalog: buildCatalog(content),
      config,
      instanceId: 'replica-a',
    });
  });
  afterAll(async () => {
    await database?.destroy();
  });
  beforeEach(async () => {
    await db.delete(reviewLogs);
    await db.delete(guildMembers);
    await db.delete(jobRuns);
    await db.delete(users);
    await db.delete(guilds);
    await updateGuildSettings(db, GUILD, { timezone: SEOUL }, NOW);
  });

  it('sums XP over this week, this month and all time, for this server only', async () => {
    const alice = member(1);
    await answer(alice, '2026-11-24T01:00:00Z', { xp: 10 }); // Tuesday this week
    await answer(alice, '2026-11-05T01:00:00Z', { xp: 7 }); // earlier this month
    await answer(alice, '2026-10-20T01:00:00Z', { xp: 5 }); // last month
    await answer(alice, '2026-11-24T02:00:00Z', { xp: 100, guildId: OTHER_GUILD });

    const week = (await totals(periodRange('week', NOW, SEOUL))).get(alice);
    const month = (await totals(periodRange('month', NOW, SEOUL))).get(alice);
    const all = (await totals(null)).get(alice);
    expect([week?.xp, month?.xp, all?.xp]).toEqual([10, 17, 22]);
    expect([week?.answers, month?.answers, all?.answers]).toEqual([1, 2, 3]);
    expect(all?.lastAnsweredAt?.toISOString()).toBe('2026-11-24T01:00:00.000Z');
    expect((await totals(null, OTHER_GUILD)).get(alice)?.xp).toBe(100);
  });

  it('counts a review given in a DM on every board where the member had studied by then, once each', async () => {
    const [alice, bob] = [member(1), member(2)];
    await join(alice, GUILD, {}, new Date('2026-11-01T00:00:00Z'));
    await join(alice, OTHER_GUILD, {}, new Date('2026-11-24T12:00:00Z'));
    await join(bob, GUILD, {}, new Date('2026-11-01T00:00:00Z'));
    await answer(alice, '2026-10-20T01:00:00Z', { xp: 1, guildId: null }); // before she studied anywhere
    await answer(alice, '2026-11-24T03:00:00Z', { xp: 1000, guildId: null }); // only GUILD had her then
    await answer(alice, '2026-11-25T03:00:00Z', { xp: 20, guildId: null }); // both
    await answer(alice, '2026-11-25T04:00:00Z', { xp: 5, guildId: GUILD });
    await answer(bob, '2026-11-25T05:00:00Z', { xp: 7, guildId: null });

    const week = periodRange('week', NOW, SEOUL);
    expect((await totals(week)).get(alice)).toMatchObject({ xp: 1025, answers: 3 });
    expect((await totals(null)).get(alice)).toMatchObject({ xp: 1025, answers: 3 });
    expect((await totals(week, OTHER_GUILD)).get(alice)).toMatchObject({ xp: 20, answers: 1 });
    expect((await totals(null, OTHER_GUILD)).get(alice)).toMatchObject({ xp: 20, answers: 1 });
    // Bob never studied in the other server: his DM review is on his one board only.
    expect((await totals(null)).get(bob)?.xp).toBe(7);
    expect((await totals(null, OTHER_GUILD)).has(bob)).toBe(false);

    // Undo of a DM answer takes it off every board it was on.
    await db.delete(reviewLogs).where(and(eq(reviewLogs.userId, alice), eq(reviewLogs.xp, 20)));
    expect((await totals(null)).get(alice)).toMatchObject({ xp: 1005, answers: 2 });
    expect((await totals(null, OTHER_GUILD)).has(alice)).toBe(false);
  });

  it('starts the week at Monday 00:00 in the server zone: Sunday 23:59 KST belongs to the week before', async () => {
    const alice = member(1);
    await answer(alice, '2026-11-22T14:59:00Z', { xp: 3 }); // Sunday 23:59 KST
    await answer(alice, '2026-11-22T15:00:00Z', { xp: 5 }); // Monday 00:00 KST
    const range = periodRange('week', NOW, SEOUL);
    expect(range?.start.toISOString()).toBe('2026-11-22T15:00:00.000Z');
    expect((await totals(range)).get(alice)?.xp).toBe(5);
    const lastWeek = periodRange('week', new Date('2026-11-22T14:59:30Z'), SEOUL);
    expect((await totals(lastWeek)).get(alice)?.xp).toBe(3);
    // A server in New York reads both answers on its Sunday: one week, ended by its own Monday 00:00.
    await updateGuildSettings(db, GUILD, { timezone: 'America/New_York' }, NOW);
    const weekIn = (now: string) =>
      loadBoard(deps, { guildId: GUILD, metric: 'xp', period: 'week', now: new Date(now) });
    expect((await weekIn('2026-11-23T04:59:00Z')).board.top.map((row) => row.xp)).toEqual([8]); // Sun 23:59 EST
    expect((await weekIn('2026-11-23T05:00:00Z')).board.top).toEqual([]); // Mon 00:00 EST
  });

  it('matches a plain sum over the log for ranges in any zone, after answers are undone too', async () => {
    const zones = ['Asia/Seoul', 'Asia/Kolkata', 'America/Los_Angeles', 'UTC', 'Asia/Kathmandu'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const base = Date.parse('2026-10-25T00:00:00Z');
    for (const n of [1, 2, 3, 4]) await join(member(n));
    for (let i = 0; i < 150; i++) {
      await answer(
        member(1 + Math.floor(random() * 4)),
        new Date(base + Math.floor(random() * 40 * 86_400_000)),
        {
          xp: Math.floor(random() * 15),
          correct: random() > 0.3,
          // Every fifth answer in a DM, after the member joined the server: it counts on its board too.
          guildId: random() < 0.2 ? null : GUILD,
        },
      );
    }
    // Undo removes rows; the sums must follow.
    await db.execute(
      sql`delete from review_logs where id in (select id from review_logs order by id desc limit 20)`,
    );
    await db.execute(
      sql`update review_logs set xp = xp + 1 where id in (select id from review_logs order by id limit 5)`,
    );
    for (const zone of zones) {
      for (const at of ['2026-11-03T10:00:00Z', '2026-11-26T03:00:00Z', '2026-11-30T23:00:00Z']) {
        for (const period of ['week', 'month'] as const) {
          const range = periodRange(period, new Date(at), zone);
          if (!range) throw new Error('no range');
          const expected = (
            await db.execute<{
              user_id: string;
              xp: number;
              answers: number;
              correct: number;
            }>(sql`select user_id, sum(xp)::int as xp, count(*)::int as answers,
              (count(*) filter (where correct))::int as correct from review_logs
              where (guild_id = ${GUILD} or (guild_id is null and user_id in
                (select user_id from guild_members where guild_id = ${GUILD}))) and reviewed_at >= ${range.start.toISOString()}::timestamptz and reviewed_at < ${range.end.toISOString()}::timestamptz
              group by user_id order by user_id`)
          ).map((row) => ({ ...row }));
          const actual = [...(await totals(range)).values()]
            .map((row) => ({ user_id: row.userId, xp: row.xp, answers: row.answers, correct: row.correct }))
            .sort((a, b) => a.user_id.localeCompare(b.user_id));
          expect(actual, `${period} at ${at} in ${zone}`).toEqual(expected);
        }
      }
    }
    const [sums] = await db.execute<{
      a: number;
      b: number;
    }>(sql`select (select sum(answers) from leaderboard_sums where period = 'all')::int as a,
        (select count(*) from review_logs r join guild_members m on m.user_id = r.user_id
          and (m.guild_id = r.guild_id or r.guild_id is null))::int as b`);
    expect(sums?.a).toBe(sums?.b);
  });

  /** A deterministic generator, so a failure can be replayed. */
  function randomFrom(start: number) {
    let seed = start;
    return () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
  }

  const byUser = (rows: MemberTotals[]) => [...rows].sort((a, b) => a.userId.localeCompare(b.userId));

  it('keeps every stored week, month and all time equal to a plain sum over the log, in any zone, through undo and edits', async () => {
    const zones = ['Asia/Seoul', 'America/New_York', 'Asia/Kathmandu', 'UTC', 'Australia/Lord_Howe'];
    const base = Date.parse('2026-10-20T00:00:00Z'); // New York and Lord Howe change their clocks in this span
    for (const [z, zone] of zones.entries()) {
      await db.delete(reviewLogs);
      await db.delete(leaderboardSums);
      await updateGuildSettings(db, GUILD, { timezone: zone }, NOW);
      expect(await rebuildLeaderboardSums(db, GUILD, zone)).toBe(true);
      expect(await rebuildLeaderboardSums(db, GUILD, zone)).toBe(false); // already kept in this zone
      const random = randomFrom(11 + z);
      for (const n of [1, 2, 3, 4]) await join(member(n));
      await join(member(5), GUILD, {}, new Date('2026-11-10T00:00:00Z')); // DM reviews before this do not count
      const rows = Array.from({ length: 160 }, () => {
        // Some answers land exactly on a local midnight, the edge of a week or a month.
        const at =
          random() < 0.1
            ? (periodRange(
                random() < 0.5 ? 'week' : 'month',
                new Date(base + random() * 45 * 86_400_000),
                zone,
              )?.start as Date)
            : new Date(base + Math.floor(random() * 45 * 86_400_000));
        return logRows(member(1 + Math.floor(random() * 5)), at, {
          xp: Math.floor(random() * 15),
          correct: random() > 0.3,
          guildId: random() < 0.25 ? null : GUILD,
        });
      }).flat();
      // One statement: the trigger runs once per row all the same.
      await db.insert(reviewLogs).values(rows);
      await db.execute(
        sql`delete from review_logs where id in (select id from review_logs order by id desc limit 15)`,
      );
      await db.execute(
        sql`delete from review_logs where id in (select id from review_logs order by xp, id limit 10)`,
      );
      await db.execute(sql`update review_logs set xp = xp + 1, reviewed_at = reviewed_at + interval '3 days'
        where id in (select id from review_logs order by id limit 8)`);
      const incremental = await db
        .select()
        .from(leaderboardSums)
        .orderBy(leaderboardSums.period, leaderboardSums.periodStart, leaderboardSums.userId);
      for (let day = 0; day < 48; day += 3) {
        for (const period of ['week', 'month'] as const) {
          const range = periodRange(period, new Date(base + day * 86_400_000), zone) as InstantRange;
          const key = storedPeriodOf(range, zone);
          if (!key) throw new Error('a period is a stored period');
          const sums = await findPeriodSums(db, { guildId: GUILD, key, zone });
          expect(sums.zoneMatches).toBe(true);
          const exact = await findLeaderboardTotals(db, { guildId: GUILD, range });
          expect(byUser(sums.totals), `${period} ${key.start} in ${zone}`).toEqual(byUser(exact));
        }
      }
      const all = await findPeriodSums(db, {
        guildId: GUILD,
        key: { period: 'all', start: '-infinity' },
        zone,
      });
      const [count] = await db.execute<{ n: number }>(sql`select count(*)::int as n from review_logs r
        where r.guild_id = ${GUILD} or (r.guild_id is null and exists (select 1 from guild_members m
          where m.user_id = r.user_id and m.guild_id = ${GUILD} and m.first_studied_at <= r.reviewed_at))`);
      expect(all.totals.reduce((sum, row) => sum + row.answers, 0)).toBe(count?.n);
      // A rebuild from the log files every answer exactly where the trigger did.
      await db.update(guilds).set({ boardZone: null }).where(eq(guilds.id, GUILD));
      expect(await rebuildLeaderboardSums(db, GUILD, zone)).toBe(true);
      expect(
        await db
          .select()
          .from(leaderboardSums)
          .orderBy(leaderboardSums.period, leaderboardSums.periodStart, leaderboardSums.userId),
      ).toEqual(incremental);
    }
  });

  it("ranks in SQL in the domain's order, with the viewer's own row, on random data full of ties", async () => {
    const random = randomFrom(5);
    const members = Array.from({ length: 40 }, (_, n) => (n % 7 === 0 ? `${90 + n}` : member(n)));
    for (const id of members) await join(id);
    await rebuildLeaderboardSums(db, GUILD, SEOUL);
    const instants = ['2026-11-23T01:00:00Z', '2026-11-24T01:00:00Z', '2026-11-24T02:00:00Z'];
    const rows = members.flatMap((id) => {
      // Few distinct counts and three instants: many members tie on value and answers, some on time too.
      const answers = (random() < 0.5 ? 1 : ACCURACY_MIN_ANSWERS - 1) + Math.floor(random() * 3);
      return Array.from({ length: answers }, () =>
        logRows(id, instants[Math.floor(random() * instants.length)] as string, {
          xp: [0, 5, 10][Math.floor(random() * 3)] as number,
          correct: random() > 0.2,
        }),
      ).flat();
    });
    await db.insert(reviewLogs).values(rows);
    // Microseconds the bot never writes, which a JavaScript Date cannot see: they must not order the rows. The
    // pair ties to the millisecond, so the smaller id ranks first although its answer is 300 µs later.
    const [early, late] = [member(201), member(200)];
    for (const id of [early, late]) await answer(id, '2026-11-24T03:00:00Z', { xp: 99, times: 2 });
    await db.execute(sql`update review_logs set reviewed_at = reviewed_at + interval '300 microseconds'
      where (id % 3 = 0 and user_id <> ${early}) or user_id = ${late}`);
    await db
      .update(users)
      .set({ leaderboardOptOut: true })
      .where(eq(users.id, members[3] as string));
    const range = periodRange('week', NOW, SEOUL);
    const exact = await findLeaderboardTotals(db, { guildId: GUILD, range });
    for (const metric of ['xp', 'accuracy'] as LeaderboardMetric[]) {
      for (const viewerId of [...members, early, late, member(999)]) {
        const viewer = { userId: viewerId, optedOut: viewerId === members[3] };
        const expected = buildBoard({ metric, totals: exact, viewer });
        const { board } = await loadBoard(deps, { guildId: GUILD, metric, period: 'week', now: NOW, viewer });
        expect(board, `${metric}, viewer ${viewerId}`).toEqual(expected);
      }
    }
    const { board } = await loadBoard(deps, { guildId: GUILD, metric: 'xp', period: 'week', now: NOW });
    expect(board.top.slice(0, 2).map((row) => row.userId)).toEqual([late, early]);
  });

  it("refiles a server's sums with its new zone, in the same transaction as the setting", async () => {
    const alice = member(1);
    await join(alice);
    await setGuildTimeZone(deps, { guildId: GUILD, zone: SEOUL });
    await answer(alice, '2026-11-22T20:00:00Z', { xp: 5 }); // Monday 05:00 in Seoul, Sunday 15:00 in New York
    const weekStarts = async () =>
      (await db.select().from(leaderboardSums).where(eq(leaderboardSums.period, 'week'))).map(
        (row) => row.periodStart,
      );
    expect(await weekStarts()).toEqual(['2026-11-23']);
    const changed = await setGuildTimeZone(deps, { guildId: GUILD, zone: 'America/New_York' });
    expect(changed.ok).toBe(true);
    expect(await weekStarts()).toEqual(['2026-11-16']);
    const [guild] = await db.select().from(guilds).where(eq(guilds.id, GUILD));
    expect(guild?.boardZone).toBe('America/New_York');
    const { board } = await loadBoard(deps, {
      guildId: GUILD,
      metric: 'xp',
      period: 'week',
      now: new Date('2026-11-22T21:00:00Z'),
    });
    expect(board.top.map((row) => [row.userId, row.xp])).toEqual([[alice, 5]]);
  });

  // Zone names ICU still accepts and the tz database dropped (2020b), so PostgreSQL's zone list lacks them.
  const zonesOnlyTheRuntimeKnows = ['US/Pacific-New', 'Canada/East-Saskatchewan'];

  it('a server zone the database does not know still saves, and its boards are summed from the log', async () => {
    const zone = await (async () => {
      for (const candidate of zonesOnlyTheRuntimeKnows) {
        if (!isValidTimeZone(candidate)) continue;
        const known = await db
          .execute(sql`select 1 from pg_timezone_names where name = ${candidate}`)
          .then((rows) => rows.length > 0);
        if (!known) return candidate;
      }
      return null;
    })();
    // Fails rather than passes unchecked on a runtime and database that agree on every one of these names.
    expect(zone, 'a zone the runtime knows and the database does not').not.toBeNull();
    if (zone === null) return;
    const alice = member(1);
    const bob = member(2);
    await join(alice);
    await join(bob);
    await setGuildTimeZone(deps, { guildId: GUILD, zone: SEOUL });
    const changed = await setGuildTimeZone(deps, { guildId: GUILD, zone });
    expect(changed.ok).toBe(true);
    const [guild] = await db.select().from(guilds).where(eq(guilds.id, GUILD));
    expect(guild?.timezone).toBe(zone);
    expect(guild?.boardZone).toBe(SEOUL); // the sums stay as they were kept
    // Sunday 22 November 15:00 in Los Angeles (this zone's rules): last week there, but Monday in Seoul.
    await answer(alice, '2026-11-22T23:00:00Z', { xp: 7 });
    // Monday 23 November 01:00 in Los Angeles: this week there.
    await answer(bob, '2026-11-23T09:00:00Z', { xp: 4 });
    const loaded = await loadBoard(deps, { guildId: GUILD, metric: 'xp', period: 'week', now: NOW });
    expect(loaded.zone).toBe(zone);
    expect(loaded.range?.start.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(loaded.board.top.map((row) => [row.userId, row.xp])).toEqual([[bob, 4]]);
    const allTime = await loadBoard(deps, { guildId: GUILD, metric: 'xp', period: 'all', now: NOW });
    expect(allTime.board.top.map((row) => [row.userId, row.xp])).toEqual([
      [alice, 7],
      [bob, 4],
    ]);
  });

  it('rebuilds the sums on the first read in a zone they were not kept in (the default changed)', async () => {
    const alice = member(1);
    await updateGuildSettings(db, GUILD, { timezone: null }, NOW);
    await rebuildLeaderboardSums(db, GUILD, SEOUL);
    await answer(alice, '2026-11-22T20:00:00Z', { xp: 5 }); // Monday in Seoul, Sunday in New York
    const nyDeps = { ...deps, config: { ...config, defaultTimezone: 'America/New_York' } };
    const inNewYork = await loadBoard(nyDeps, { guildId: GUILD, metric: 'xp', period: 'week', now: NOW });
    expect(inNewYork.zone).toBe('America/New_York');
    expect(inNewYork.board.top).toEqual([]); // New York's week began on the 23rd, after her Sunday answer
    const [guild] = await db.select().from(guilds).where(eq(guilds.id, GUILD));
    expect(guild?.boardZone).toBe('America/New_York');
    const inSeoul = await loadBoard(deps, { guildId: GUILD, metric: 'xp', period: 'week', now: NOW });
    expect(inSeoul.board.top.map((row) => row.xp)).toEqual([5]);
  });

  it('a rebuild waits for an answer still in flight and counts it once, in the new zone', async () => {
    const alice = member(1);
    await join(alice);
    await rebuildLeaderboardSums(db, GUILD, 'UTC');
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted = () => {};
    const didInsert = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // Monday 05:00 in Seoul, still Sunday in UTC: the two zones file it under different weeks.
    const writer = db.transaction(async (tx) => {
      await answer(alice, '2026-11-22T20:00:00Z', { xp: 5, in: tx as Database });
      inserted();
      await held;
    });
    await didInsert;
    const rebuild = rebuildLeaderboardSums(db, GUILD, SEOUL);
    // The rebuild is queued behind the writer's shared lock on this board.
    for (;;) {
      const [waiting] = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
          and database = (select oid from pg_database where datname = current_database())`,
      );
      if (waiting?.n === 1) break;
    }
    release();
    await writer;
    expect(await rebuild).toBe(true);
    const week = await db.select().from(leaderboardSums).where(eq(leaderboardSums.period, 'week'));
    expect(week.map((row) => [row.periodStart, row.xp, row.answers])).toEqual([['2026-11-23', 5, 1]]);
  });

  it("a zone change waits for an answer in flight that still writes the server's row, without a deadlock", async () => {
    const alice = member(1);
    await join(alice);
    await rebuildLeaderboardSums(db, GUILD, SEOUL);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted = () => {};
    const didInsert = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // As the answer path does: the review first (its trigger holds the board), then the server's row.
    const writer = db.transaction(async (tx) => {
      await answer(alice, '2026-11-22T20:00:00Z', { xp: 5, in: tx as Database });
      inserted();
      await held;
      await tx.insert(guilds).values({ id: GUILD }).onConflictDoNothing();
    });
    await didInsert;
    const change = setGuildTimeZone(deps, { guildId: GUILD, zone: 'America/New_York' });
    for (;;) {
      const [waiting] = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
          and database = (select oid from pg_database where datname = current_database())`,
      );
      if (waiting?.n === 1) break;
    }
    release();
    await writer;
    expect((await change).ok).toBe(true);
    const week = await db.select().from(leaderboardSums).where(eq(leaderboardSums.period, 'week'));
    expect(week.map((row) => [row.periodStart, row.xp])).toEqual([['2026-11-16', 5]]); // Sunday in New York
  });

  it('reads a range that is not a stored period exactly from the log', async () => {
    const [alice, bob] = [member(1), member(2)];
    await answer(alice, '2026-11-20T01:00:00Z', { xp: 10 });
    await answer(alice, '2026-11-24T01:00:00Z', { xp: 3 });
    await answer(bob, '2026-11-25T01:00:00Z', { xp: 8 });
    const range = { start: new Date('2026-11-19T00:00:00Z'), end: new Date('2026-11-24T12:00:00Z') };
    expect(storedPeriodOf(range, SEOUL)).toBeNull();
    const { board } = await loadBoard(deps, { guildId: GUILD, metric: 'xp', now: NOW, range });
    expect(board.top.map((row) => [row.userId, row.xp])).toEqual([[alice, 13]]);
  });

  it('hides a member who opted out, and tells them so', async () => {
    const [alice, bob] = [member(1), member(2)];
    await answer(alice, '2026-11-24T01:00:00Z', { xp: 10 });
    await answer(bob, '2026-11-24T01:00:00Z', { xp: 50 });
    await db.update(users).set({ leaderboardOptOut: true }).where(eq(users.id, bob));
    const { board } = await loadBoard(deps, {
      guildId: GUILD,
      metric: 'xp',
      period: 'week',
      now: NOW,
      viewer: { userId: bob, optedOut: true },
    });
    expect(board.top.map((row) => row.userId)).toEqual([alice]);
    expect(board.viewer).toEqual({ kind: 'opted-out' });
  });

  it(`ranks accuracy only from ${ACCURACY_MIN_ANSWERS} answers`, async () => {
    const [alice, bob, carol] = [member(1), member(2), member(3)];
    await answer(alice, '2026-11-24T01:00:00Z', { times: ACCURACY_MIN_ANSWERS - 1 }); // 100 %, too few
    await answer(bob, '2026-11-24T01:00:00Z', { times: 18 });
    await answer(bob, '2026-11-24T02:00:00Z', { times: 2, correct: false }); // 90 %
    await answer(carol, '2026-11-24T01:00:00Z', { times: 27 });
    await answer(carol, '2026-11-24T02:00:00Z', { times: 3, correct: false }); // 90 %, more answers
    const { board } = await loadBoard(deps, {
      guildId: GUILD,
      metric: 'accuracy',
      period: 'week',
      now: NOW,
      viewer: { userId: alice, optedOut: false },
    });
    expect(board.top.map((row) => [row.userId, row.rank])).toEqual([
      [carol, 1],
      [bob, 2],
    ]);
    expect(board.viewer).toEqual({
      kind: 'below-minimum',
      answers: ACCURACY_MIN_ANSWERS - 1,
      needed: ACCURACY_MIN_ANSWERS,
    });
  });

  it('breaks ties the stated way: more answers, then who got there first, then the user id', async () => {
    const [a, b, c, d] = [member(4), member(3), member(2), member(1)];
    await answer(a, '2026-11-24T01:00:00Z', { xp: 20 }); // 20 XP in 1 answer
    await answer(b, '2026-11-24T01:00:00Z', { xp: 10, times: 2 }); // 20 XP in 2 answers, later than c
    await answer(b, '2026-11-24T05:00:00Z', { xp: 0 });
    await answer(c, '2026-11-24T02:00:00Z', { xp: 10, times: 2 }); // 20 XP in 2 answers
    await answer(c, '2026-11-24T03:00:00Z', { xp: 0 });
    await answer(d, '2026-11-24T02:00:00Z', { xp: 10, times: 2 }); // exactly as c: the smaller id wins
    await answer(d, '2026-11-24T03:00:00Z', { xp: 0 });
    for (let run = 0; run < 3; run++) {
      const { board } = await loadBoard(deps, { guildId: GUILD, metric: 'xp', period: 'week', now: NOW });
      expect(board.top.map((row) => row.userId)).toEqual([d, c, b, a]);
    }
  });

  it("shows the caller's own rank outside the top 10", async () => {
    for (let n = 1; n <= 12; n++) await answer(member(n), '2026-11-24T01:00:00Z', { xp: 130 - n * 10 });
    const { board } = await loadBoard(deps, {
      guildId: GUILD,
      metric: 'xp',
      period: 'week',
      now: NOW,
      viewer: { userId: member(12), optedOut: false },
    });
    expect(board.top).toHaveLength(10);
    expect(board.top[0]?.userId).toBe(member(1));
    expect(board.ranked).toBe(12);
    expect(board.viewer).toMatchObject({ kind: 'ranked', row: { userId: member(12), rank: 12, xp: 10 } });
    const stranger = await loadBoard(deps, {
      guildId: GUILD,
      metric: 'xp',
      period: 'week',
      now: NOW,
      viewer: { userId: member(99), optedOut: false },
    });
    expect(stranger.board.viewer).toEqual({ kind: 'absent' });
  });

  it("ranks streaks that are alive in each member's own today", async () => {
    const [seoul, la, lapsed, hidden] = [member(1), member(2), member(3), member(4)];
    // Seoul's today is 11-26; Los Angeles' is still 11-25.
    await join(seoul, GUILD, { streakCurrent: 5, streakBest: 9, streakLastDay: '2026-11-26' });
    await join(la, GUILD, {
      streakCurrent: 7,
      streakBest: 7,
      streakLastDay: '2026-11-24',
      timezone: 'America/Los_Angeles',
    });
    await join(lapsed, GUILD, { streakCurrent: 30, streakBest: 30, streakLastDay: '2026-11-24' });
    await join(hidden, GUILD, {
      streakCurrent: 50,
      streakBest: 50,
      streakLastDay: '2026-11-26',
      leaderboardOptOut: true,
    });
    await join(member(5), OTHER_GUILD, { streakCurrent: 60, streakBest: 60, streakLastDay: '2026-11-26' });
    const { board } = await loadBoard(deps, {
      guildId: GUILD,
      metric: 'streak',
      period: 'week',
      now: NOW,
      viewer: { userId: lapsed, optedOut: false },
    });
    expect(board.top.map((row) => [row.userId, row.streak])).toEqual([
      [la, 7],
      [seoul, 5],
    ]);
    expect(board.viewer).toEqual({ kind: 'absent' });
  });

  it('keeps the sums exact when answers are undone, down to removing a member from the board', async () => {
    const alice = member(1);
    await answer(alice, '2026-11-24T01:00:00Z', { xp: 10 });
    await answer(alice, '2026-11-24T02:00:00Z', { xp: 4, correct: false });
    await db.delete(reviewLogs).where(and(eq(reviewLogs.userId, alice), eq(reviewLogs.xp, 4)));
    const sums = await db.select().from(leaderboardSums).where(eq(leaderboardSums.userId, alice));
    expect(sums.map((row) => row.period).sort()).toEqual(['all', 'month', 'week']);
    for (const row of sums) {
      expect(row).toMatchObject({ xp: 10, answers: 1, correct: 1 });
      expect(row.lastReviewedAt.toISOString()).toBe('2026-11-24T01:00:00.000Z');
    }
    await db.delete(reviewLogs).where(eq(reviewLogs.userId, alice));
    expect(await db.select().from(leaderboardSums)).toEqual([]);
  });

  describe('the weekly post', () => {
    const CHANNEL = '900000000000000777';
    /** Monday 2026-11-30 in Seoul at the given wall time. */
    const monday = (hhmm: string) => new Date(`2026-11-30T${hhmm}:00+09:00`);

    /** Records each post; `fail` makes an attempt throw (a passing failure) or find the channel gone. */
    function recordingPoster(
      fail: (attempt: number) => Error | 'channel-unavailable' | undefined = () => undefined,
    ) {
      const posts: { channelId: string; post: WeeklyBoardPost }[] = [];
      let attempts = 0;
      const poster: LeaderboardPoster = async (channelId, post) => {
        attempts += 1;
        const failure = fail(attempts);
        if (failure instanceof Error) throw failure;
        if (failure) return failure;
        posts.push({ channelId, post });
        return 'posted';
      };
      return { poster, posts };
    }

    beforeEach(async () => {
      await updateGuildSettings(db, GUILD, { timezone: SEOUL, leaderboardChannelId: CHANNEL }, NOW);
      await answer(member(1), '2026-11-24T01:00:00Z', { xp: 10 });
      await answer(member(2), '2026-11-30T01:00:00Z', { xp: 99 }); // this week: not on last week's board
    });

    it("posts last week's board on Monday from 09:00 server time, once", async () => {
      const { poster, posts } = recordingPoster();
      await runWeeklyLeaderboardTick(deps, poster, new Date('2026-11-29T23:55:00Z')); // Monday 08:55 KST
      await runWeeklyLeaderboardTick(deps, poster, new Date('2026-11-29T02:00:00Z')); // Sunday
      expect(posts).toEqual([]);
      const report = await runWeeklyLeaderboardTick(deps, poster, monday('09:00'));
      expect(report.posted).toEqual([GUILD]);
      await runWeeklyLeaderboardTick(deps, poster, monday('09:05'));
      await runWeeklyLeaderboardTick({ ...deps, instanceId: 'replica-b' }, poster, monday('09:10'));
      expect(posts).toHaveLength(1);
      expect(posts[0]?.channelId).toBe(CHANNEL);
      expect(posts[0]?.post.range.start).toEqual(new Date('2026-11-23T00:00:00+09:00'));
      expect(posts[0]?.post.range.end).toEqual(new Date('2026-11-30T00:00:00+09:00'));
      expect(posts[0]?.post.board.top.map((row) => row.userId)).toEqual([member(1)]);
      const [run] = await db.select().from(jobRuns);
      expect(run).toMatchObject({ job: 'leaderboard-weekly', key: `${GUILD}:2026-11-23` });
      expect(run?.completedAt).not.toBeNull();
    });

    it('posts once when two replicas tick at the same moment', async () => {
      const { poster, posts } = recordingPoster();
      await Promise.all(
        ['replica-a', 'replica-b', 'replica-c'].map((instanceId) =>
          runWeeklyLeaderboardTick({ ...deps, instanceId }, poster, monday('09:00')),
        ),
      );
      expect(posts).toHaveLength(1);
    });

    it('retries a failed post on a later tick', async () => {
      const { poster, posts } = recordingPoster((attempt) =>
        attempt === 1 ? new Error('503 from Discord') : undefined,
      );
      const first = await runWeeklyLeaderboardTick(deps, poster, monday('09:00'));
      expect(first.failed).toEqual([GUILD]);
      expect(posts).toEqual([]);
      await runWeeklyLeaderboardTick({ ...deps, instanceId: 'replica-b' }, poster, monday('09:05'));
      expect(posts).toHaveLength(1);
    });

    it('takes over a claim whose process died before completing it, after the lease', async () => {
      const { poster, posts } = recordingPoster();
      const claimedAt = monday('09:00');
      await db
        .insert(jobRuns)
        .values({ job: 'leaderboard-weekly', key: `${GUILD}:2026-11-23`, claimedBy: 'dead', claimedAt });
      await runWeeklyLeaderboardTick(
        deps,
        poster,
        new Date(claimedAt.getTime() + WEEKLY_POST_LEASE_MS - 60_000),
      );
      expect(posts).toEqual([]);
      await runWeeklyLeaderboardTick(
        deps,
        poster,
        new Date(claimedAt.getTime() + WEEKLY_POST_LEASE_MS + 60_000),
      );
      expect(posts).toHaveLength(1);
    });

    it('gives up on the week when the channel is gone', async () => {
      const { poster, posts } = recordingPoster(() => 'channel-unavailable');
      await runWeeklyLeaderboardTick(deps, poster, monday('09:00'));
      await runWeeklyLeaderboardTick(deps, poster, monday('09:05'));
      expect(posts).toEqual([]);
      const [run] = await db.select().from(jobRuns);
      expect(run?.completedAt).not.toBeNull();
    });
  });
});
