import { describe, expect, it } from 'vitest';
import { buildBoard, isWeeklyPostDue, type MemberTotals, periodRange } from '../../src/domain/leaderboard.js';

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
