import { describe, expect, it } from 'vitest';
import { newMemoryState } from '../../src/domain/memory.js';
import { formatInterval, previewReviews, scheduleReview } from '../../src/domain/scheduling.js';
import { planSessionQueue, progressBar } from '../../src/domain/session.js';

const now = new Date('2026-03-02T00:00:00Z');

describe('scheduling', () => {
  it('labels the grade buttons with the interval each rating gives, Again shortest', () => {
    const preview = previewReviews(newMemoryState(now), now, 0.9);
    const minutes = [1, 2, 3, 4].map(
      (rating) => (preview[rating as 1 | 2 | 3 | 4].due.getTime() - now.getTime()) / 60_000,
    );
    expect(minutes[0]).toBeLessThan(minutes[2] as number);
    expect(minutes[2]).toBeLessThan(minutes[3] as number);
  });

  it('gives the same state for the preview and the answer at the same instant', () => {
    const memory = newMemoryState(now);
    expect(scheduleReview(memory, 3, now, 0.9)).toEqual(previewReviews(memory, now, 0.9)[3]);
  });

  it('brings items back sooner for a higher target retention', () => {
    let relaxed = scheduleReview(newMemoryState(now), 3, now, 0.8);
    let strict = scheduleReview(newMemoryState(now), 3, now, 0.95);
    const later = new Date(now.getTime() + 3 * 86_400_000);
    relaxed = scheduleReview(relaxed, 3, later, 0.8);
    strict = scheduleReview(strict, 3, later, 0.95);
    expect(strict.scheduledDays).toBeLessThan(relaxed.scheduledDays);
  });

  it('formats intervals as Anki does', () => {
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect(formatInterval(now, at(10 * 60_000))).toBe('10m');
    expect(formatInterval(now, at(5 * 3_600_000))).toBe('5h');
    expect(formatInterval(now, at(3 * 86_400_000))).toBe('3d');
    expect(formatInterval(now, at(65 * 86_400_000))).toBe('2mo');
    expect(formatInterval(now, at(548 * 86_400_000))).toBe('1.5y');
  });
});

describe('session planning', () => {
  it('puts due items first, most overdue first, then new items up to what is left today', () => {
    const queue = planSessionQueue({
      due: [
        { itemId: 'b', due: new Date('2026-03-01T00:00:00Z') },
        { itemId: 'a', due: new Date('2026-02-01T00:00:00Z') },
      ],
      newItemIds: ['n1', 'n2', 'n3'],
      newLeftToday: 2,
    });
    expect(queue).toEqual(['a', 'b', 'n1', 'n2']);
  });

  it('caps a session at its length', () => {
    const due = Array.from({ length: 30 }, (_, index) => ({ itemId: `d${index}`, due: new Date(index) }));
    expect(planSessionQueue({ due, newItemIds: ['n'], newLeftToday: 5, sessionLength: 20 })).toHaveLength(20);
  });

  it('draws a progress bar', () => {
    expect(progressBar(7, 20)).toBe('▰▰▰▰▱▱▱▱▱▱ 7/20');
  });
});

describe('scheduling with fitted parameters', () => {
  it('changes the intervals on the buttons when a member’s parameters change', async () => {
    const { default_w } = await import('ts-fsrs');
    const { retrievability } = await import('../../src/domain/scheduling.js');
    // A member whose memory gains more from each successful recall than the defaults assume.
    const slowForgetter = default_w.map((w, i) => (i === 8 ? w + 0.5 : w));
    const learned = scheduleReview(newMemoryState(now), 3, now, 0.9);
    const later = new Date(now.getTime() + 86_400_000);
    const defaults = previewReviews(learned, later, 0.9)[3].due.getTime();
    const tuned = previewReviews(learned, later, 0.9, slowForgetter)[3].due.getTime();
    expect(tuned).toBeGreaterThan(defaults);
    expect(scheduleReview(learned, 3, later, 0.9, slowForgetter)).toEqual(
      previewReviews(learned, later, 0.9, slowForgetter)[3],
    );
    expect(retrievability(newMemoryState(now), later)).toBe(1);
    expect(retrievability(learned, later)).toBeLessThan(1);
  });
});
