import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { QUIZ_LIMITS } from '../../domain/quiz.js';
import { t } from '../../i18n/messages.js';
import { abandonStartedQuiz, postCurrentQuestion, startQuiz } from '../../services/quiz.js';
import { refuse } from '../../services/refusal.js';
import type { SlashCommand } from '../command.js';
import { SERVER_ONLY } from '../command-reach.js';
import { replyRefusal } from '../reply.js';
import { renderQuizScreen } from '../views/quiz-view.js';
import { suggestDecks } from './study.js';

/** A group quiz in the channel: everyone answers the same questions, then a scoreboard. */
export const quizCommand: SlashCommand = {
  data: {
    name: 'quiz',
    name_localizations: { ko: '퀴즈' },
    description: 'A quiz for everyone in this channel, with a scoreboard (servers only)',
    description_localizations: { ko: '이 채널의 모두가 함께 푸는 퀴즈, 마지막에 점수판 (서버 전용)' },
    ...SERVER_ONLY,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'deck',
        name_localizations: { ko: '덱' },
        description: 'Only this deck',
        description_localizations: { ko: '이 덱에서만 내요' },
        required: false,
        autocomplete: true,
        max_length: 60,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'questions',
        name_localizations: { ko: '문제수' },
        description: `How many questions (${QUIZ_LIMITS.questions.min}-${QUIZ_LIMITS.questions.max}, default ${QUIZ_LIMITS.questions.default})`,
        description_localizations: {
          ko: `문제 수 (${QUIZ_LIMITS.questions.min}-${QUIZ_LIMITS.questions.max}, 기본 ${QUIZ_LIMITS.questions.default})`,
        },
        required: false,
        min_value: QUIZ_LIMITS.questions.min,
        max_value: QUIZ_LIMITS.questions.max,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'seconds',
        name_localizations: { ko: '초' },
        description: `Seconds per question (${QUIZ_LIMITS.seconds.min}-${QUIZ_LIMITS.seconds.max}, default ${QUIZ_LIMITS.seconds.default})`,
        description_localizations: {
          ko: `문제마다 주는 시간(초) (${QUIZ_LIMITS.seconds.min}-${QUIZ_LIMITS.seconds.max}, 기본 ${QUIZ_LIMITS.seconds.default})`,
        },
        required: false,
        min_value: QUIZ_LIMITS.seconds.min,
        max_value: QUIZ_LIMITS.seconds.max,
      },
    ],
  },
  async execute(deps, interaction, { locale, guildId }) {
    if (!guildId || !interaction.channelId) return replyRefusal(interaction, locale, refuse('guild-only'));
    const deckId = interaction.options.getString('deck');
    const started = await startQuiz(deps, {
      guildId,
      channelId: interaction.channelId,
      hostUserId: interaction.user.id,
      deckId,
      questions: interaction.options.getInteger('questions'),
      seconds: interaction.options.getInteger('seconds'),
    });
    if (!started.ok) return replyRefusal(interaction, locale, started);
    await interaction.reply({
      ...renderQuizScreen(started.screen, started.locale),
      allowedMentions: { parse: [] },
    });
    try {
      await postCurrentQuestion(deps, deps.ports.quiz, started.quiz);
    } catch (error) {
      deps.log.warn({ err: error, quizId: started.quiz.id }, 'could not post the first quiz question');
      await abandonStartedQuiz(deps, started.quiz.id);
      await interaction.followUp({ content: t(locale, 'quiz.cannot-post'), flags: MessageFlags.Ephemeral });
    }
  },
  autocomplete: (deps, interaction, context) => suggestDecks(deps, interaction, context.locale),
};
