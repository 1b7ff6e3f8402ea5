import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import { t } from '../../i18n/messages.js';
import type { ComponentHandler } from '../router.js';
import { handleDeckImportComponent } from './deck-import.js';
import { handleQuizComponent } from './quiz.js';
import { handleStudyComponent } from './study.js';

/** Routes a parsed custom_id to the handler of its kind. */
export const routeComponent: ComponentHandler = async (deps, interaction, id, context) => {
  switch (id.kind) {
    case 'study':
    case 'start':
      if (!interaction.isButton() && !interaction.isModalSubmit()) break;
      return handleStudyComponent(
        deps,
        interaction as ButtonInteraction | ModalSubmitInteraction,
        id,
        context,
      );
    case 'quiz':
      if (!interaction.isButton()) break;
      return handleQuizComponent(deps, interaction, id, context);
    case 'deck-import':
      if (!interaction.isButton()) break;
      return handleDeckImportComponent(deps, interaction, id, context);
  }
  await interaction.reply({
    content: t(context.locale, 'error.malformed-id'),
    flags: MessageFlags.Ephemeral,
  });
};
