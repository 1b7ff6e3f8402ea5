import { type APIButtonComponent, type APIEmbed, ButtonStyle } from 'discord.js';
import type { ItemContent } from '../../../content/schema.js';
import type { StudyAction } from '../../../domain/study-session.js';
import { type Locale, t } from '../../../i18n/messages.js';
import type { StudyScreen } from '../../../services/study.js';
import { buildCustomId } from '../../custom-id.js';
import { button, type EmbedField, type MessageView, row, truncate } from '../ui-kit.js';

export type ItemScreen = Extract<StudyScreen, { type: 'item' }>;

/** What a renderer of one item kind draws into: the embed, its fields, the rows of buttons above the controls. */
export interface ItemFrame {
  screen: ItemScreen;
  locale: Locale;
  now: Date;
  embed: APIEmbed;
  fields: EmbedField[];
  rows: MessageView['components'];
  /** Undo and End, drawn last; a renderer may put a control of its own in front. */
  controls: APIButtonComponent[];
  /** The custom_id of a press on this screen (the session and version it was drawn for). */
  id(action: StudyAction): string;
  /** Adds the explanation, what goes beyond the notes, and the section of the notes it comes from. */
  explain(): void;
  /** Adds the Next button, once an answer has been graded. */
  offerNext(): void;
}

export function itemFrame(screen: ItemScreen, locale: Locale, now: Date, embed: APIEmbed): ItemFrame {
  const { session, current } = screen;
  const item: ItemContent = current.item;
  const fields: EmbedField[] = [];
  const rows: MessageView['components'] = [];
  const id = (action: StudyAction) =>
    buildCustomId({ kind: 'study', sessionId: session.id, version: session.version, ...action });
  const controls: APIButtonComponent[] = [];
  if (session.lastReviewId !== null) controls.push(button(id({ action: 'undo' }), t(locale, 'study.undo')));
  controls.push(button(id({ action: 'end' }), t(locale, 'study.end')));
  return {
    screen,
    locale,
    now,
    embed,
    fields,
    rows,
    controls,
    id,
    explain() {
      // A server's own deck may have no explanation or section: an empty one is left out.
      if (item.explanation[locale].trim())
        fields.push({
          name: t(locale, 'study.explanation'),
          value: truncate(item.explanation[locale], 1024),
        });
      if (item.beyondNotes)
        fields.push({
          name: t(locale, 'study.beyond-notes'),
          value: truncate(item.beyondNotes[locale], 1024),
        });
      const section = current.section ? current.section.title[locale] : item.section;
      if (section.trim()) fields.push({ name: t(locale, 'study.source'), value: truncate(section, 1024) });
    },
    offerNext() {
      rows.push(row(button(id({ action: 'next' }), t(locale, 'study.next'), ButtonStyle.Primary)));
    },
  };
}
