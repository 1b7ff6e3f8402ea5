import { describe, expect, it } from 'vitest';
import {
  ACCURACY_MIN_ANSWERS,
  boardFromRanked,
  buildBoard,
  isWeeklyPostDue,
  type MemberTotals,
  periodRange,
  storedPeriodOf,
} from '../../src/domain/leaderboard.js';
import { previousWeekRange } from '../../src/domain/local-time.js';
import { rankEntries } from '../../src/domain/scoring.js';

const iso = (range: { start: Date; end: Date } | null) =>
  range && [range.start.toISOString(), range.end.toISOString()];

describe('leaderboard periods', () => {
  it('reads the week from Monday 00:00 to Monday 00:00 in the server zone', () => {
    // Sunday 23:59 in Seoul is still in the week that started on Monday the 16th.
    expect(iso(periodRange('week', new Date('2026-11-22T14:59:00Z'), 'Asia/Seoul'))).toEqual([
      '2026-11-15T15:00:00.000Z',
      '2026-11-22T15:00:00.000Z',
    ]);
    expect(iso(periodRange('week', new Date('2026-11-22T15:00:00Z'), 'Asia/Seoul'))?.[0]).toBe(
      '2026-11-22T15:00:00.000Z',
    );
  });

  it('reads the calendar month in the server zone, across a DST change', () => {
    expect(iso(periodRange('month', new Date('2026-11-26T03:00:00Z'), 'Asia/Seoul'))).toEqual([
      '2026-10-31T15:00:00.000Z',
      '2026-11-30T15:00:00.000Z',
    ]);
    // New York leaves daylight time on 2026-11-01: the month starts at -04:00 and ends at -05:00.
    expect(iso(periodRange('month', new Date('2026-11-15T12:00:00Z'), 'America/New_York'))).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-12-01T05:00:00.000Z',
    ]);
    expect(periodRange('all', new Date('2026-11-26T03:00:00Z'), 'UTC')).toBeNull();
  });

  it('makes the weekly post due on Monday from 09:00 server time until the end of Monday', () => {
    expect(isWeeklyPostDue(new Date('2026-11-29T23:59:00Z'), 'Asia/Seoul')).toBe(false); // Mon 08:59
    expect(isWeeklyPostDue(new Date('2026-11-30T00:00:00Z'), 'Asia/Seoul')).toBe(true); // Mon 09:00
    expect(isWeeklyPostDue(new Date('2026-11-30T14:59:00Z'), 'Asia/Seoul')).toBe(true); // Mon 23:59
    expect(isWeeklyPostDue(new Date('2026-11-30T15:00:00Z'), 'Asia/Seoul')).toBe(false); // Tue 00:00
    expect(isWeeklyPostDue(new Date('2026-11-30T00:00:00Z'), 'America/New_York')).toBe(false); // Sun 19:00
  });
});

describe('buildBoard', () => {
  const totals = (n: number): MemberTotals[] =>
    Array.from({ length: n }, (_, i) => ({
      userId: String(100 + i),
      xp: 10 * (n - i),
      answers: 25,
      correct: 25 - i,
      lastAnsweredAt: new Date(0),
    }));

  it('keeps ten rows and ranks the viewer wherever they are', () => {
    const board = buildBoard({
      metric: 'xp',
      totals: totals(15),
      viewer: { userId: '114', optedOut: false },
    });
    expect(board.top.map((row) => row.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(board.viewer).toMatchObject({ kind: 'ranked', row: { rank: 15 } });
  });

  it('ranks accuracy as correct / answers and leaves out members with no streak on a streak board', () => {
    const accuracy = buildBoard({ metric: 'accuracy', totals: totals(3) });
    expect(accuracy.top.map((row) => [row.userId, row.value])).toEqual([
      ['100', 1],
      ['101', 24 / 25],
      ['102', 23 / 25],
    ]);
    const streak = buildBoard({
      metric: 'streak',
      totals: totals(2),
      streaks: new Map([
        ['100', 0],
        ['101', 3],
        ['999', 3],
      ]),
    });
    // Equal streaks: the member with more answers in the period first.
    expect(streak.top.map((row) => row.userId)).toEqual(['101', '999']);
  });
});

describe('stored periods', () => {
  it('names the week, the month and all time by their first local date, and nothing else', () => {
    const now = new Date('2026-11-26T03:00:00Z');
    expect(storedPeriodOf(periodRange('week', now, 'Asia/Seoul'), 'Asia/Seoul')).toEqual({
      period: 'week',
      start: '2026-11-23',
    });
    expect(storedPeriodOf(periodRange('month', now, 'America/New_York'), 'America/New_York')).toEqual({
      period: 'month',
      start: '2026-11-01',
    });
    expect(storedPeriodOf(null, 'UTC')).toEqual({ period: 'all', start: '-infinity' });
    // A Seoul week is not a week in New York; a span of three days is no period at all.
    expect(storedPeriodOf(periodRange('week', now, 'Asia/Seoul'), 'America/New_York')).toBeNull();
    // The weekly post's last week, a week of 169 hours in New York (clocks back on 2026-11-01), is stored.
    expect(
      storedPeriodOf(
        previousWeekRange(new Date('2026-11-02T15:00:00Z'), 'America/New_York'),
        'America/New_York',
      ),
    ).toEqual({ period: 'week', start: '2026-10-26' });
    const threeDays = { start: new Date('2026-11-22T15:00:00Z'), end: new Date('2026-11-25T15:00:00Z') };
    expect(storedPeriodOf(threeDays, 'Asia/Seoul')).toBeNull();
  });
});

describe('boardFromRanked', () => {
  it('builds the board buildBoard builds from the top rows and the viewer, ranked elsewhere', () => {
    const totals: MemberTotals[] = Array.from({ length: 14 }, (_, i) => ({
      userId: String(200 + i),
      xp: 7 * (i % 5),
      answers: ACCURACY_MIN_ANSWERS - 2 + (i % 4),
      correct: 10 + (i % 3),
      lastAnsweredAt: new Date(1_000 * (i % 2)),
    }));
    for (const metric of ['xp', 'accuracy'] as const) {
      const value = (t: MemberTotals) => (metric === 'xp' ? t.xp : t.correct / t.answers);
      const minAnswers = metric === 'accuracy' ? ACCURACY_MIN_ANSWERS : 0;
      const ranked = rankEntries(
        totals.map((t) => ({ ...t, value: value(t) })),
        { minAnswers },
      );
      for (const userId of ['200', '201', '213', '999']) {
        const viewer = { userId, optedOut: false };
        const rankOf = (id: string) => ranked.find((row) => row.userId === id)?.rank ?? null;
        // What the database returns: the top ten, and the viewer wherever they stand.
        const rows = totals
          .map((t) => ({ ...t, rank: rankOf(t.userId) }))
          .filter((t) => (t.rank !== null && t.rank <= 10) || t.userId === userId);
        expect(boardFromRanked({ metric, rows, ranked: ranked.length, viewer })).toEqual(
          buildBoard({ metric, totals, viewer }),
        );
      }
      expect(
        boardFromRanked({ metric, rows: [], ranked: 0, viewer: { userId: '200', optedOut: true } }).viewer,
      ).toEqual({ kind: 'opted-out' });
    }
  });
});
