import { type APIEmbed, MessageFlags } from 'discord.js';
import { findDeckProgress } from '../../db/repositories/study.js';
import { addDays, localDate, startOfLocalDay } from '../../domain/local-time.js';
import { t } from '../../i18n/messages.js';
import { resolveTimezone } from '../../services/study.js';
import type { SlashCommand } from '../command.js';
import { EVERYWHERE } from '../command-reach.js';
import { COLORS } from '../views/study-view.js';

export const decksCommand: SlashCommand = {
  data: {
    name: 'decks',
    name_localizations: { ko: '덱' },
    description: 'List the decks and your progress in each',
    description_localizations: { ko: '덱 목록과 덱별 진행 상황을 봐요' },
    ...EVERYWHERE,
  },
  async execute(deps, interaction, { locale, user, guildId }) {
    const now = deps.clock();
    const zone = await resolveTimezone(deps, user, guildId);
    const endOfToday = startOfLocalDay(addDays(localDate(now, zone), 1), zone);
    const progress = new Map(
      (await findDeckProgress(deps.db, user.userId, endOfToday)).map((row) => [row.deckId, row]),
    );
    const embed: APIEmbed = {
      color: COLORS.question,
      title: t(locale, 'decks.title'),
      description: deps.catalog.decks.length === 0 ? t(locale, 'decks.empty') : undefined,
      fields: deps.catalog.decks.slice(0, 25).map((deck) => {
        const row = progress.get(deck.id);
        return {
          name: `${deck.title[locale]} (\`${deck.id}\`)`,
          value: `${deck.description[locale]}\n${t(locale, 'decks.line', {
            total: row?.total ?? deck.items.length,
            fresh: row?.fresh ?? deck.items.length,
            learning: row?.learning ?? 0,
            due: row?.dueToday ?? 0,
          })}`.slice(0, 1024),
        };
      }),
    };
    await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  },
};
