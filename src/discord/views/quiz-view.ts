import { type APIEmbed, ButtonStyle, ComponentType } from 'discord.js';
import { discordTimestamp, type Locale, t } from '../../i18n/messages.js';
import type { QuizScreen } from '../../services/quiz.js';
import { buildCustomId } from '../custom-id.js';
import { renderChoicePrompt } from './choice-prompt.js';
import { COLORS, MAX_SHOWN_OPTIONS, type MessageView, optionLetter, truncate } from './ui-kit.js';

const mention = (userId: string) => `<@${userId}>`;

/** Mentions that fit in `max` characters; the rest are counted ("+3") rather than cut mid-mention. */
function mentionList(userIds: readonly string[], max: number): string {
  let text = '';
  for (const [index, userId] of userIds.entries()) {
    const next = `${text}${text ? ' ' : ''}${mention(userId)}`;
    const rest = userIds.length - index - 1;
    if (next.length + (rest > 0 ? ` +${rest}`.length : 0) > max) return `${text} +${userIds.length - index}`;
    text = next;
  }
  return text;
}

type ItemScreen = Extract<QuizScreen, { type: 'question' | 'reveal' }>;

const prompt = (screen: ItemScreen, locale: Locale) =>
  renderChoicePrompt(screen.current.item, screen.order, locale, screen.type === 'reveal');

/**
 * Renders what a quiz posts in its channel. The channel is shared, so the text is in the group's language (Korean
 * first); each member's private answers use their own.
 */
export function renderQuizScreen(screen: QuizScreen, locale: Locale): MessageView {
  switch (screen.type) {
    case 'started':
      return {
        embeds: [
          {
            color: COLORS.summary,
            title: t(locale, 'quiz.started-title'),
            description: t(locale, 'quiz.started', {
              host: mention(screen.hostUserId),
              deck: screen.deckTitle ? screen.deckTitle[locale] : t(locale, 'quiz.all-decks'),
              count: screen.questionCount,
              seconds: screen.seconds,
            }),
          },
        ],
        components: [],
      };
    case 'question': {
      const { deck } = screen.current;
      const ends = `\n\n⏱ ${t(locale, 'quiz.ends', { when: discordTimestamp(screen.endsAt) })}`;
      const embed: APIEmbed = {
        color: COLORS.question,
        author: { name: truncate(deck.title[locale], 256) },
        title: t(locale, 'quiz.question-title', { n: screen.question + 1, total: screen.total }),
        description: truncate(prompt(screen, locale), 4096 - ends.length) + ends,
        footer: { text: t(locale, 'quiz.question-footer') },
      };
      return {
        embeds: [embed],
        components: [
          {
            type: ComponentType.ActionRow,
            components: screen.order.slice(0, MAX_SHOWN_OPTIONS).map((optionIndex, display) => ({
              type: ComponentType.Button,
              custom_id: buildCustomId({
                kind: 'quiz',
                quizId: screen.quizId,
                question: screen.question,
                option: optionIndex,
              }),
              label: optionLetter(display),
              style: ButtonStyle.Primary,
            })),
          },
        ],
      };
    }
    case 'reveal': {
      const { item, deck } = screen.current;
      const right = screen.answers.filter((answer) => answer.correct);
      const rightOption = item.options[item.answer];
      const fields: NonNullable<APIEmbed['fields']> = [
        {
          name: t(locale, 'quiz.right-answer'),
          value: truncate(
            `**${optionLetter(screen.order.indexOf(item.answer))}.** ${rightOption ? rightOption.text[locale] : ''}\n${item.explanation[locale]}`,
            1024,
          ),
        },
      ];
      const whyWrong = screen.order.flatMap((optionIndex, display) => {
        const option = item.options[optionIndex];
        if (optionIndex === item.answer || !option?.why) return [];
        return [`**${optionLetter(display)}.** ${option.why[locale]}`];
      });
      if (whyWrong.length > 0)
        fields.push({ name: t(locale, 'quiz.why-wrong'), value: truncate(whyWrong.join('\n'), 1024) });
      fields.push({
        name: t(locale, 'quiz.who-right', { count: right.length }),
        value:
          right.length > 0
            ? mentionList(
                right.map((answer) => answer.userId),
                1024,
              )
            : t(locale, 'quiz.nobody-right'),
      });
      return {
        embeds: [
          {
            color: COLORS.right,
            author: { name: truncate(deck.title[locale], 256) },
            title: t(locale, 'quiz.reveal-title', { n: screen.question + 1, total: screen.total }),
            description: truncate(prompt(screen, locale), 4096),
            fields,
            footer: {
              text: t(locale, 'quiz.tally', { answered: screen.answers.length, right: right.length }),
            },
          },
        ],
        components: [],
      };
    }
    case 'scoreboard': {
      const lines = screen.scores.slice(0, 25).map((score) =>
        t(locale, 'quiz.score-line', {
          rank: score.rank,
          user: mention(score.userId),
          points: score.points,
          answered: score.answered,
        }),
      );
      return {
        embeds: [
          {
            color: COLORS.summary,
            title: t(locale, 'quiz.scoreboard-title'),
            description: lines.length > 0 ? truncate(lines.join('\n'), 4096) : t(locale, 'quiz.no-answers'),
            footer: { text: t(locale, 'quiz.scoreboard-footer') },
          },
        ],
        components: [],
      };
    }
  }
}
