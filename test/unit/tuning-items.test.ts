import { describe, expect, it } from 'vitest';
import {
  buildTrainingItems,
  countLongTermReviews,
  elapsedLocalDays,
  type LoggedReview,
} from '../../src/domain/tuning/training-items.js';

const at = (iso: string) => new Date(iso);
const row = (
  cardKey: string,
  rating: 1 | 2 | 3 | 4,
  iso: string,
  elapsedDays: number | null = null,
): LoggedReview => ({
  cardKey,
  rating,
  reviewedAt: at(iso),
  elapsedDays,
});

describe('training items from the review log', () => {
  it('counts whole local days in the member’s zone, so a review after midnight in Seoul is a day later', () => {
    // 23:30 and 00:30 the next day in Seoul, only an hour apart.
    expect(elapsedLocalDays(at('2026-03-01T14:30:00Z'), at('2026-03-01T15:30:00Z'), 'Asia/Seoul')).toBe(1);
    expect(elapsedLocalDays(at('2026-03-01T14:30:00Z'), at('2026-03-01T15:30:00Z'), 'UTC')).toBe(0);
    expect(elapsedLocalDays(null, at('2026-03-01T15:30:00Z'), 'UTC')).toBe(0);
  });

  it('makes one item per review after the first, each holding the history up to it, same-day reviews as 0', () => {
    const items = buildTrainingItems(
      [
        row('a', 3, '2026-03-04T10:00:00Z'),
        row('a', 1, '2026-03-01T10:00:00Z'),
        row('a', 3, '2026-03-01T10:10:00Z'),
      ],
      'UTC',
    );
    // The second review is on the first day (no later-day review yet): fsrs-rs leaves such items out.
    expect(items).toEqual([
      {
        reviews: [
          { rating: 1, deltaT: 0 },
          { rating: 3, deltaT: 0 },
          { rating: 3, deltaT: 3 },
        ],
        at: at('2026-03-04T10:00:00Z').getTime(),
      },
    ]);
    expect(countLongTermReviews(items)).toBe(1);
  });

  it('uses the elapsed days recorded at answer time over the timestamps when there are both', () => {
    const items = buildTrainingItems(
      [row('a', 3, '2026-03-01T10:00:00Z', 0), row('a', 3, '2026-03-01T20:00:00Z', 1)],
      'UTC',
    );
    expect(items[0]?.reviews.map((r) => r.deltaT)).toEqual([0, 1]);
  });

  it('keeps cards apart and orders items by time across cards', () => {
    const items = buildTrainingItems(
      [
        row('b', 3, '2026-03-02T10:00:00Z'),
        row('a', 3, '2026-03-01T10:00:00Z'),
        row('b', 3, '2026-03-05T10:00:00Z'),
        row('a', 2, '2026-03-03T10:00:00Z'),
        row('a', 3, '2026-03-03T10:05:00Z'),
      ],
      'UTC',
    );
    expect(items.map((item) => [item.reviews.length, item.at])).toEqual([
      [2, at('2026-03-03T10:00:00Z').getTime()],
      [3, at('2026-03-03T10:05:00Z').getTime()],
      [2, at('2026-03-05T10:00:00Z').getTime()],
    ]);
    // The same-day item after a long-term review is kept (fsrs-rs trains its short-term part on it), but is
    // not a long-term review itself.
    expect(countLongTermReviews(items)).toBe(2);
  });
});
