import { ButtonStyle } from 'discord.js';
import type { ItemContent } from '../../../content/schema.js';
import { t } from '../../../i18n/messages.js';
import { renderChoicePrompt, shownOrder } from '../choice-prompt.js';
import { button, COLORS, optionLetter, row, truncate } from '../ui-kit.js';
import type { ItemFrame } from './item-frame.js';

/** A multiple-choice or scenario question: options to press, then what was picked, the right one and why. */
export function drawChoice(
  frame: ItemFrame,
  item: Extract<ItemContent, { kind: 'multiple_choice' | 'scenario' }>,
): void {
  const { locale, screen, embed } = frame;
  const { step } = screen.session;
  const order = shownOrder(step.shuffle, item.options.length);
  embed.description = truncate(renderChoicePrompt(item, order, locale), 4096);
  if (step.stage !== 'answered') {
    frame.rows.push(
      row(
        ...order.map((optionIndex, display) =>
          button(
            frame.id({ action: 'choose', option: optionIndex }),
            optionLetter(display),
            ButtonStyle.Primary,
          ),
        ),
      ),
    );
    return;
  }
  const feedback = screen.feedback?.kind === 'choice' ? screen.feedback : undefined;
  if (feedback) {
    embed.color = feedback.correct ? COLORS.right : COLORS.wrong;
    embed.title = t(locale, feedback.correct ? 'study.correct' : 'study.wrong');
    const optionLine = (optionIndex: number) =>
      `**${optionLetter(order.indexOf(optionIndex))}.** ${item.options[optionIndex]?.text[locale] ?? ''}`;
    const why = item.options[feedback.picked]?.why;
    const picked = optionLine(feedback.picked);
    frame.fields.push({
      name: t(locale, 'study.your-choice'),
      value: truncate(why && !feedback.correct ? `${picked}\n→ ${why[locale]}` : picked, 1024),
    });
    if (!feedback.correct)
      frame.fields.push({
        name: t(locale, 'study.right-choice'),
        value: truncate(optionLine(item.answer), 1024),
      });
  }
  frame.explain();
  frame.offerNext();
}
