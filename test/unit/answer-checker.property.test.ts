import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClozeAnswer, gradeOrdering, normalizeAnswer } from '../../src/domain/grading.js';

/** Answers as decks write them: Korean syllables, Latin letters, digits, spaces and common punctuation. */
const answerChar = fc.oneof(
  fc.integer({ min: 0xac00, max: 0xd7a3 }).map((code) => String.fromCharCode(code)),
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  fc.constantFrom(' ', '.', ',', '-', '?', '!', '(', ')', '/'),
);
const answer = fc.array(answerChar, { minLength: 1, maxLength: 30 }).map((chars) => chars.join(''));
const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }));

describe('answer checker, on random input', () => {
  it('never throws, whatever is typed and whatever is accepted', () => {
    fc.assert(
      fc.property(anyText, fc.array(anyText, { maxLength: 12 }), (typed, accepted) => {
        expect(typeof normalizeAnswer(typed)).toBe('string');
        expect(typeof checkClozeAnswer(typed, accepted)).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent: normalizing twice changes nothing more', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(normalizeAnswer(normalizeAnswer(text))).toBe(normalizeAnswer(text));
      }),
    );
  });

  it('ignores case and where the spaces are', () => {
    fc.assert(
      fc.property(
        answer,
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        fc.array(fc.constantFrom('', ' ', '  ', '\t', '\u3000'), { minLength: 31, maxLength: 31 }),
        (expected, upper, gaps) => {
          fc.pre(normalizeAnswer(expected).length > 0);
          const typed = [...expected]
            .map(
              (char, index) => (upper[index] ? char.toUpperCase() : char.toLowerCase()) + (gaps[index] ?? ''),
            )
            .join('');
          expect(checkClozeAnswer(`${gaps[30]}${typed}`, [expected])).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('accepts full-width letters as their ordinary form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9]{1,20}$/), (expected) => {
        const fullWidth = [...expected]
          .map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0))
          .join('');
        expect(checkClozeAnswer(fullWidth, [expected])).toBe(true);
      }),
    );
  });

  it('never accepts an empty or blank answer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(' ', '\t', '\n', '.', '-', '\u200b'), { maxLength: 10 }),
        answer,
        (blank, expected) => {
          expect(checkClozeAnswer(blank.join(''), [expected, blank.join('')])).toBe(false);
        },
      ),
    );
  });

  it('grades any ordering without throwing, and only the identity is correct', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constant(Number.NaN)), { maxLength: 12 }),
        fc.integer({ min: 0, max: 10 }),
        (picked, stepCount) => {
          const grade = gradeOrdering(picked, stepCount);
          expect(grade.inPlace).toBeGreaterThanOrEqual(0);
          expect(grade.inPlace).toBeLessThanOrEqual(picked.length);
          expect(grade.correct).toBe(
            picked.length === stepCount && picked.every((step, index) => step === index),
          );
          if (grade.correct) expect(grade.nearlyCorrect).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('calls exactly one swapped neighbouring pair nearly correct', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.nat(), (steps, at) => {
        const swap = at % (steps - 1);
        const picked = Array.from({ length: steps }, (_, index) => index);
        [picked[swap], picked[swap + 1]] = [picked[swap + 1] as number, picked[swap] as number];
        expect(gradeOrdering(picked, steps)).toEqual({
          correct: false,
          nearlyCorrect: true,
          inPlace: steps - 2,
        });
      }),
    );
  });
});
