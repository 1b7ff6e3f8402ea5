import { type APIButtonComponent, type APIEmbed, ButtonStyle } from 'discord.js';
import { formatInterval } from '../../../domain/scheduling.js';
import { progressBar } from '../../../domain/session.js';
import { discordTimestamp, formatDuration, type Locale, t } from '../../../i18n/messages.js';
import type { Backlog, StudyScreen } from '../../../services/study.js';
import { buildCustomId } from '../../custom-id.js';
import { button, COLORS, type MessageView, row, truncate } from '../ui-kit.js';
import { drawChoice } from './choice.js';
import { drawCloze } from './cloze.js';
import { drawFlashcard } from './flashcard.js';
import { type ItemScreen, itemFrame } from './item-frame.js';
import { drawOrdering } from './ordering.js';

/**
 * Draws a study screen as a message in the member's language. `now` labels the grade buttons with intervals; the
 * screen itself is everything else the view shows. The cloze modal is not a message: see cloze-modal.ts.
 */
export function renderStudyScreen(screen: StudyScreen, locale: Locale, now: Date): MessageView {
  switch (screen.type) {
    case 'empty':
      return renderEmpty(screen, locale);
    case 'summary':
      return renderSummary(screen, locale);
    case 'item':
      return renderItem(screen, locale, now);
  }
}

/** Nothing to study: with a deck asked for, what is due in the other decks instead, and a button to study it. */
function renderEmpty(screen: Extract<StudyScreen, { type: 'empty' }>, locale: Locale): MessageView {
  const lines = [
    screen.deck
      ? t(locale, 'study.nothing-in-deck', { deck: screen.deck.title[locale] })
      : t(locale, 'study.nothing-due'),
  ];
  if (screen.dueElsewhere > 0) lines.push(t(locale, 'study.due-elsewhere', { count: screen.dueElsewhere }));
  if (screen.newLimitReached)
    lines.push(t(locale, 'study.new-limit-reached', { limit: screen.dailyNewLimit }));
  if (screen.backlog) {
    lines.push(t(locale, 'backlog.done-today', { cap: String(screen.backlog.dailyCap) }));
    lines.push(backlogLine(screen.backlog, locale));
  }
  if (screen.nextDue) lines.push(t(locale, 'study.next-due', { when: discordTimestamp(screen.nextDue) }));
  const components =
    screen.dueElsewhere > 0
      ? [
          row(
            button(
              buildCustomId({ kind: 'start', deckId: null }),
              t(locale, 'study.study-elsewhere', { count: screen.dueElsewhere }),
              ButtonStyle.Primary,
            ),
          ),
        ]
      : [];
  return { content: lines.join('\n'), embeds: [], components };
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
  const done = !screen.ended && session.lastReviewId !== null;
  if (done && screen.moreDue === 0) {
    buttons.push(
      button(
        buildCustomId({ kind: 'study', sessionId: session.id, version: session.version, action: 'end' }),
        t(locale, 'study.done'),
        ButtonStyle.Primary,
      ),
    );
  }
  // A session that ended on its last answer can still take that answer back, as Anki's Undo can. It comes after
  // the way on and says what it undoes, so a member pressing the first button to go on never takes an answer back.
  if (done) {
    buttons.push(
      button(
        buildCustomId({ kind: 'study', sessionId: session.id, version: session.version, action: 'undo' }),
        t(locale, 'study.undo-last'),
      ),
    );
  }
  return { embeds: [embed], components: buttons.length > 0 ? [row(...buttons)] : [] };
}

/** The frame every item shares (deck and kind, progress, the previous answer), drawn by its kind's renderer. */
function renderItem(screen: ItemScreen, locale: Locale, now: Date): MessageView {
  const { session, current } = screen;
  const { item, deck } = current;
  const done = session.position + (session.step.stage === 'answered' ? 1 : 0);
  const footer = [progressBar(done, session.queue.length)];
  if (screen.lastAnswer && !screen.feedback) {
    footer.push(
      t(locale, 'study.previous', {
        rating: t(locale, `study.rating.${screen.lastAnswer.rating}`),
        interval: formatInterval(screen.lastAnswer.answeredAt, screen.lastAnswer.dueAfter),
      }),
    );
  }
  if (screen.skippedRetired) footer.push(t(locale, 'study.retired-skipped'));
  const embed: APIEmbed = {
    color: COLORS.question,
    author: { name: truncate(`${deck.title[locale]} · ${t(locale, `study.kind.${item.kind}`)}`, 256) },
    footer: { text: footer.join('\n') },
  };
  const frame = itemFrame(screen, locale, now, embed);
  // A leech: the explanation comes before the question, so the member relearns instead of guessing again.
  if (screen.leech && session.step.stage === 'question') {
    embed.title = t(locale, 'leech.banner');
    frame.explain();
  }
  switch (item.kind) {
    case 'flashcard':
      drawFlashcard(frame, item);
      break;
    case 'multiple_choice':
    case 'scenario':
      drawChoice(frame, item);
      break;
    case 'ordering':
      drawOrdering(frame, item);
      break;
    case 'cloze':
      drawCloze(frame, item);
      break;
  }
  if (frame.fields.length > 0) embed.fields = frame.fields;
  return { embeds: [embed], components: [...frame.rows, row(...frame.controls)] };
}
