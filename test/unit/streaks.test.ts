import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../src/domain/local-time.js';
import {
  advanceStreak,
  computeStreak,
  effectiveStreak,
  type StoredStreak,
} from '../../src/domain/streaks.js';

const EMPTY: StoredStreak = { current: 0, best: 0, lastDay: null };

describe('computeStreak', () => {
  it('is zero with no reviews', () => {
    expect(computeStreak({ reviewDays: [], today: '2026-03-10' })).toEqual({
      current: 0,
      best: 0,
      reviewedToday: false,
      atRisk: false,
    });
  });

  it('counts consecutive days back from today when the member reviewed today', () => {
    expect(
      computeStreak({ reviewDays: ['2026-03-08', '2026-03-09', '2026-03-10'], today: '2026-03-10' }),
    ).toEqual({
      current: 3,
      best: 3,
      reviewedToday: true,
      atRisk: false,
    });
  });

  it('keeps the streak alive but at risk when the last review was yesterday', () => {
    expect(computeStreak({ reviewDays: ['2026-03-08', '2026-03-09'], today: '2026-03-10' })).toEqual({
      current: 2,
      best: 2,
      reviewedToday: false,
      atRisk: true,
    });
  });

  it('drops the current streak to zero after a full missed day, keeping the best', () => {
    expect(
      computeStreak({ reviewDays: ['2026-03-06', '2026-03-07', '2026-03-08'], today: '2026-03-10' }),
    ).toEqual({
      current: 0,
      best: 3,
      reviewedToday: false,
      atRisk: false,
    });
  });

  it('accepts days in any order with duplicates and finds the best run across gaps and month ends', () => {
    const reviewDays = ['2026-03-01', '2026-02-27', '2026-02-28', '2026-02-28', '2026-03-05', '2026-03-06'];
    expect(computeStreak({ reviewDays, today: '2026-03-06' })).toMatchObject({ current: 2, best: 3 });
  });

  it('ignores days after today (clock skew or a zone change)', () => {
    expect(
      computeStreak({ reviewDays: ['2026-03-09', '2026-03-11', '2026-03-12'], today: '2026-03-10' }),
    ).toEqual({
      current: 1,
      best: 1,
      reviewedToday: false,
      atRisk: true,
    });
  });

  it('gives different streaks in Asia/Seoul and Europe/Berlin for the same review instants', () => {
    // 14:30Z is 23:30 in Seoul but 15:30 in Berlin; 16:30Z the next day is already 01:30 the day after
    // in Seoul, so Seoul sees a missed day that Berlin does not.
    const reviews = [new Date('2026-03-01T14:30:00Z'), new Date('2026-03-02T16:30:00Z')];
    const now = new Date('2026-03-02T18:00:00Z');
    const streakIn = (zone: string) =>
      computeStreak({ reviewDays: reviews.map((at) => localDate(at, zone)), today: localDate(now, zone) });

    expect(reviews.map((at) => localDate(at, 'Asia/Seoul'))).toEqual(['2026-03-01', '2026-03-03']);
    expect(streakIn('Asia/Seoul')).toEqual({ current: 1, best: 1, reviewedToday: true, atRisk: false });
    expect(reviews.map((at) => localDate(at, 'Europe/Berlin'))).toEqual(['2026-03-01', '2026-03-02']);
    expect(streakIn('Europe/Berlin')).toEqual({ current: 2, best: 2, reviewedToday: true, atRisk: false });
  });
});

describe('advanceStreak', () => {
  it('starts a streak of 1 on the first review', () => {
    expect(advanceStreak(EMPTY, '2026-03-10')).toEqual({ current: 1, best: 1, lastDay: '2026-03-10' });
  });

  it('leaves the streak unchanged for another review on the same day', () => {
    const prev = { current: 4, best: 7, lastDay: '2026-03-10' };
    expect(advanceStreak(prev, '2026-03-10')).toEqual(prev);
  });

  it('adds one for a review on the next day and raises best when passed', () => {
    expect(advanceStreak({ current: 4, best: 7, lastDay: '2026-03-10' }, '2026-03-11')).toEqual({
      current: 5,
      best: 7,
      lastDay: '2026-03-11',
    });
    expect(advanceStreak({ current: 7, best: 7, lastDay: '2026-02-28' }, '2026-03-01')).toEqual({
      current: 8,
      best: 8,
      lastDay: '2026-03-01',
    });
  });

  it('resets to 1 after a gap, keeping best', () => {
    expect(advanceStreak({ current: 9, best: 9, lastDay: '2026-03-10' }, '2026-03-12')).toEqual({
      current: 1,
      best: 9,
      lastDay: '2026-03-12',
    });
  });

  it('ignores a review day earlier than the last one (clock skew)', () => {
    const prev = { current: 3, best: 5, lastDay: '2026-03-10' };
    expect(advanceStreak(prev, '2026-03-09')).toEqual(prev);
  });

  it('repairs an inconsistent stored zero streak on a same-day review', () => {
    expect(advanceStreak({ current: 0, best: 0, lastDay: '2026-03-10' }, '2026-03-10')).toEqual({
      current: 1,
      best: 1,
      lastDay: '2026-03-10',
    });
  });

  it('agrees with computeStreak when folded over any review history', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 80 }), (offsets) => {
        const days = offsets.map((n) => addDays('2026-01-01', n)).sort();
        const stored = days.reduce(advanceStreak, EMPTY);
        const lastDay = days[days.length - 1] ?? '';
        const recomputed = computeStreak({ reviewDays: days, today: lastDay });
        expect(stored).toEqual({ current: recomputed.current, best: recomputed.best, lastDay });
      }),
    );
  });
});

describe('effectiveStreak', () => {
  const stored = { current: 6, lastDay: '2026-03-10' };

  it('shows the stored streak while the last review was today or yesterday', () => {
    expect(effectiveStreak(stored, '2026-03-10')).toBe(6);
    expect(effectiveStreak(stored, '2026-03-11')).toBe(6);
  });

  it('is zero once the last review is before yesterday, or there was none', () => {
    expect(effectiveStreak(stored, '2026-03-12')).toBe(0);
    expect(effectiveStreak({ current: 0, lastDay: null }, '2026-03-12')).toBe(0);
  });

  it('keeps the streak when the last review day is after today (zone change)', () => {
    expect(effectiveStreak(stored, '2026-03-09')).toBe(6);
  });
});
