import {
  ApplicationCommandOptionType,
  AttachmentBuilder,
  type ChatInputCommandInteraction,
  MessageFlags,
} from 'discord.js';
import { IMPORT_LIMITS } from '../../content/import/model.js';
import type { Deps } from '../../deps.js';
import { type Locale, t } from '../../i18n/messages.js';
import { refuse } from '../../services/refusal.js';
import {
  exportDeck,
  listDecks,
  MAX_DECK_NAME,
  normalizeDeckName,
  previewDeckImport,
  retireDeck,
} from '../../services/server-decks.js';
import type { SlashCommand } from '../command.js';
import { SERVER_ONLY } from '../command-reach.js';
import { isDeckOrganizer } from '../deck-organizer.js';
import { replyRefusal } from '../reply.js';
import { renderImportPreview } from '../views/import-preview-view.js';
import { COLORS } from '../views/ui-kit.js';

const nameOption = (required: boolean) => ({
  type: ApplicationCommandOptionType.String as const,
  name: 'name',
  name_localizations: { ko: '이름' },
  description: "The deck's name in this server",
  description_localizations: { ko: '이 서버에서 쓰는 덱 이름' },
  max_length: MAX_DECK_NAME,
  required,
});

/**
 * A server's own decks, for members with Manage Server or the role set with `/admin deck-role`. The command is
 * visible to every member (Discord's default permissions cannot name a role chosen at run time); the handler
 * decides.
 */
export const deckCommand: SlashCommand = {
  data: {
    name: 'deck',
    // `/덱` is already /decks in Korean: command names must differ in every language.
    name_localizations: { ko: '덱관리' },
    description: "This server's own decks: import, list, retire, export (Manage Server)",
    description_localizations: { ko: '이 서버의 덱: 가져오기, 목록, 보관, 내보내기 (서버 관리 권한)' },
    ...SERVER_ONLY,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'import',
        name_localizations: { ko: '가져오기' },
        description: 'Import an Anki package, Anki text export, CSV, Markdown or boksup YAML',
        description_localizations: { ko: 'Anki 패키지, Anki 텍스트, CSV, 마크다운, boksup YAML 가져오기' },
        options: [
          {
            type: ApplicationCommandOptionType.Attachment,
            name: 'file',
            name_localizations: { ko: '파일' },
            description: 'The deck file (up to 20 MB)',
            description_localizations: { ko: '덱 파일 (20MB까지)' },
            required: true,
          },
          nameOption(false),
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        name_localizations: { ko: '목록' },
        description: "This server's decks",
        description_localizations: { ko: '이 서버의 덱 목록' },
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'retire',
        name_localizations: { ko: '보관' },
        description: 'Stop serving a deck (its history is kept)',
        description_localizations: { ko: '덱을 더 내주지 않기 (기록은 남아요)' },
        options: [nameOption(true)],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'export',
        name_localizations: { ko: '내보내기' },
        description: 'Download a deck as boksup YAML, to edit and import again',
        description_localizations: { ko: '덱을 boksup YAML로 받기 (고쳐서 다시 가져오기)' },
        options: [nameOption(true)],
      },
    ],
  },
  async execute(deps, interaction, { locale, guildId }) {
    // A server only the member's own install reaches has no decks of its own: the bot must be there.
    if (!guildId || !interaction.inGuild()) return replyRefusal(interaction, locale, refuse('guild-only'));
    const allowed = await isDeckOrganizer(deps, interaction, guildId);
    if (!allowed) return replyRefusal(interaction, locale, refuse('decks-organizers-only'));
    switch (interaction.options.getSubcommand()) {
      case 'import':
        return importFile(deps, interaction, guildId, locale);
      case 'list':
        return listServerDecks(deps, interaction, guildId, locale);
      case 'retire': {
        const name = normalizeDeckName(interaction.options.getString('name', true));
        const result = await retireDeck(deps, { guildId, name });
        if (!result.ok) return replyRefusal(interaction, locale, result);
        await interaction.reply({
          content: t(locale, 'deck.retired', { name }),
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      case 'export': {
        const name = normalizeDeckName(interaction.options.getString('name', true));
        const result = await exportDeck(deps, { guildId, name });
        if (!result.ok) return replyRefusal(interaction, locale, result);
        await interaction.reply({
          content: t(locale, 'deck.exported', { name }),
          files: [new AttachmentBuilder(Buffer.from(result.yaml, 'utf8'), { name: result.fileName })],
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
    }
  },
};

async function importFile(
  deps: Deps,
  interaction: ChatInputCommandInteraction,
  guildId: string,
  locale: Locale,
): Promise<void> {
  const file = interaction.options.getAttachment('file', true);
  if (file.size > IMPORT_LIMITS.maxFileBytes)
    return replyRefusal(
      interaction,
      locale,
      refuse('file-too-large', `${file.size}/${IMPORT_LIMITS.maxFileBytes}`),
    );
  // Reading a package can take longer than Discord's three seconds for a first answer.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const response = await fetch(file.url);
  if (!response.ok) throw new Error(`attachment download failed: ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const { preview, importId, deckName } = await previewDeckImport(deps, {
    guildId,
    userId: interaction.user.id,
    name: interaction.options.getString('name'),
    fileName: file.name,
    bytes,
  });
  await interaction.editReply(renderImportPreview(preview, { importId, deckName }, locale));
}

async function listServerDecks(
  deps: Deps,
  interaction: ChatInputCommandInteraction,
  guildId: string,
  locale: Locale,
): Promise<void> {
  const decks = await listDecks(deps, guildId);
  const lines = decks.map((deck) =>
    deck.retired
      ? t(locale, 'deck.list-retired', { name: deck.name })
      : t(locale, 'deck.list-line', { name: deck.name, items: deck.liveItems, version: deck.version }),
  );
  await interaction.reply({
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, 'deck.list-title'),
        description: (lines.join('\n') || t(locale, 'deck.list-empty')).slice(0, 4096),
      },
    ],
    flags: MessageFlags.Ephemeral,
  });
}
