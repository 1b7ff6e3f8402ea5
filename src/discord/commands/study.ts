import { ApplicationCommandOptionType, type AutocompleteInteraction, MessageFlags } from 'discord.js';
import type { Deps } from '../../deps.js';
import { refreshGuildDecks } from '../../services/server-decks.js';
import { startStudy } from '../../services/study.js';
import type { SlashCommand } from '../command.js';
import { EVERYWHERE } from '../command-reach.js';
import { replyRefusal } from '../reply.js';
import { renderStudyScreen } from '../views/study/study-screen.js';

/** Deck suggestions matching what the member typed, in their language. */
export async function suggestDecks(
  deps: Deps,
  interaction: AutocompleteInteraction,
  locale: 'ko' | 'en',
): Promise<void> {
  const typed = String(interaction.options.getFocused()).toLowerCase();
  await refreshGuildDecks(deps, interaction.guildId);
  const choices = deps.catalog
    .decksFor(interaction.guildId)
    .filter(
      (deck) =>
        deck.id.includes(typed) ||
        deck.title.ko.toLowerCase().includes(typed) ||
        deck.title.en.toLowerCase().includes(typed),
    )
    .slice(0, 25)
    .map((deck) => ({ name: deck.title[locale].slice(0, 100), value: deck.id }));
  await interaction.respond(choices);
}

export const studyCommand: SlashCommand = {
  data: {
    name: 'study',
    name_localizations: { ko: '복습' },
    description: 'Review what is due now, then new items',
    description_localizations: { ko: '지금 복습할 항목과 새 항목을 공부해요' },
    ...EVERYWHERE,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'deck',
        name_localizations: { ko: '덱' },
        description: 'Only this deck',
        description_localizations: { ko: '이 덱만 공부해요' },
        required: false,
        autocomplete: true,
        max_length: 60,
      },
    ],
  },
  async execute(deps, interaction, context) {
    const deck = interaction.options.getString('deck');
    const started = await startStudy(
      deps,
      { userId: interaction.user.id, guildId: context.guildId, user: context.user },
      deck,
    );
    if (!started.ok) return replyRefusal(interaction, context.locale, started);
    const view = renderStudyScreen(started.screen, context.locale, deps.clock());
    await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
  },
  autocomplete: (deps, interaction, context) => suggestDecks(deps, interaction, context.locale),
};
