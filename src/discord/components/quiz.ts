import type { ButtonInteraction } from 'discord.js';
import type { Deps } from '../../deps.js';
import { t } from '../../i18n/messages.js';
import { answerQuiz } from '../../services/quiz.js';
import type { InteractionContext } from '../command.js';
import type { CustomId } from '../custom-id.js';
import { replyEphemeral, replyRefusal } from '../reply.js';
import { optionLetter } from '../views/ui-kit.js';

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
  if (!result.ok) return replyRefusal(interaction, locale, result);
  await replyEphemeral(interaction, t(locale, 'quiz.recorded', { letter: optionLetter(result.display) }));
}
