import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from 'discord.js';
import type { LocalizedText } from '../../content/schema.js';
import { formatInterval, RATINGS, type ReviewRating } from '../../domain/scheduling.js';
import { progressBar } from '../../domain/session.js';
import { MAX_CLOZE_INPUT, type StudyAction } from '../../domain/study-session.js';
import { discordTimestamp, formatDuration, type Locale, t } from '../../i18n/messages.js';
import type { Backlog, StudyScreen } from '../../services/study.js';
import { buildCustomId } from '../custom-id.js';

export interface MessageView {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export const COLORS = {
  question: 0x5865f2,
  right: 0x57f287,
  wrong: 0xed4245,
  nearly: 0xfee75c,
  summary: 0xeb459e,
} as const;
const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

const RATING_STYLES: Record<ReviewRating, ActionStyle> = {
  1: ButtonStyle.Danger,
  2: ButtonStyle.Secondary,
  3: ButtonStyle.Success,
  4: ButtonStyle.Primary,
};

function text(locale: Locale, value: LocalizedText): string {
  return value[locale];
}

function row(...buttons: APIButtonComponent[]): APIActionRowComponent<APIComponentInMessageActionRow> {
  return { type: ComponentType.ActionRow, components: buttons };
}

function button(
  customId: string,
  label: string,
  style: ActionStyle = ButtonStyle.Secondary,
  disabled = false,
): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label: label.slice(0, 80), style, disabled };
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** Renders a study screen as a message (embeds and buttons) in the member's language. */
export function renderStudyScreen(screen: StudyScreen, locale: Locale, now: Date): MessageView {
  switch (screen.type) {
    case 'empty': {
      const lines = [t(locale, 'study.nothing-due')];
      if (screen.newLimitReached)
        lines.push(t(locale, 'study.new-limit-reached', { limit: screen.dailyNewLimit }));
      if (screen.backlog) {
        lines.push(t(locale, 'backlog.done-today', { cap: String(screen.backlog.dailyCap) }));
        lines.push(backlogLine(screen.backlog, locale));
      }
      if (screen.nextDue) lines.push(t(locale, 'study.next-due', { when: discordTimestamp(screen.nextDue) }));
      return { content: lines.join('\n'), embeds: [], components: [] };
    }
    case 'summary':
      return renderSummary(screen, locale);
    case 'cloze-modal':
      throw new Error('a cloze modal is shown with renderClozeModal, not as a message');
    case 'item':
      return renderItem(screen, locale, now);
  }
}

function backlogLine(backlog: Backlog, locale: Locale): string {
  return t(locale, 'backlog.summary', {
    due: String(backlog.due),
    cap: String(backlog.dailyCap),
    days: String(backlog.days),
  });
}

function renderSummary(screen: Extract<StudyScreen, { type: 'summary' }>, locale: Locale): MessageView {
  const { session } = screen;
  const embed: APIEmbed = {
    color: COLORS.summary,
    title: t(locale, screen.ended ? 'study.summary-ended' : 'study.summary-title'),
    fields: [
      { name: t(locale, 'study.summary-answered'), value: String(session.answered), inline: true },
      { name: t(locale, 'study.summary-correct'), value: String(session.correct), inline: true },
      {
        name: t(locale, 'study.summary-time'),
        value: formatDuration(locale, session.timeSpentMs),
        inline: true,
      },
      {
        name: t(locale, 'study.summary-next'),
        value: screen.nextDue ? discordTimestamp(screen.nextDue) : t(locale, 'study.summary-none'),
        inline: false,
      },
    ],
  };
  if (screen.moreDue > 0)
    embed.description = screen.backlog
      ? backlogLine(screen.backlog, locale)
      : t(locale, 'study.summary-more', { count: screen.moreDue });
  const buttons: APIButtonComponent[] = [];
  if (screen.moreDue > 0) {
    buttons.push(
      button(
        buildCustomId({ kind: 'start', deckId: session.deckId }),
        t(locale, 'study.continue'),
        ButtonStyle.Primary,
      ),
    );
  }
  // A session that ended on its last answer can still take that answer back, as Anki's Undo can.
  if (!screen.ended && session.lastReviewId !== null) {
    buttons.push(
      button(
        buildCustomId({ kind: 'study', sessionId: session.id, version: session.version, action: 'undo' }),
        t(locale, 'study.undo'),
      ),
    );
  }
  const components = buttons.length > 0 ? [row(...buttons)] : [];
  return { embeds: [embed], components };
}

