import { describe, expect, it } from 'vitest';
import { decideAnswer } from '../../src/domain/answer.js';
import { MEMORY_STATE, type MemoryState, newMemoryState } from '../../src/domain/memory.js';
import { scheduleReview } from '../../src/domain/scheduling.js';
import type { StoredStreak } from '../../src/domain/streaks.js';

const SEOUL = 'Asia/Seoul';
const NO_STREAK: StoredStreak = { current: 0, best: 0, lastDay: null };
const first = new Date('2026-03-02T01:00:00Z');
const hoursAfter = (instant: Date, hours: number) => new Date(instant.getTime() + hours * 3_600_000);

function answer(memoryBefore: MemoryState, now: Date, rating: 1 | 2 | 3 | 4 = 3, streakBefore = NO_STREAK) {
  return decideAnswer({
    memoryBefore,
    streakBefore,
    grade: { by: 'member', rating },
    now,
    zone: SEOUL,
    targetRetention: 0.9,
  });
}

describe('decideAnswer', () => {
  it('schedules the item with FSRS from the memory before it', () => {
    const before = newMemoryState(first);
    const decided = answer(before, first, 3);
    expect(decided.memoryAfter).toEqual(scheduleReview(before, 3, first, 0.9));
    expect(decided.memoryAfter.state).not.toBe(MEMORY_STATE.new);
  });

  it('pays XP for a new item, and nothing for a second answer to it the same local day', () => {
    const firstAnswer = answer(newMemoryState(first), first);
    expect(firstAnswer.wasDue).toBe(true);
    expect(firstAnswer.difficultyBefore).toBeNull();
    expect(firstAnswer.xp).toBeGreaterThan(0);
    const dueAgain = firstAnswer.memoryAfter.due;
    const retry = answer(firstAnswer.memoryAfter, dueAgain, 3, firstAnswer.streakAfter);
    expect(retry.wasDue).toBe(true);
    expect(retry.xp).toBe(0);
  });

  it('pays nothing for an item answered again before it is due', () => {
    const learned = answer(newMemoryState(first), first, 4).memoryAfter;
    const early = hoursAfter(learned.due, -24 * 2);
    expect(early.getTime()).toBeGreaterThan(first.getTime());
    const decided = answer(learned, early);
    expect(decided.wasDue).toBe(false);
    expect(decided.xp).toBe(0);
  });

  it("counts the streak in the member's zone: 23:30 UTC is already the next day in Seoul", () => {
    const monday = new Date('2026-03-02T10:00:00Z'); // Monday 19:00 in Seoul
    const mondayStreak = answer(newMemoryState(monday), monday).streakAfter;
    const wednesdayMorning = new Date('2026-03-03T23:30:00Z'); // Wednesday 08:30 in Seoul: Tuesday was missed
    const tuesdayNight = new Date('2026-03-02T23:30:00Z'); // Tuesday 08:30 in Seoul
    expect(answer(newMemoryState(tuesdayNight), tuesdayNight, 3, mondayStreak).streakAfter).toEqual({
      current: 2,
      best: 2,
      lastDay: '2026-03-03',
    });
    expect(
      answer(newMemoryState(wednesdayMorning), wednesdayMorning, 3, mondayStreak).streakAfter.current,
    ).toBe(1);
  });

  it('keeps what the answer replaced for Undo', () => {
    const before = answer(newMemoryState(first), first).memoryAfter;
    const streak: StoredStreak = { current: 4, best: 9, lastDay: '2026-03-01' };
    const decided = answer(before, before.due, 1, streak);
    expect(decided.undo).toEqual({ memory: before, streak });
  });

  it("grades a checked answer by the member's history: fast and right on a seen item is Easy, on a new one Good", () => {
    const fastRight = {
      by: 'checker',
      correct: true,
      nearlyCorrect: false,
      responseMs: 1000,
      questionLength: 20,
    } as const;
    const fresh = newMemoryState(first);
    const seen = answer(fresh, first).memoryAfter;
    const decide = (memoryBefore: MemoryState, grade: Parameters<typeof decideAnswer>[0]['grade']) =>
      decideAnswer({
        memoryBefore,
        streakBefore: NO_STREAK,
        grade,
        now: seen.due,
        zone: SEOUL,
        targetRetention: 0.9,
      });
    expect(decide(fresh, fastRight).rating).toBe(3);
    expect(decide(seen, fastRight).rating).toBe(4);
    expect(decide(seen, { ...fastRight, correct: false }).rating).toBe(1);
    expect(decide(seen, { ...fastRight, correct: false, nearlyCorrect: true }).rating).toBe(2);
  });
});
