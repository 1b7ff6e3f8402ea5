import { ButtonStyle } from 'discord.js';
import type { ItemContent } from '../../../content/schema.js';
import { formatInterval, RATINGS, type ReviewRating } from '../../../domain/scheduling.js';
import { t } from '../../../i18n/messages.js';
import { type ActionStyle, button, row, truncate } from '../ui-kit.js';
import type { ItemFrame } from './item-frame.js';

const RATING_STYLES: Record<ReviewRating, ActionStyle> = {
  1: ButtonStyle.Danger,
  2: ButtonStyle.Secondary,
  3: ButtonStyle.Success,
  4: ButtonStyle.Primary,
};

/** The front, then once revealed the back and four grades, each labelled with the interval it would give. */
export function drawFlashcard(frame: ItemFrame, item: Extract<ItemContent, { kind: 'flashcard' }>): void {
  const { locale, screen } = frame;
  frame.embed.description = `**${item.front[locale]}**`;
  if (screen.session.step.stage !== 'revealed') {
    frame.rows.push(
      row(button(frame.id({ action: 'reveal' }), t(locale, 'study.show-answer'), ButtonStyle.Primary)),
    );
    return;
  }
  frame.fields.push({ name: t(locale, 'study.answer'), value: truncate(item.back[locale], 1024) });
  frame.explain();
  const interval = (rating: ReviewRating) =>
    screen.preview ? formatInterval(frame.now, screen.preview[rating]) : '';
  frame.rows.push(
    row(
      ...RATINGS.map((rating) =>
        button(
          frame.id({ action: 'grade', rating }),
          `${t(locale, `study.rating.${rating}`)} · ${interval(rating)}`,
          RATING_STYLES[rating],
        ),
      ),
    ),
  );
}