function renderItem(screen: Extract<StudyScreen, { type: 'item' }>, locale: Locale, now: Date): MessageView {
  const { session, current, feedback } = screen;
  const { item, deck } = current;
  const id = (action: StudyAction) =>
    buildCustomId({ kind: 'study', sessionId: session.id, version: session.version, ...action });
  const stage = session.step.stage;
  const done = session.position + (stage === 'answered' ? 1 : 0);
  const footerParts = [progressBar(done, session.queue.length)];
  if (screen.lastAnswer && !feedback) {
    footerParts.push(
      t(locale, 'study.previous', {
        rating: t(locale, `study.rating.${screen.lastAnswer.rating}`),
        interval: formatInterval(screen.lastAnswer.answeredAt, screen.lastAnswer.dueAfter),
      }),
    );
  }
  if (screen.skippedRetired) footerParts.push(t(locale, 'study.retired-skipped'));
  const embed: APIEmbed = {
    color: COLORS.question,
    author: { name: truncate(`${text(locale, deck.title)} · ${t(locale, `study.kind.${item.kind}`)}`, 256) },
    footer: { text: footerParts.join('\n') },
    fields: [],
  };
  const fields = embed.fields as NonNullable<APIEmbed['fields']>;
  const rows: MessageView['components'] = [];
  const controls: APIButtonComponent[] = [];
  if (session.lastReviewId !== null) controls.push(button(id({ action: 'undo' }), t(locale, 'study.undo')));
  controls.push(button(id({ action: 'end' }), t(locale, 'study.end')));

  const explain = () => {
    // A server's own deck may have no explanation or section: an empty one is left out.
    if (text(locale, item.explanation).trim())
      fields.push({
        name: t(locale, 'study.explanation'),
        value: truncate(text(locale, item.explanation), 1024),
      });
    if (item.beyondNotes)
      fields.push({
        name: t(locale, 'study.beyond-notes'),
        value: truncate(text(locale, item.beyondNotes), 1024),
      });
    const section = current.section ? text(locale, current.section.title) : item.section;
    if (section.trim()) fields.push({ name: t(locale, 'study.source'), value: truncate(section, 1024) });
  };

  // A leech: the explanation comes before the question, so the member relearns instead of guessing again.
  if (screen.leech && stage === 'question') {
    embed.title = t(locale, 'leech.banner');
    explain();
  }

  switch (item.kind) {
    case 'flashcard': {
      embed.description = `**${text(locale, item.front)}**`;
      if (stage === 'revealed') {
        fields.push({ name: t(locale, 'study.answer'), value: truncate(text(locale, item.back), 1024) });
        explain();
        rows.push(
          row(
            ...RATINGS.map((rating) =>
              button(
                id({ action: 'grade', rating }),
                `${t(locale, `study.rating.${rating}`)} · ${screen.preview ? formatInterval(now, screen.preview[rating]) : ''}`,
                RATING_STYLES[rating],
              ),
            ),
          ),
        );
      } else {
        rows.push(row(button(id({ action: 'reveal' }), t(locale, 'study.show-answer'), ButtonStyle.Primary)));
      }
      break;
    }
    case 'multiple_choice':
    case 'scenario': {
      const prompt =
        item.kind === 'scenario'
          ? `${text(locale, item.situation)}\n\n**${text(locale, item.question)}**`
          : `**${text(locale, item.question)}**`;
      const order =
        session.step.shuffle.length === item.options.length
          ? session.step.shuffle
          : item.options.map((_, i) => i);
      const optionLines = order.map((optionIndex, display) => {
        const option = item.options[optionIndex];
        return `**${LETTERS[display]}.** ${option ? text(locale, option.text) : ''}`;
      });
      embed.description = truncate(`${prompt}\n\n${optionLines.join('\n')}`, 4096);
      if (stage === 'answered' && feedback?.kind === 'choice') {
        embed.color = feedback.correct ? COLORS.right : COLORS.wrong;
        embed.title = t(locale, feedback.correct ? 'study.correct' : 'study.wrong');
        const pickedDisplay = order.indexOf(feedback.picked);
        const picked = item.options[feedback.picked];
        const pickedLine = `**${LETTERS[pickedDisplay] ?? '?'}.** ${picked ? text(locale, picked.text) : ''}`;
        fields.push({
          name: t(locale, 'study.your-choice'),
          value: truncate(
            picked?.why && !feedback.correct ? `${pickedLine}\n→ ${text(locale, picked.why)}` : pickedLine,
            1024,
          ),
        });
        if (!feedback.correct) {
          const right = item.options[item.answer];
          fields.push({
            name: t(locale, 'study.right-choice'),
            value: truncate(
              `**${LETTERS[order.indexOf(item.answer)] ?? '?'}.** ${right ? text(locale, right.text) : ''}`,
              1024,
            ),
          });
        }
        explain();
        rows.push(row(button(id({ action: 'next' }), t(locale, 'study.next'), ButtonStyle.Primary)));
      } else if (stage === 'answered') {
        explain();
        rows.push(row(button(id({ action: 'next' }), t(locale, 'study.next'), ButtonStyle.Primary)));
      } else {
        rows.push(
          row(
            ...order.map((optionIndex, display) =>
              button(
                id({ action: 'choose', option: optionIndex }),
                LETTERS[display] ?? '?',
                ButtonStyle.Primary,
              ),
            ),
          ),
        );
      }
      break;
    }
    case 'ordering': {
      const order =
        session.step.shuffle.length === item.steps.length
          ? session.step.shuffle
          : item.steps.map((_, i) => i);
      const picked = session.step.picked;
      const lines = order.map((stepIndex, display) => {
        const step = item.steps[stepIndex];
        const label = step ? text(locale, step) : '';
        return picked.includes(stepIndex) ? `~~${display + 1}. ${label}~~` : `**${display + 1}.** ${label}`;
      });
      embed.description = truncate(`**${text(locale, item.prompt)}**\n\n${lines.join('\n')}`, 4096);
      const chosen = picked.map(
        (stepIndex, position) =>
          `${position + 1}. ${text(locale, item.steps[stepIndex] ?? { ko: '', en: '' })}`,
      );
      if (stage === 'answered') {
        const grade = feedback?.kind === 'ordering' ? feedback : undefined;
        embed.color = grade?.correct ? COLORS.right : grade?.nearlyCorrect ? COLORS.nearly : COLORS.wrong;
        embed.title = grade
          ? t(locale, grade.correct ? 'study.correct' : grade.nearlyCorrect ? 'study.nearly' : 'study.wrong')
          : undefined;
        if (chosen.length > 0)
          fields.push({ name: t(locale, 'study.your-order'), value: truncate(chosen.join('\n'), 1024) });
        if (!grade?.correct) {
          fields.push({
            name: t(locale, 'study.right-order'),
            value: truncate(
              item.steps.map((step, index) => `${index + 1}. ${text(locale, step)}`).join('\n'),
              1024,
            ),
          });
        }
        explain();
        rows.push(row(button(id({ action: 'next' }), t(locale, 'study.next'), ButtonStyle.Primary)));
      } else {
        if (chosen.length > 0)
          fields.push({ name: t(locale, 'study.order-so-far'), value: truncate(chosen.join('\n'), 1024) });
        embed.title = t(locale, 'study.order-pick');
        const pickButtons = order.map((stepIndex, display) =>
          button(
            id({ action: 'order-pick', step: stepIndex }),
            String(display + 1),
            ButtonStyle.Primary,
            picked.includes(stepIndex),
          ),
        );
        for (let start = 0; start < pickButtons.length; start += 5)
          rows.push(row(...pickButtons.slice(start, start + 5)));
        if (picked.length > 0)
          controls.unshift(button(id({ action: 'order-reset' }), t(locale, 'study.reset-order')));
      }
      break;
    }
    case 'cloze': {
      embed.description = `**${text(locale, item.text).replace('___', '\\_\\_\\_\\_\\_')}**`;
      if (stage === 'answered' && feedback?.kind === 'cloze') {
        embed.color = feedback.correct ? COLORS.right : COLORS.wrong;
        embed.title = t(locale, feedback.correct ? 'study.correct' : 'study.wrong');
        fields.push({
          name: t(locale, 'study.your-answer'),
          value: truncate(feedback.typed || '—', 1024),
          inline: true,
        });
        fields.push({
          name: t(locale, 'study.answer'),
          value: truncate(text(locale, item.answer), 1024),
          inline: true,
        });
        explain();
        rows.push(row(button(id({ action: 'next' }), t(locale, 'study.next'), ButtonStyle.Primary)));
      } else if (stage === 'answered') {
        fields.push({ name: t(locale, 'study.answer'), value: truncate(text(locale, item.answer), 1024) });
        explain();
        rows.push(row(button(id({ action: 'next' }), t(locale, 'study.next'), ButtonStyle.Primary)));
      } else {
        rows.push(
          row(button(id({ action: 'cloze-open' }), t(locale, 'study.type-answer'), ButtonStyle.Primary)),
        );
      }
      break;
    }
  }
  rows.push(row(...controls));
  if (fields.length === 0) delete embed.fields;
  return { embeds: [embed], components: rows };
}

export function renderClozeModal(
  screen: Extract<StudyScreen, { type: 'cloze-modal' }>,
  locale: Locale,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: buildCustomId({
      kind: 'study',
      sessionId: screen.session.id,
      version: screen.session.version,
      action: 'cloze-submit',
    }),
    title: t(locale, 'study.cloze-modal-title'),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'answer',
            label: truncate(t(locale, 'study.cloze-label'), 45),
            style: TextInputStyle.Short,
            min_length: 1,
            max_length: MAX_CLOZE_INPUT,
            required: true,
            placeholder: truncate(
              screen.current.item.kind === 'cloze' ? screen.current.item.text[locale] : '',
              100,
            ),
          },
        ],
      },
    ],
  };
}
