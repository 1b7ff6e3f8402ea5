import type { ItemContent } from '../../content/schema.js';
import type { Locale } from '../../i18n/messages.js';
import { optionLetter } from './ui-kit.js';

type ChoiceItem = Extract<ItemContent, { kind: 'multiple_choice' | 'scenario' }>;

/**
 * A choice question as text, for a member's study screen and a group quiz alike: the scenario's situation, the
 * question in bold, then the options under their letters in the shown `order`, the right one marked once revealed.
 */
export function renderChoicePrompt(
  item: ChoiceItem,
  order: readonly number[],
  locale: Locale,
  revealAnswer = false,
): string {
  const question = `**${item.question[locale]}**`;
  const head = item.kind === 'scenario' ? `${item.situation[locale]}\n\n${question}` : question;
  const lines = order.map((optionIndex, display) => {
    const option = item.options[optionIndex];
    const mark = revealAnswer && optionIndex === item.answer ? ' ✅' : '';
    return `**${optionLetter(display)}.** ${option ? option.text[locale] : ''}${mark}`;
  });
  return `${head}\n\n${lines.join('\n')}`;
}

/** The shown order of an item's options: the stored shuffle when it fits the item, else the item's own order. */
export function shownOrder(shuffle: readonly number[], count: number): number[] {
  return shuffle.length === count ? [...shuffle] : Array.from({ length: count }, (_, index) => index);
}
