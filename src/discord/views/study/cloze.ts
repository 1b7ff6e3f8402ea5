import { ButtonStyle } from 'discord.js';
import type { ItemContent } from '../../../content/schema.js';
import { t } from '../../../i18n/messages.js';
import { button, COLORS, row, truncate } from '../ui-kit.js';
import type { ItemFrame } from './item-frame.js';

/** The sentence with its gap and a button that opens the modal, then what was typed beside the answer. */
export function drawCloze(frame: ItemFrame, item: Extract<ItemContent, { kind: 'cloze' }>): void {
  const { locale, screen, embed } = frame;
  embed.description = `**${item.text[locale].replace('___', '\\_\\_\\_\\_\\_')}**`;
  if (screen.session.step.stage !== 'answered') {
    frame.rows.push(
      row(button(frame.id({ action: 'cloze-open' }), t(locale, 'study.type-answer'), ButtonStyle.Primary)),
    );
    return;
  }
  const answer = { name: t(locale, 'study.answer'), value: truncate(item.answer[locale], 1024) };
  const feedback = screen.feedback?.kind === 'cloze' ? screen.feedback : undefined;
  if (feedback) {
    embed.color = feedback.correct ? COLORS.right : COLORS.wrong;
    embed.title = t(locale, feedback.correct ? 'study.correct' : 'study.wrong');
    frame.fields.push(
      { name: t(locale, 'study.your-answer'), value: truncate(feedback.typed || '—', 1024), inline: true },
      { ...answer, inline: true },
    );
  } else {
    frame.fields.push(answer);
  }
  frame.explain();
  frame.offerNext();
}
