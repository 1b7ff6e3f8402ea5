import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCustomId,
  type CustomId,
  MAX_CUSTOM_ID_LENGTH,
  parseCustomId,
} from '../../src/discord/custom-id.js';

/** Numbers as the bot puts them in ids: database ids and versions (15 digits is what the parser reads). */
const count = fc.integer({ min: 0, max: 999_999_999_999_999 });
const deckId = fc
  .array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join('-'));

const studyAction = fc.oneof(
  fc.constantFrom(
    { action: 'reveal' as const },
    { action: 'order-reset' as const },
    { action: 'cloze-open' as const },
    { action: 'cloze-submit' as const },
    { action: 'next' as const },
    { action: 'undo' as const },
    { action: 'end' as const },
  ),
  fc
    .constantFrom(1, 2, 3, 4)
    .map((rating) => ({ action: 'grade' as const, rating: rating as 1 | 2 | 3 | 4 })),
  fc.integer({ min: 0, max: 24 }).map((option) => ({ action: 'choose' as const, option })),
  fc.integer({ min: 0, max: 24 }).map((step) => ({ action: 'order-pick' as const, step })),
);

const customIdArbitrary: fc.Arbitrary<CustomId> = fc.oneof(
  fc
    .record({ sessionId: count, version: count, action: studyAction })
    .map(({ sessionId, version, action }) => ({ kind: 'study' as const, sessionId, version, ...action })),
  fc.option(deckId, { nil: null }).map((id) => ({ kind: 'start' as const, deckId: id })),
  fc.record({
    kind: fc.constant('quiz' as const),
    quizId: count,
    question: fc.integer({ min: 0, max: 1000 }),
    option: fc.integer({ min: 0, max: 24 }),
  }),
);

/** Strings that look like ids: the real alphabet and separators, so the parser's deeper branches are reached. */
const idLike = fc
  .array(
    fc.oneof(
      fc.constantFrom('bk', '1', '2', 'gr', 'rv', 'ch', 'op', 'st', 'qz', '*', '', '-1', '01', '1e3', '0x1'),
      fc.string({ maxLength: 20 }),
      fc.nat().map(String),
      fc.stringMatching(/^\d{14,18}$/),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(':'));

describe('custom_id codec, on random input', () => {
  it('never throws on any string, and returns null or an id that builds back to the same string', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 120 }), idLike),
        (raw) => {
          const parsed = parseCustomId(raw);
          if (parsed !== null) {
            expect(raw.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
            // Only canonical spellings parse: no leading zeros, no signs, nothing extra.
            expect(buildCustomId(parsed)).toBe(raw);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on values that are not strings at all', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol.iterator] as unknown[])
      expect(parseCustomId(value as string)).toBeNull();
  });

  it('builds ids of at most 100 characters that parse back to what was built', () => {
    fc.assert(
      fc.property(customIdArbitrary, (id) => {
        const built = buildCustomId(id);
        expect(built.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
        expect(parseCustomId(built)).toEqual(id);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an id with any one character changed, or reads it as another well-formed id', () => {
    fc.assert(
      fc.property(
        customIdArbitrary,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
        (id, at, replacement) => {
          const built = buildCustomId(id);
          const index = at % built.length;
          const mutated = built.slice(0, index) + replacement + built.slice(index + 1);
          const parsed = parseCustomId(mutated);
          if (parsed !== null) expect(buildCustomId(parsed)).toBe(mutated);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
