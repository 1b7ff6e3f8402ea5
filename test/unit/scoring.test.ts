import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnswerRating, accuracy, rankEntries, scoreAnswer } from '../../src/domain/scoring.js';

const RATINGS: AnswerRating[] = [1, 2, 3, 4];
const due = { wasDue: true, isNew: false } as const;

describe('scoreAnswer', () => {
  it('gives 0 XP for re-answering an item before it is due, whatever the rating or difficulty', () => {
    for (const rating of RATINGS) {
      for (const difficultyBefore of [1, 5, 10]) {
        expect(scoreAnswer({ wasDue: false, isNew: false, rating, difficultyBefore })).toBe(0);
      }
    }
  });

  it('pays Again 0, Hard 6, Good 10, Easy 12 for a due item of middle difficulty', () => {
    expect(RATINGS.map((rating) => scoreAnswer({ ...due, rating, difficultyBefore: 5 }))).toEqual([
      0, 6, 10, 12,
    ]);
  });

  it('scores a new item as difficulty 5, even though it was never scheduled', () => {
    expect(scoreAnswer({ wasDue: false, isNew: true, rating: 3, difficultyBefore: null })).toBe(10);
    expect(scoreAnswer({ wasDue: true, isNew: true, rating: 4, difficultyBefore: null })).toBe(12);
  });

  it('weights by difficulty from ×0.6 (D = 1) to ×1.5 (D = 10), rounding to an integer', () => {
    expect(scoreAnswer({ ...due, rating: 3, difficultyBefore: 1 })).toBe(6);
    expect(scoreAnswer({ ...due, rating: 3, difficultyBefore: 10 })).toBe(15);
    expect(scoreAnswer({ ...due, rating: 4, difficultyBefore: 10 })).toBe(18);
    expect(scoreAnswer({ ...due, rating: 2, difficultyBefore: 1 })).toBe(4); // 3.6
    expect(scoreAnswer({ ...due, rating: 3, difficultyBefore: 7.38 })).toBe(12); // 12.38
    expect(scoreAnswer({ ...due, rating: 1, difficultyBefore: 10 })).toBe(0);
  });

  it('never pays less for a harder item', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RATINGS),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (rating, a, b) => {
          const [easier, harder] = a <= b ? [a, b] : [b, a];
          expect(scoreAnswer({ ...due, rating, difficultyBefore: harder })).toBeGreaterThanOrEqual(
            scoreAnswer({ ...due, rating, difficultyBefore: easier }),
          );
        },
      ),
    );
  });

  it('clamps a difficulty outside 1..10 and treats a non-finite one as 5', () => {
    expect(scoreAnswer({ ...due, rating: 3, difficultyBefore: 0 })).toBe(6);
    expect(scoreAnswer({ ...due, rating: 3, difficultyBefore: 42 })).toBe(15);
    expect(scoreAnswer({ ...due, rating: 3, difficultyBefore: Number.NaN })).toBe(10);
  });

  it('pays only the first answer to an item on a local day, so failing and retrying earns nothing', () => {
    expect(scoreAnswer({ ...due, rating: 3, difficultyBefore: 9, answeredEarlierToday: true })).toBe(0);
    expect(
      scoreAnswer({
        wasDue: true,
        isNew: false,
        rating: 3,
        difficultyBefore: 9,
        answeredEarlierToday: false,
      }),
    ).toBe(14);
    expect(scoreAnswer({ ...due, rating: 3, difficultyBefore: 9 })).toBe(14);
  });
});

