import { type ButtonInteraction, MessageFlags } from 'discord.js';
import type { Deps } from '../../deps.js';
import { t } from '../../i18n/messages.js';
import { answerQuiz } from '../../services/quiz.js';
import type { InteractionContext } from '../command.js';
import type { CustomId } from '../custom-id.js';
import { optionLetter } from '../views/quiz-view.js';

/**
 * A press on a quiz question. The answer is acknowledged privately and without saying whether it was right, so
 * the rest of the channel learns nothing before the reveal.
 */
export async function handleQuizComponent(
  deps: Deps,
  interaction: ButtonInteraction,
  id: Extract<CustomId, { kind: 'quiz' }>,
  { locale, user }: InteractionContext,
): Promise<void> {
  const result = await answerQuiz(deps, { userId: interaction.user.id, user }, id, {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    messageId: interaction.message.id,
  });
  const content = result.ok
    ? t(locale, 'quiz.recorded', { letter: optionLetter(result.display) })
    : result.reason === 'already-answered'
      ? t(locale, 'quiz.already-answered')
      : result.reason === 'time-up'
        ? t(locale, 'quiz.time-up')
        : result.reason === 'quiz-missing'
          ? t(locale, 'quiz.missing')
          : t(locale, 'error.malformed-id');
  await interaction.reply({ content, flags: MessageFlags.Ephemeral });
}
