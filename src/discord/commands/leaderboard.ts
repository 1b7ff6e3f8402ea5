import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import {
  LEADERBOARD_METRICS,
  LEADERBOARD_PERIODS,
  type LeaderboardMetric,
  type LeaderboardPeriod,
} from '../../domain/leaderboard.js';
import { t } from '../../i18n/messages.js';
import { loadBoard } from '../../services/leaderboard.js';
import type { SlashCommand } from '../command.js';
import { SERVER_ONLY } from '../command-reach.js';
import { renderLeaderboard } from '../views/leaderboard-view.js';

const isPeriod = (value: string | null): value is LeaderboardPeriod =>
  LEADERBOARD_PERIODS.includes(value as LeaderboardPeriod);
const isMetric = (value: string | null): value is LeaderboardMetric =>
  LEADERBOARD_METRICS.includes(value as LeaderboardMetric);

/**
 * The server's board. The answer is posted in the channel for everyone: a board is meant to be seen together,
 * it lists only members who did not opt out, and the one personal line (the caller's rank) is what they asked for.
 */
export const leaderboardCommand: SlashCommand = {
  data: {
    name: 'leaderboard',
    name_localizations: { ko: '순위' },
    description: "The server's top 10 and your own rank (servers only)",
    description_localizations: { ko: '서버 상위 10명과 내 순위 (서버 전용)' },
    ...SERVER_ONLY,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'period',
        name_localizations: { ko: '기간' },
        description: 'Which period (default: this week, from Monday 00:00 server time)',
        description_localizations: { ko: '기간 (기본: 이번 주, 서버 시간 월요일 0시부터)' },
        choices: [
          { name: 'This week', name_localizations: { ko: '이번 주' }, value: 'week' },
          { name: 'This month', name_localizations: { ko: '이번 달' }, value: 'month' },
          { name: 'All time', name_localizations: { ko: '전체' }, value: 'all' },
        ],
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'by',
        name_localizations: { ko: '기준' },
        description: 'Rank by (default: XP)',
        description_localizations: { ko: '순위 기준 (기본: XP)' },
        choices: [
          { name: 'XP', value: 'xp' },
          { name: 'Streak', name_localizations: { ko: '연속 학습' }, value: 'streak' },
          { name: 'Accuracy', name_localizations: { ko: '정답률' }, value: 'accuracy' },
        ],
      },
    ],
  },
  async execute(deps, interaction, { locale, user, guildId }) {
    if (!guildId) {
      await interaction.reply({ content: t(locale, 'error.guild-only'), flags: MessageFlags.Ephemeral });
      return;
    }
    const periodOption = interaction.options.getString('period');
    const metricOption = interaction.options.getString('by');
    const period: LeaderboardPeriod = isPeriod(periodOption) ? periodOption : 'week';
    const metric: LeaderboardMetric = isMetric(metricOption) ? metricOption : 'xp';
    const loaded = await loadBoard(deps, {
      guildId,
      metric,
      period,
      now: deps.clock(),
      viewer: { userId: user.userId, optedOut: user.leaderboardOptOut },
    });
    await interaction.reply({
      embeds: [renderLeaderboard(locale, { ...loaded, period })],
      allowedMentions: { parse: [] },
    });
  },
};
