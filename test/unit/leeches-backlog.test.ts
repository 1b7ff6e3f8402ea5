import { describe, expect, it } from 'vitest';
import {
  advanceStreakThroughAway,
  backlogDays,
  backlogReviewsLeft,
  isAway,
  orderBacklog,
  planAway,
  streakThroughAway,
} from '../../src/domain/backlog.js';
import {
  isLeech,
  LEECH_DIFFICULTY,
  LEECH_LAPSES,
  LEECH_MISSES_PER_DAY,
  leechSuspendedUntil,
  type MemberItemRecord,
  rankGroupLeeches,
} from '../../src/domain/leeches.js';

const tomorrow = new Date('2026-03-02T15:00:00Z');

describe('leeches for one member', () => {
  it('needs both repeated lapses and a difficulty near the top', () => {
    expect(isLeech({ lapses: LEECH_LAPSES, difficulty: LEECH_DIFFICULTY })).toBe(true);
    expect(isLeech({ lapses: LEECH_LAPSES - 1, difficulty: 10 })).toBe(false);
    expect(isLeech({ lapses: 20, difficulty: LEECH_DIFFICULTY - 0.5 })).toBe(false);
  });

  it('puts a leech aside until tomorrow after the day’s misses, and nothing else', () => {
    const leech = { lapses: LEECH_LAPSES, difficulty: 9.5 };
    expect(
      leechSuspendedUntil({ memory: leech, missesToday: LEECH_MISSES_PER_DAY, startOfTomorrow: tomorrow }),
    ).toEqual(tomorrow);
    expect(
      leechSuspendedUntil({
        memory: leech,
        missesToday: LEECH_MISSES_PER_DAY - 1,
        startOfTomorrow: tomorrow,
      }),
    ).toBeNull();
    expect(
      leechSuspendedUntil({
        memory: { lapses: 1, difficulty: 9.5 },
        missesToday: 5,
        startOfTomorrow: tomorrow,
      }),
    ).toBeNull();
  });
});

describe('leeches for the group', () => {
  const record = (itemId: string, userId: string, reviews: number, lapses: number, predicted = 0.9) =>
    ({
      itemId,
      userId,
      reviews,
      lapses,
      predictedReviews: reviews,
      predictedSum: predicted * reviews,
      predictedLapses: lapses,
    }) satisfies MemberItemRecord;

  it('counts members, not reviews: one member drilling an item does not make it the group’s worst', () => {
    const records = [
      // "drilled": one member forgot it 15 times, three others never did.
      record('drilled', 'a', 30, 15),
      record('drilled', 'b', 3, 0),
      record('drilled', 'c', 3, 0),
      record('drilled', 'd', 3, 0),
      // "shared": three of four members forgot it once.
      record('shared', 'a', 3, 1),
      record('shared', 'b', 3, 1),
      record('shared', 'c', 3, 1),
      record('shared', 'd', 3, 0),
    ];
    const ranked = rankGroupLeeches(records);
    expect(ranked.map((leech) => leech.itemId)).toEqual(['shared', 'drilled']);
    expect(ranked[0]).toMatchObject({ members: 4, lapseRate: 0.75 });
  });

  it('breaks ties by how far recall fell below the prediction, and leaves out items few members met', () => {
    const records = [
      record('calibrated', 'a', 4, 1, 0.75),
      record('calibrated', 'b', 4, 1, 0.75),
      record('calibrated', 'c', 4, 1, 0.75),
      record('surprising', 'a', 4, 1, 0.95),
      record('surprising', 'b', 4, 1, 0.95),
      record('surprising', 'c', 4, 1, 0.95),
      record('rare', 'a', 4, 4),
      record('rare', 'b', 4, 4),
    ];
    const ranked = rankGroupLeeches(records);
    expect(ranked.map((leech) => leech.itemId)).toEqual(['surprising', 'calibrated']);
    expect(ranked[0]?.recallGap).toBeCloseTo(0.2, 6);
    expect(ranked[1]?.recallGap).toBeCloseTo(0, 6);
  });
});

