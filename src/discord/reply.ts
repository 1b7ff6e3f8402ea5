import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Locale } from '../i18n/messages.js';
import type { Refusal } from '../services/refusal.js';
import { refusalText } from './views/refusal-view.js';

/** Answers only the member who acted, whether or not the interaction was answered already. */
export async function replyEphemeral(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.replied || interaction.deferred)
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
}

/** Tells only the member who acted why their request changed nothing. */
export const replyRefusal = (
  interaction: RepliableInteraction,
  locale: Locale,
  refusal: Refusal,
): Promise<void> => replyEphemeral(interaction, refusalText(locale, refusal));