describe('rankEntries', () => {
  const at = (iso: string) => new Date(iso);

  it('orders by value, numbering ranks from 1', () => {
    const ranked = rankEntries(
      [
        { userId: 'a', value: 10, answers: 5, lastAnsweredAt: at('2026-03-01T00:00:00Z') },
        { userId: 'b', value: 30, answers: 5, lastAnsweredAt: at('2026-03-01T00:00:00Z') },
        { userId: 'c', value: 20, answers: 5, lastAnsweredAt: at('2026-03-01T00:00:00Z') },
      ],
      {},
    );
    expect(ranked.map(({ userId, rank }) => [userId, rank])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
  });

  it('breaks ties by more answers, then earlier last answer, then user id, never sharing a rank', () => {
    const ranked = rankEntries(
      [
        { userId: '300', value: 50, answers: 10, lastAnsweredAt: at('2026-03-01T10:00:00Z') },
        { userId: '100', value: 50, answers: 10, lastAnsweredAt: null },
        { userId: '200', value: 50, answers: 12, lastAnsweredAt: at('2026-03-01T12:00:00Z') },
        { userId: '99', value: 50, answers: 10, lastAnsweredAt: at('2026-03-01T09:00:00Z') },
        { userId: '1000', value: 50, answers: 10, lastAnsweredAt: at('2026-03-01T09:00:00Z') },
      ],
      {},
    );
    expect(ranked.map(({ userId, rank }) => `${rank}:${userId}`)).toEqual([
      '1:200', // more answers
      '2:99', // earliest last answer; ties with 1000 and wins on the numerically smaller snowflake
      '3:1000',
      '4:300',
      '5:100', // no answer time sorts last
    ]);
  });

  it('gives the same order whatever order the entries arrive in', () => {
    const entry = fc.record({
      userId: fc.stringMatching(/^[1-9][0-9]{0,3}$/),
      value: fc.integer({ min: 0, max: 3 }),
      answers: fc.integer({ min: 0, max: 3 }),
      lastAnsweredAt: fc.option(fc.integer({ min: 0, max: 3 }).map((n) => new Date(Date.UTC(2026, 2, 1, n)))),
    });
    fc.assert(
      fc.property(
        fc
          .uniqueArray(entry, { selector: (e) => e.userId, maxLength: 12 })
          .chain((entries) =>
            fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length })),
          ),
        ([entries, shuffled]) => {
          const ids = (list: typeof entries) => rankEntries(list, {}).map((e) => `${e.rank}:${e.userId}`);
          expect(ids(shuffled)).toEqual(ids(entries));
        },
      ),
    );
  });

  it('leaves out entries below minAnswers before ranking', () => {
    const ranked = rankEntries(
      [
        { userId: 'a', value: 99, answers: 2, lastAnsweredAt: null },
        { userId: 'b', value: 10, answers: 5, lastAnsweredAt: null },
        { userId: 'c', value: 5, answers: 3, lastAnsweredAt: null },
      ],
      { minAnswers: 3 },
    );
    expect(ranked.map(({ userId, rank }) => [userId, rank])).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('keeps extra fields and does not modify its input', () => {
    const input = [
      { userId: 'a', value: 1, answers: 1, lastAnsweredAt: null, displayName: '가' },
      { userId: 'b', value: 2, answers: 1, lastAnsweredAt: null, displayName: '나' },
    ];
    const snapshot = structuredClone(input);
    const ranked = rankEntries(input, {});
    expect(ranked[0]).toEqual({
      userId: 'b',
      value: 2,
      answers: 1,
      lastAnsweredAt: null,
      displayName: '나',
      rank: 1,
    });
    expect(input).toEqual(snapshot);
  });
});

describe('accuracy', () => {
  it('is the share of correct answers as a fraction', () => {
    expect(accuracy(3, 4)).toBe(0.75);
    expect(accuracy(0, 5)).toBe(0);
    expect(accuracy(5, 5)).toBe(1);
  });

  it('is null with no answers rather than 0 %', () => {
    expect(accuracy(0, 0)).toBeNull();
    expect(accuracy(1, Number.NaN)).toBeNull();
  });

  it('stays within 0..1 for inconsistent counts', () => {
    expect(accuracy(6, 5)).toBe(1);
    expect(accuracy(-1, 5)).toBe(0);
  });
});
