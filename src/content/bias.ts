import type { ItemContent } from './schema.js';

/**
 * Length giveaways in choice questions. A learner who always picks the longest option should do no better than
 * chance, so per deck and per language: few right options may be the strictly longest, and none may stand out by
 * length at all. Pure: it reads loaded items and returns figures and problems.
 */

/** At most this share of a deck's choice items may have a right option that is strictly the longest. */
export const MAX_LONGEST_SHARE = 0.3;
/** No right option may be longer than this many times the longest wrong option of its item. */
export const MAX_LENGTH_RATIO = 1.5;

export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type ChoiceItem = Extract<ItemContent, { kind: 'multiple_choice' | 'scenario' }>;

export interface ItemLengths {
  itemId: string;
  /** Right option's length over the longest wrong option's length. */
  ratio: number;
  /** Right option's length over the mean length of the wrong options. */
  meanRatio: number;
  /** The right option is longer than every wrong option. */
  strictlyLongest: boolean;
}

export interface DeckBias {
  deckId: string;
  language: Language;
  choiceItems: number;
  strictlyLongest: number;
  /** strictlyLongest / choiceItems; 0 for a deck without choice items. */
  share: number;
  meanRatio: number;
  items: ItemLengths[];
}

export interface BiasProblem {
  deckId: string;
  /** Absent when the problem is the deck's share as a whole. */
  itemId?: string;
  language: Language;
  reason: string;
}

/** What a reader sees: code points with surrounding space trimmed and inner runs of space counted once. */
export function visibleLength(text: string): number {
  return [...text.trim().replace(/\s+/g, ' ')].length;
}

function isChoice(item: ItemContent): item is ChoiceItem {
  return item.kind === 'multiple_choice' || item.kind === 'scenario';
}

export function measureItem(item: ChoiceItem, language: Language): ItemLengths {
  const lengths = item.options.map((option) => visibleLength(option.text[language]));
  const right = lengths[item.answer] ?? 0;
  const wrong = lengths.filter((_, index) => index !== item.answer);
  const longestWrong = Math.max(1, ...wrong);
  const meanWrong = Math.max(1, wrong.reduce((sum, length) => sum + length, 0) / Math.max(1, wrong.length));
  return {
    itemId: item.id,
    ratio: right / longestWrong,
    meanRatio: right / meanWrong,
    strictlyLongest: wrong.every((length) => right > length),
  };
}

export function measureDeck(deck: { id: string; items: readonly ItemContent[] }): DeckBias[] {
  const choices = deck.items.filter(isChoice);
  return LANGUAGES.map((language) => {
    const items = choices.map((item) => measureItem(item, language));
    const strictlyLongest = items.filter((item) => item.strictlyLongest).length;
    return {
      deckId: deck.id,
      language,
      choiceItems: items.length,
      strictlyLongest,
      share: items.length === 0 ? 0 : strictlyLongest / items.length,
      meanRatio: items.length === 0 ? 0 : items.reduce((sum, item) => sum + item.meanRatio, 0) / items.length,
      items,
    };
  });
}

const percent = (value: number) => `${Math.round(value * 100)} %`;
const times = (value: number) => `${value.toFixed(2)}×`;

/** Every length giveaway over the limits, per deck and language, each naming the item and its ratio. */
export function findBiasProblems(
  decks: readonly { id: string; items: readonly ItemContent[] }[],
): BiasProblem[] {
  const problems: BiasProblem[] = [];
  for (const bias of decks.flatMap(measureDeck)) {
    const { deckId, language } = bias;
    for (const item of bias.items) {
      if (item.ratio > MAX_LENGTH_RATIO)
        problems.push({
          deckId,
          itemId: item.itemId,
          language,
          reason: `right option is ${times(item.ratio)} the longest wrong one (${language}; limit ${times(MAX_LENGTH_RATIO)})`,
        });
    }
    if (bias.share > MAX_LONGEST_SHARE) {
      const named = bias.items
        .filter((item) => item.strictlyLongest)
        .map((item) => `${item.itemId} ${times(item.ratio)}`)
        .join(', ');
      problems.push({
        deckId,
        language,
        reason: `right option is strictly the longest in ${bias.strictlyLongest} of ${bias.choiceItems} choice items (${percent(bias.share)}, ${language}; limit ${percent(MAX_LONGEST_SHARE)}): ${named}`,
      });
    }
  }
  return problems;
}

/** One line per deck and language, for the check's summary. */
export function formatDeckBias(bias: DeckBias): string {
  const worst = bias.items.reduce<ItemLengths | undefined>(
    (top, item) => (top === undefined || item.ratio > top.ratio ? item : top),
    undefined,
  );
  return (
    `${bias.deckId} (${bias.language}): longest option is right in ${bias.strictlyLongest}/${bias.choiceItems} ` +
    `(${percent(bias.share)}), right/mean wrong ${times(bias.meanRatio)}` +
    (worst ? `, highest right/longest wrong ${times(worst.ratio)} (${worst.itemId})` : '')
  );
}
