import {
  type ButtonInteraction,
  InteractionContextType,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Deps } from '../../deps.js';
import { ensureGuildDecksLoaded } from '../../services/server-decks.js';
import { type ClozeModal, handleStudyAction, type StudyScreen, startStudy } from '../../services/study.js';
import type { InteractionContext } from '../command.js';
import type { CustomId } from '../custom-id.js';
import { replyRefusal } from '../reply.js';
import { renderClozeModal } from '../views/study/cloze-modal.js';
import { renderStudyScreen } from '../views/study/study-screen.js';

type StudyInteraction = ButtonInteraction | ModalSubmitInteraction;

/** Shows a study screen in answer to a click: it replaces the screen the member is working on. */
async function show(
  deps: Deps,
  interaction: StudyInteraction,
  screen: StudyScreen | ClozeModal,
  context: InteractionContext,
): Promise<void> {
  if (screen.type === 'cloze-modal') {
    if (interaction.isModalSubmit()) throw new Error('a modal cannot open another modal');
    await interaction.showModal(renderClozeModal(screen, context.locale));
    return;
  }
  const view = renderStudyScreen(screen, context.locale, deps.clock());
  if (!interaction.message) {
    await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isModalSubmit() && !interaction.isFromMessage()) {
    await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
    return;
  }
  await (interaction as ButtonInteraction).update({
    content: view.content ?? '',
    embeds: view.embeds,
    components: view.components,
  });
}

/** Buttons and modals of a study session, and the buttons that start one. */
export async function handleStudyComponent(
  deps: Deps,
  interaction: StudyInteraction,
  id: Extract<CustomId, { kind: 'study' | 'start' }>,
  context: InteractionContext,
): Promise<void> {
  const actor = { userId: interaction.user.id, guildId: context.guildId, user: context.user };
  if (id.kind === 'start') {
    const started = await startStudy(deps, actor, id.deckId);
    if (!started.ok) return replyRefusal(interaction, context.locale, started);
    // A start button on a shared message (a reminder in a channel) opens a private session for whoever pressed it;
    // on the member's own screen or their reminder in the bot's DM, the session continues in that message.
    const view = renderStudyScreen(started.screen, context.locale, deps.clock());
    const own =
      interaction.message?.flags.has(MessageFlags.Ephemeral) ||
      interaction.context === InteractionContextType.BotDM;
    if (own) {
      await (interaction as ButtonInteraction).update({
        content: view.content ?? '',
        embeds: view.embeds,
        components: view.components,
      });
    } else {
      await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
    }
    return;
  }
  await ensureGuildDecksLoaded(deps, interaction.guildId);
  const { sessionId, version, kind: _kind, ...action } = id;
  const clozeText = interaction.isModalSubmit() ? interaction.fields.getTextInputValue('answer') : undefined;
  const result = await handleStudyAction(
    deps,
    actor,
    { sessionId, version },
    action,
    clozeText === undefined ? {} : { clozeText },
  );
  // A refusal goes in a separate ephemeral message, so the screen the member is working on stays as it was.
  if (!result.ok) return replyRefusal(interaction, context.locale, result);
  await show(deps, interaction, result.screen, context);
}
