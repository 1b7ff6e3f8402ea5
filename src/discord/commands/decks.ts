import { type APIEmbed, MessageFlags } from 'discord.js';
import { t } from '../../i18n/messages.js';
import { findMemberDeckProgress } from '../../services/decks.js';
import { refreshGuildDecks } from '../../services/server-decks.js';
import type { SlashCommand } from '../command.js';
import { EVERYWHERE } from '../command-reach.js';
import { COLORS } from '../views/ui-kit.js';

export const decksCommand: SlashCommand = {
  data: {
    name: 'decks',
    name_localizations: { ko: '덱' },
    description: 'List the decks and your progress in each',
    description_localizations: { ko: '덱 목록과 덱별 진행 상황을 봐요' },
    ...EVERYWHERE,
  },
  async execute(deps, interaction, { locale, user, guildId }) {
    await refreshGuildDecks(deps, guildId);
    const decks = deps.catalog.decksFor(guildId);
    const progress = await findMemberDeckProgress(deps, { user, guildId });
    const embed: APIEmbed = {
      color: COLORS.question,
      title: t(locale, 'decks.title'),
      description: decks.length === 0 ? t(locale, 'decks.empty') : undefined,
      fields: decks.slice(0, 25).map((deck) => {
        const row = progress.get(deck.id);
        return {
          name: `${deck.title[locale]} (\`${deck.id}\`)`,
          value: `${deck.description[locale] ? `${deck.description[locale]}\n` : ''}${t(
            locale,
            'decks.line',
            {
              total: row?.total ?? deck.items.length,
              fresh: row?.fresh ?? deck.items.length,
              learning: row?.learning ?? 0,
              due: row?.dueToday ?? 0,
            },
          )}`.slice(0, 1024),
        };
      }),
    };
    await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  },
};
