import { describe, expect, it } from 'vitest';
import { forecastWorkload, seededRandom, trueRetention } from '../../src/domain/forecast.js';
import { newMemoryState } from '../../src/domain/memory.js';
import { scheduleReview } from '../../src/domain/scheduling.js';

const now = new Date('2026-03-02T00:00:00Z');

describe('true retention', () => {
  it('counts only answers to learned items, Again as forgotten', () => {
    expect(
      trueRetention([
        { stateBefore: 2, rating: 3 },
        { stateBefore: 2, rating: 1 },
        { stateBefore: 2, rating: 2 },
        { stateBefore: 2, rating: 4 },
        // new and learning answers say nothing about retention
        { stateBefore: 0, rating: 1 },
        { stateBefore: 1, rating: 1 },
      ]),
    ).toBe(0.75);
    expect(trueRetention([{ stateBefore: 1, rating: 3 }])).toBeNull();
  });
});

describe('workload forecast', () => {
  // Twenty items learned a week ago, answered Good since.
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const learned = Array.from({ length: 20 }, () => {
    let memory = scheduleReview(newMemoryState(weekAgo), 3, weekAgo, 0.9);
    memory = scheduleReview(memory, 3, memory.due, 0.9);
    return memory;
  });
  const forecast = (targetRetention: number, newItemsLeft = 0) =>
    forecastWorkload({
      states: learned,
      newItemsLeft,
      dailyNewLimit: 10,
      targetRetention,
      parameters: null,
      now,
      seed: 3,
    });

  it('covers 30 days and is the same for the same inputs', () => {
    expect(forecast(0.9)).toHaveLength(30);
    expect(forecast(0.9)).toEqual(forecast(0.9));
  });

  it('costs more reviews for a higher target retention', () => {
    const total = (days: number[]) => days.reduce((a, b) => a + b, 0);
    expect(total(forecast(0.95))).toBeGreaterThan(total(forecast(0.8)));
  });

  it('adds the new items still to start, at the daily new limit', () => {
    const withNew = forecast(0.9, 30);
    const without = forecast(0.9);
    // Each new item is answered at least once on the day it starts (and again at its learning steps).
    for (const day of [0, 1, 2]) expect((withNew[day] ?? 0) - (without[day] ?? 0)).toBeGreaterThanOrEqual(10);
  });

  it('uses a seeded generator that spreads evenly', () => {
    const random = seededRandom(42);
    const draws = Array.from({ length: 10_000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
