import { ButtonStyle } from 'discord.js';
import type { ItemContent } from '../../../content/schema.js';
import { t } from '../../../i18n/messages.js';
import { shownOrder } from '../choice-prompt.js';
import { button, COLORS, row, truncate } from '../ui-kit.js';
import type { ItemFrame } from './item-frame.js';

/** Steps pressed one by one in order (picked ones struck through), then the order given and the right one. */
export function drawOrdering(frame: ItemFrame, item: Extract<ItemContent, { kind: 'ordering' }>): void {
  const { locale, screen, embed } = frame;
  const { step } = screen.session;
  const order = shownOrder(step.shuffle, item.steps.length);
  const picked = step.picked;
  const lines = order.map((stepIndex, display) => {
    const label = item.steps[stepIndex]?.[locale] ?? '';
    return picked.includes(stepIndex) ? `~~${display + 1}. ${label}~~` : `**${display + 1}.** ${label}`;
  });
  embed.description = truncate(`**${item.prompt[locale]}**\n\n${lines.join('\n')}`, 4096);
  const chosen = picked.map(
    (stepIndex, position) => `${position + 1}. ${item.steps[stepIndex]?.[locale] ?? ''}`,
  );

  if (step.stage !== 'answered') {
    if (chosen.length > 0)
      frame.fields.push({ name: t(locale, 'study.order-so-far'), value: truncate(chosen.join('\n'), 1024) });
    embed.title = t(locale, 'study.order-pick');
    const pickButtons = order.map((stepIndex, display) =>
      button(
        frame.id({ action: 'order-pick', step: stepIndex }),
        String(display + 1),
        ButtonStyle.Primary,
        picked.includes(stepIndex),
      ),
    );
    for (let start = 0; start < pickButtons.length; start += 5)
      frame.rows.push(row(...pickButtons.slice(start, start + 5)));
    if (picked.length > 0)
      frame.controls.unshift(button(frame.id({ action: 'order-reset' }), t(locale, 'study.reset-order')));
    return;
  }
  const grade = screen.feedback?.kind === 'ordering' ? screen.feedback : undefined;
  embed.color = grade?.correct ? COLORS.right : grade?.nearlyCorrect ? COLORS.nearly : COLORS.wrong;
  if (grade)
    embed.title = t(
      locale,
      grade.correct ? 'study.correct' : grade.nearlyCorrect ? 'study.nearly' : 'study.wrong',
    );
  if (chosen.length > 0)
    frame.fields.push({ name: t(locale, 'study.your-order'), value: truncate(chosen.join('\n'), 1024) });
  if (!grade?.correct) {
    const rightOrder = item.steps.map((text, index) => `${index + 1}. ${text[locale]}`).join('\n');
    frame.fields.push({ name: t(locale, 'study.right-order'), value: truncate(rightOrder, 1024) });
  }
  frame.explain();
  frame.offerNext();
}
