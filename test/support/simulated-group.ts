// A study group simulated with the bot's own session rules: each study day a member runs /study sessions
// (due items most overdue first, then new items up to the daily new limit, twenty to a session) until nothing
// is due, and every answer is scheduled by the bot's scheduler with the parameters it would use.

import { type MemoryState, newMemoryState } from '../../src/domain/memory.js';
import { type FsrsParameters, retrievability, scheduleReview } from '../../src/domain/scheduling.js';
import { planSessionQueue } from '../../src/domain/session.js';
import type { LoggedReview } from '../../src/domain/tuning/training-items.js';
import { drawLearnerParameters, SimulatedLearner, seededRandom } from './simulated-learner.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface SimulatedMember {
  id: string;
  trueParameters: readonly number[];
  dailyNewLimit: number;
  /** Chance of studying on a given day. */
  diligence: number;
  seed: number;
}

/** One answer, with what the review log keeps. */
export interface SimulatedAnswer extends LoggedReview {
  userId: string;
  itemId: string;
  day: number;
  stateBefore: number;
  /** The scheduler's predicted recall at the answer (null for a new item). */
  predicted: number | null;
}

/** Members with different memories and habits: new items a day 5–20, studying on 50–100 % of days. */
export function drawMembers(
  count: number,
  seed: number,
  drawParameters: (random: () => number) => number[] = drawLearnerParameters,
): SimulatedMember[] {
  const random = seededRandom(seed);
  const limits = [5, 10, 20];
  return Array.from({ length: count }, (_, index) => ({
    id: `member-${index + 1}`,
    trueParameters: drawParameters(random),
    dailyNewLimit: limits[index % limits.length] as number,
    diligence: 0.5 + random() * 0.5,
    seed: seed * 1000 + index + 1,
  }));
}

export interface SimulationOptions {
  items: readonly string[];
  days: number;
  start: Date;
  targetRetention: number;
  /** The parameters each member is scheduled with (null: the defaults). */
  parametersFor: (memberId: string) => FsrsParameters;
  /** Sessions a day at most (a member does not study all evening). */
  maxSessionsPerDay?: number;
}

/** Runs one member through the days; the same member and seed give the same answers for the same schedule. */
export function simulateMember(member: SimulatedMember, options: SimulationOptions): SimulatedAnswer[] {
  const random = seededRandom(member.seed);
  const learner = new SimulatedLearner(member.trueParameters, seededRandom(member.seed + 7919));
  const parameters = options.parametersFor(member.id);
  const states = new Map<string, MemoryState>();
  const answers: SimulatedAnswer[] = [];
  const lastDay = new Map<string, number>();
  for (let day = 0; day < options.days; day++) {
    if (random() >= member.diligence) continue;
    // Evening study, at a slightly different time each day.
    let now = options.start.getTime() + day * DAY_MS + (19 * 60 + Math.floor(random() * 120)) * MINUTE_MS;
    let startedToday = 0;
    for (let session = 0; session < (options.maxSessionsPerDay ?? 6); session++) {
      const due = [...states.entries()]
        .filter(([, memory]) => memory.due.getTime() <= now)
        .map(([itemId, memory]) => ({ itemId, due: memory.due }));
      const newItemIds = options.items.filter((id) => !states.has(id));
      const queue = planSessionQueue({
        due,
        newItemIds,
        newLeftToday: Math.max(0, member.dailyNewLimit - startedToday),
      });
      if (queue.length === 0) break;
      for (const itemId of queue) {
        const at = new Date(now);
        const memory = states.get(itemId) ?? newMemoryState(at);
        if (!states.has(itemId)) startedToday += 1;
        const rating = learner.answer(itemId, now, day);
        const previousDay = lastDay.get(itemId);
        answers.push({
          cardKey: `${member.id}:${itemId}`,
          userId: member.id,
          itemId,
          day,
          rating,
          reviewedAt: at,
          elapsedDays: previousDay === undefined ? 0 : day - previousDay,
          stateBefore: memory.state,
          predicted: memory.state === 0 ? null : retrievability(memory, at, parameters),
        });
        lastDay.set(itemId, day);
        states.set(itemId, scheduleReview(memory, rating, at, options.targetRetention, parameters));
        now += 15_000;
      }
      // The next /study a little later, when the one- and ten-minute learning steps have come due.
      now += 10 * MINUTE_MS;
    }
  }
  return answers;
}
