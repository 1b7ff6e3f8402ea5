import { default_w } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { decideAnswer } from '../../src/domain/answer.js';
import { newMemoryState } from '../../src/domain/memory.js';
import { retrievability, scheduleReview } from '../../src/domain/scheduling.js';

const SEOUL = 'Asia/Seoul';
const first = new Date('2026-03-02T01:00:00Z');
const daysAfter = (instant: Date, days: number) => new Date(instant.getTime() + days * 86_400_000);
// A member whose memory gains more from each successful recall than the defaults assume.
const tuned = {
  level: 'member' as const,
  parameters: default_w.map((w, i) => (i === 8 ? w + 0.5 : w)),
  setId: 42,
};

describe('an answer under tuned parameters', () => {
  const learned = scheduleReview(
    scheduleReview(newMemoryState(first), 3, first, 0.9),
    3,
    daysAfter(first, 1),
    0.9,
  );
  const later = daysAfter(first, 5);

  it('is scheduled with the member’s set and says so in the log', () => {
    const decided = decideAnswer({
      memoryBefore: learned,
      streakBefore: { current: 1, best: 1, lastDay: '2026-03-03' },
      grade: { by: 'member', rating: 3 },
      now: later,
      zone: SEOUL,
      targetRetention: 0.9,
      schedule: tuned,
    });
    expect(decided.memoryAfter).toEqual(scheduleReview(learned, 3, later, 0.9, tuned.parameters));
    expect(decided.memoryAfter.due.getTime()).toBeGreaterThan(
      scheduleReview(learned, 3, later, 0.9).due.getTime(),
    );
    expect(decided.log).toEqual({
      elapsedDays: 4,
      retrievability: retrievability(learned, later, tuned.parameters),
      parameterSetId: 42,
    });
  });

  it('logs a first answer with no prediction and a same-day answer as 0 days', () => {
    const firstAnswer = decideAnswer({
      memoryBefore: newMemoryState(first),
      streakBefore: { current: 0, best: 0, lastDay: null },
      grade: { by: 'member', rating: 1 },
      now: first,
      zone: SEOUL,
      targetRetention: 0.9,
    });
    expect(firstAnswer.log).toEqual({ elapsedDays: 0, retrievability: null, parameterSetId: null });
    const again = decideAnswer({
      memoryBefore: firstAnswer.memoryAfter,
      streakBefore: firstAnswer.streakAfter,
      grade: { by: 'member', rating: 3 },
      now: new Date(first.getTime() + 10 * 60_000),
      zone: SEOUL,
      targetRetention: 0.9,
    });
    expect(again.log.elapsedDays).toBe(0);
    expect(again.log.retrievability).toBeGreaterThan(0.9);
  });

  it('keeps the streak through a break', () => {
    const decided = decideAnswer({
      memoryBefore: learned,
      streakBefore: { current: 3, best: 3, lastDay: '2026-03-01' },
      grade: { by: 'member', rating: 3 },
      now: new Date('2026-03-07T01:00:00Z'),
      zone: SEOUL,
      targetRetention: 0.9,
      away: { from: '2026-03-02', until: '2026-03-07' },
    });
    expect(decided.streakAfter).toEqual({ current: 4, best: 4, lastDay: '2026-03-07' });
  });
});
