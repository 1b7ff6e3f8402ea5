import { describe, expect, it } from 'vitest';
import {
  checkClozeAnswer,
  gradeOrdering,
  normalizeAnswer,
  ratingForOutcome,
  shuffledIndexes,
} from '../../src/domain/grading.js';

describe('grading', () => {
  it('accepts a cloze answer regardless of case, spacing, width and punctuation', () => {
    const accepted = ['변경 불가능', 'immutable', '불변'];
    for (const typed of ['IMMUTABLE', ' immutable. ', '변경불가능', '불 변', 'ｉｍｍｕｔａｂｌｅ']) {
      expect(checkClozeAnswer(typed, accepted)).toBe(true);
    }
    for (const typed of ['mutable', '', '   ', '변경 가능'])
      expect(checkClozeAnswer(typed, accepted)).toBe(false);
  });

  it('accepts a right cloze answer carrying invisible format characters (ZWJ, BOM, direction marks)', () => {
    const accepted = ['변경 불가능', 'immutable'];
    const invisible = [
      '\u200d',
      '\ufeff',
      '\u200e',
      '\u200f',
      '\u2060',
      '\u00ad',
      '\u202a',
      '\u2066',
      '\u200c',
    ];
    for (const mark of invisible) {
      expect(checkClozeAnswer(`imm${mark}utable`, accepted), `U+${mark.codePointAt(0)?.toString(16)}`).toBe(
        true,
      );
      expect(checkClozeAnswer(`${mark}변경${mark}불가능${mark}`, accepted)).toBe(true);
      expect(checkClozeAnswer(`mut${mark}able`, accepted)).toBe(false);
    }
    // Format characters alone are no answer.
    expect(checkClozeAnswer(invisible.join(''), accepted)).toBe(false);
  });

  it('normalizes the same way for every spelling of one word', () => {
    expect(normalizeAnswer('Docker-File')).toBe(normalizeAnswer('dockerfile'));
  });

  it('grades an ordering: right, one neighbouring swap, and wrong', () => {
    expect(gradeOrdering([0, 1, 2, 3], 4)).toEqual({ correct: true, nearlyCorrect: false, inPlace: 4 });
    expect(gradeOrdering([0, 2, 1, 3], 4)).toEqual({ correct: false, nearlyCorrect: true, inPlace: 2 });
    expect(gradeOrdering([2, 1, 0, 3], 4)).toEqual({ correct: false, nearlyCorrect: false, inPlace: 2 });
    expect(gradeOrdering([3, 2, 1, 0], 4).correct).toBe(false);
  });

  it('maps outcomes to ratings: wrong is Again, nearly is Hard, a fast recall of a known item is Easy', () => {
    const base = { questionLength: 50, seenBefore: true };
    expect(ratingForOutcome({ ...base, correct: false, responseMs: 1000 })).toBe(1);
    expect(ratingForOutcome({ ...base, correct: false, nearlyCorrect: true, responseMs: 1000 })).toBe(2);
    expect(ratingForOutcome({ ...base, correct: true, responseMs: 60_000 })).toBe(3);
    expect(ratingForOutcome({ ...base, correct: true, responseMs: 2_000 })).toBe(4);
    expect(ratingForOutcome({ ...base, seenBefore: false, correct: true, responseMs: 2_000 })).toBe(3);
  });

  it('shuffles deterministically and keeps every index', () => {
    expect(shuffledIndexes(5, 42)).toEqual(shuffledIndexes(5, 42));
    expect([...shuffledIndexes(5, 7)].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
