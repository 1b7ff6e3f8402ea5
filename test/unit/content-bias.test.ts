import { describe, expect, it } from 'vitest';
import {
  findBiasProblems,
  MAX_LENGTH_RATIO,
  MAX_LONGEST_SHARE,
  measureDeck,
  visibleLength,
} from '../../src/content/bias.js';
import type { ItemContent } from '../../src/content/schema.js';

/** A choice item whose options have the given lengths in Korean and English; `answer` marks the right one. */
function choice(id: string, answer: number, ko: number[], en: number[] = ko): ItemContent {
  return {
    id,
    kind: 'multiple_choice',
    section: 'intro',
    question: { ko: '질문', en: 'Question' },
    options: ko.map((length, index) => ({
      text: { ko: '가'.repeat(length), en: 'a'.repeat(en[index] ?? length) },
      ...(index === answer ? {} : { why: { ko: '이유', en: 'Why' } }),
    })),
    answer,
    explanation: { ko: '설명', en: 'Explanation' },
  };
}

const flashcard: ItemContent = {
  id: 'card',
  kind: 'flashcard',
  section: 'intro',
  front: { ko: '앞', en: 'Front' },
  back: { ko: '뒤', en: 'Back' },
  explanation: { ko: '설명', en: 'Explanation' },
};

describe('length giveaways in choice questions', () => {
  it('counts what a reader sees: trimmed, inner spaces once, Hangul syllables as one each', () => {
    expect(visibleLength('  컨테이너   엔진 ')).toBe(visibleLength('컨테이너 엔진'));
    expect(visibleLength('컨테이너 엔진')).toBe(7);
  });

  it('measures each language on its own and leaves other kinds out', () => {
    const [ko, en] = measureDeck({ id: 'deck', items: [choice('q', 0, [10, 5, 5], [4, 5, 5]), flashcard] });
    expect(ko).toMatchObject({ language: 'ko', choiceItems: 1, strictlyLongest: 1, share: 1 });
    expect(ko?.items[0]?.ratio).toBe(2);
    expect(en).toMatchObject({ language: 'en', choiceItems: 1, strictlyLongest: 0, share: 0 });
    expect(en?.items[0]?.ratio).toBeCloseTo(0.8);
  });

  it('does not count a right option tied with the longest wrong one as strictly longest', () => {
    const [ko] = measureDeck({ id: 'deck', items: [choice('tie', 1, [5, 8, 8])] });
    expect(ko?.strictlyLongest).toBe(0);
    expect(ko?.items[0]?.ratio).toBe(1);
  });

  it('accepts a deck at the share limit and with every ratio at the ratio limit', () => {
    // 3 of 10 strictly longest is exactly 30 %; 15 against 10 is exactly 1.5×.
    const items = [
      ...[0, 1, 2].map((n) => choice(`long-${n}`, 0, [15, 10, 10])),
      ...[3, 4, 5, 6, 7, 8, 9].map((n) => choice(`short-${n}`, 0, [8, 10, 9])),
    ];
    expect(3 / 10).toBeLessThanOrEqual(MAX_LONGEST_SHARE);
    expect(15 / 10).toBeLessThanOrEqual(MAX_LENGTH_RATIO);
    expect(findBiasProblems([{ id: 'deck', items }])).toEqual([]);
  });

  it('names the item, the language and the ratio of a right option over 1.5× the longest wrong one', () => {
    const problems = findBiasProblems([
      {
        id: 'deck',
        items: [choice('giveaway', 2, [10, 10, 16, 8], [10, 10, 12, 8]), choice('fair', 0, [5, 9])],
      },
    ]);
    expect(problems).toContainEqual({
      deckId: 'deck',
      itemId: 'giveaway',
      language: 'ko',
      reason: 'right option is 1.60× the longest wrong one (ko; limit 1.50×)',
    });
    expect(problems.filter((problem) => problem.itemId === 'giveaway' && problem.language === 'en')).toEqual(
      [],
    );
  });

  it('reports a deck where the longest option is right too often, naming the items and their ratios', () => {
    const items = [
      choice('a', 0, [12, 10, 10]),
      choice('b', 1, [10, 11, 10]),
      choice('c', 0, [9, 10, 10]),
      choice('d', 2, [10, 10, 9]),
    ];
    const problems = findBiasProblems([{ id: 'deck', items }]);
    const share = problems.find((problem) => problem.itemId === undefined && problem.language === 'ko');
    expect(share?.reason).toBe(
      'right option is strictly the longest in 2 of 4 choice items (50 %, ko; limit 30 %): a 1.20×, b 1.10×',
    );
  });
});
