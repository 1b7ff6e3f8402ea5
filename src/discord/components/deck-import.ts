import type { ButtonInteraction } from 'discord.js';
import type { Deps } from '../../deps.js';
import { t } from '../../i18n/messages.js';
import { refuse } from '../../services/refusal.js';
import { cancelDeckImport, publishDeckImport } from '../../services/server-decks.js';
import type { InteractionContext } from '../command.js';
import type { CustomId } from '../custom-id.js';
import { isDeckOrganizer } from '../deck-organizer.js';
import { replyRefusal } from '../reply.js';

/**
 * Publish or Cancel under an import preview. The import row decides once (pending → published or cancelled), so a
 * double click or a second replica changes nothing the second time and says so.
 */
export async function handleDeckImportComponent(
  deps: Deps,
  interaction: ButtonInteraction,
  id: Extract<CustomId, { kind: 'deck-import' }>,
  { locale }: InteractionContext,
): Promise<void> {
  if (!interaction.inGuild()) return replyRefusal(interaction, locale, refuse('guild-only'));
  const guildId = interaction.guildId;
  const allowed = await isDeckOrganizer(deps, interaction, guildId);
  if (!allowed) return replyRefusal(interaction, locale, refuse('decks-organizers-only'));
  if (id.action === 'cancel') {
    const cancelled = await cancelDeckImport(deps, { importId: id.importId, guildId });
    if (!cancelled) return replyRefusal(interaction, locale, refuse('import-decided'));
    await interaction.update({ content: t(locale, 'import.cancelled'), embeds: [], components: [] });
    return;
  }
  // Publishing a large deck can take longer than Discord's three seconds for a first answer.
  await interaction.deferUpdate();
  const result = await publishDeckImport(deps, { importId: id.importId, guildId });
  if (!result.ok) return replyRefusal(interaction, locale, result);
  await interaction.editReply({
    content: t(locale, 'import.published', {
      deck: result.deckName,
      version: result.version,
      added: result.added,
      changed: result.changed,
      retired: result.retired,
    }),
    components: [],
  });
}
