import { describe, expect, it } from 'vitest';
import {
  isUsableParameterSet,
  MIN_TEST_ITEMS,
  type SplitEvaluation,
  shouldAdopt,
  timeSeriesFolds,
} from '../../src/domain/tuning/adoption.js';
import { chooseParameters, hasEnoughHistory, MIN_MEMBER_REVIEWS } from '../../src/domain/tuning/levels.js';
import type { TrainingItem } from '../../src/domain/tuning/optimizer.js';

const item = (at: number): TrainingItem => ({
  reviews: [
    { rating: 3, deltaT: 0 },
    { rating: 3, deltaT: 1 },
  ],
  at,
});
const params = (value: number) => Array.from({ length: 21 }, () => value);
const evaluation = (candidate: number, current: number, testItems = 500): SplitEvaluation => ({
  candidate: { logLoss: candidate, rmseBins: 0.05 },
  current: { logLoss: current, rmseBins: 0.05 },
  folds: 3,
  testItems,
  trainItems: 2000,
});

describe('time-series splits', () => {
  it('always trains on earlier reviews than it tests on, and tests every later block once', () => {
    const items = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0, 10].map(item);
    const folds = timeSeriesFolds(items, 3);
    expect(folds).toHaveLength(3);
    for (const fold of folds) {
      const lastTrain = Math.max(...fold.train.map((i) => i.at));
      expect(Math.min(...fold.test.map((i) => i.at))).toBeGreaterThan(lastTrain);
    }
    const tested = folds.flatMap((fold) => fold.test.map((i) => i.at));
    expect(new Set(tested).size).toBe(tested.length);
    expect(Math.max(...tested)).toBe(10);
  });

  it('gives no split when there are fewer items than blocks', () => {
    expect(timeSeriesFolds([item(1), item(2)], 3)).toEqual([]);
  });
});

describe('adopting a parameter set', () => {
  it('adopts only a strictly lower log loss on the same held-out reviews', () => {
    expect(shouldAdopt(params(1), evaluation(0.35, 0.36))).toBe(true);
    expect(shouldAdopt(params(1), evaluation(0.36, 0.36))).toBe(false);
    expect(shouldAdopt(params(1), evaluation(0.37, 0.36))).toBe(false);
  });

  it('keeps the set in use when too few later reviews were held out, or the set is malformed', () => {
    expect(shouldAdopt(params(1), evaluation(0.3, 0.4, MIN_TEST_ITEMS - 1))).toBe(false);
    expect(shouldAdopt(params(Number.NaN), evaluation(0.3, 0.4))).toBe(false);
    expect(shouldAdopt(params(1).slice(0, 19), evaluation(0.3, 0.4))).toBe(false);
    expect(shouldAdopt(params(1), evaluation(Number.NaN, 0.4))).toBe(false);
  });

  it('schedules with the member’s set, else the server’s, else the global one, else the defaults', () => {
    const member = { id: 3, scope: 'member' as const, parameters: params(3) };
    const server = { id: 2, scope: 'server' as const, parameters: params(2) };
    const global = { id: 1, scope: 'global' as const, parameters: params(1) };
    expect(chooseParameters({ member, server, global })).toEqual({
      level: 'member',
      parameters: params(3),
      setId: 3,
    });
    expect(chooseParameters({ server, global }).level).toBe('server');
    expect(chooseParameters({ member: { ...member, parameters: [] }, global }).level).toBe('global');
    expect(chooseParameters({})).toEqual({ level: 'default', parameters: null, setId: null });
    expect(isUsableParameterSet(null)).toBe(false);
  });

  it('tries a personal fit only once the member has the history the benchmark found it needs', () => {
    expect(hasEnoughHistory('member', MIN_MEMBER_REVIEWS - 1)).toBe(false);
    expect(hasEnoughHistory('member', MIN_MEMBER_REVIEWS)).toBe(true);
  });
});