describe('breaks and backlogs', () => {
  it('is away through the day before the return date', () => {
    expect(isAway('2026-03-10', '2026-03-09')).toBe(true);
    expect(isAway('2026-03-10', '2026-03-10')).toBe(false);
    expect(isAway(null, '2026-03-09')).toBe(false);
  });

  it('serves the backlog most at risk first, the longest overdue first among equals', () => {
    const due = (itemId: string, retrievability: number, iso: string) => ({
      itemId,
      retrievability,
      due: new Date(iso),
    });
    const ordered = orderBacklog([
      due('safe', 0.85, '2026-03-01T00:00:00Z'),
      due('later', 0.4, '2026-03-05T00:00:00Z'),
      due('risky', 0.2, '2026-03-06T00:00:00Z'),
      due('earlier', 0.4, '2026-03-02T00:00:00Z'),
    ]);
    expect(ordered.map((c) => c.itemId)).toEqual(['risky', 'earlier', 'later', 'safe']);
  });

  it('caps the day’s reviews and says how many days the backlog takes', () => {
    expect(backlogReviewsLeft(50, 20)).toBe(30);
    expect(backlogReviewsLeft(50, 70)).toBe(0);
    expect(backlogDays(200, 50)).toBe(4);
    expect(backlogDays(201, 50)).toBe(5);
    expect(backlogDays(0, 50)).toBe(0);
  });
});

describe('the streak freeze', () => {
  const away = { from: '2026-03-03', until: '2026-03-10' };
  const streak = { current: 5, best: 7, lastDay: '2026-03-02' };

  it('continues the streak on return when every missed day was away', () => {
    expect(advanceStreakThroughAway(streak, '2026-03-10', away)).toEqual({
      current: 6,
      best: 7,
      lastDay: '2026-03-10',
    });
    // Without the break, the same gap starts over.
    expect(advanceStreakThroughAway(streak, '2026-03-10', null)).toEqual({
      current: 1,
      best: 7,
      lastDay: '2026-03-10',
    });
    // A day missed after the break ends it, as any missed day does.
    expect(advanceStreakThroughAway(streak, '2026-03-11', away).current).toBe(1);
  });

  it('shows the streak as frozen while away, and as lost once a day outside the break is missed', () => {
    expect(streakThroughAway(streak, '2026-03-06', away)).toEqual({ current: 5, frozen: true });
    expect(streakThroughAway(streak, '2026-03-10', away)).toEqual({ current: 5, frozen: true });
    expect(streakThroughAway(streak, '2026-03-11', away)).toEqual({ current: 0, frozen: false });
    expect(streakThroughAway(streak, '2026-03-03', away)).toEqual({ current: 5, frozen: false });
    expect(streakThroughAway(streak, '2026-03-06', null)).toEqual({ current: 0, frozen: false });
  });
});

describe('asking for a break', () => {
  const today = '2026-03-02';

  it('takes a return date from tomorrow to 60 days ahead, and nothing else', () => {
    expect(planAway('2026-03-10', today, null)).toEqual({
      ok: true,
      away: { from: today, until: '2026-03-10' },
    });
    expect(planAway('2026-03-02', today, null)).toEqual({ ok: false });
    expect(planAway('2026-05-02', today, null)).toEqual({ ok: false });
    expect(planAway('2026-02-30', today, null)).toEqual({ ok: false });
    expect(planAway('next week', today, null)).toEqual({ ok: false });
  });

  it('keeps the start of a break under way when it is extended or ended early', () => {
    const current = { from: '2026-02-27', until: '2026-03-05' };
    expect(planAway('2026-03-20', today, current)).toEqual({
      ok: true,
      away: { from: '2026-02-27', until: '2026-03-20' },
    });
    expect(planAway('off', today, current)).toEqual({ ok: true, away: { from: '2026-02-27', until: today } });
    expect(planAway('off', today, { from: today, until: '2026-03-05' })).toEqual({ ok: true, away: null });
  });
});
