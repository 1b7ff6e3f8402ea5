import { type APIEmbed, ApplicationCommandOptionType, MessageFlags, type User } from 'discord.js';
import { type Locale, t } from '../../i18n/messages.js';
import { loadMemoryOutlook, type MemoryOutlook } from '../../services/insights.js';
import type { StatsCardData } from '../../services/stats.js';
import { checkStatsAccess, gatherStatsCard } from '../../services/stats.js';
import type { SlashCommand } from '../command.js';
import { EVERYWHERE } from '../command-reach.js';
import { replyRefusal } from '../reply.js';

const STATS_FILE = 'stats.png';
const STATS_COLOR = 0x5865f2;

/** The server nickname when Discord sent the member, else the account's display name. */
function displayNameOf(member: unknown, user: User): string {
  if (member && typeof member === 'object') {
    if ('displayName' in member && typeof member.displayName === 'string') return member.displayName;
    if ('nick' in member && typeof member.nick === 'string' && member.nick) return member.nick;
  }
  return user.displayName;
}

function renderFigures(locale: Locale, data: StatsCardData, outlook: MemoryOutlook): APIEmbed {
  const n = (value: number) => value.toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-US');
  const percent = (share: number) => `${(Math.floor(share * 1000) / 10).toFixed(1)}%`;
  const { figures } = data;
  const total = outlook.workload.reduce((sum, day) => sum + day, 0);
  return {
    color: STATS_COLOR,
    title: t(locale, 'stats.title', { name: data.displayName.slice(0, 80) }),
    fields: [
      { name: t(locale, 'stats.due-today'), value: n(figures.dueToday), inline: true },
      {
        name: t(locale, 'stats.streak'),
        value: [
          t(locale, 'stats.streak-value', { current: n(figures.currentStreak), best: n(figures.bestStreak) }),
          figures.streakFrozen ? t(locale, 'stats.streak-frozen') : null,
        ]
          .filter((line) => line !== null)
          .join('\n'),
        inline: true,
      },
      {
        name: t(locale, 'stats.retention'),
        value:
          figures.retention30d === null
            ? t(locale, 'stats.no-data')
            : `${(Math.floor(figures.retention30d * 1000) / 10).toFixed(1)}%`,
        inline: true,
      },
      {
        name: t(locale, 'stats.items'),
        value: t(locale, 'stats.items-value', {
          fresh: n(figures.newItems),
          learning: n(figures.learning),
          review: n(figures.review),
        }),
        inline: true,
      },
      { name: t(locale, 'stats.total-reviews'), value: n(figures.totalReviews), inline: true },
      {
        name: t(locale, 'stats.true-retention'),
        value:
          outlook.trueRetention === null
            ? t(locale, 'stats.no-data')
            : t(locale, 'stats.true-retention-value', {
                actual: percent(outlook.trueRetention),
                target: `${Math.round(outlook.targetRetention * 100)}%`,
              }),
        inline: true,
      },
      {
        name: t(locale, 'stats.workload'),
        value: t(locale, 'stats.workload-value', {
          average: n(Math.round(total / Math.max(1, outlook.workload.length))),
          peak: n(Math.round(Math.max(0, ...outlook.workload))),
          total: n(Math.round(total)),
        }),
        inline: false,
      },
      {
        name: t(locale, 'stats.schedule'),
        value: t(locale, `stats.schedule.${outlook.level}`),
        inline: true,
      },
    ],
    image: { url: `attachment://${STATS_FILE}` },
    footer: { text: data.timezone },
  };
}

/**
 * A member's progress as a picture. Your own card is shown only to you unless you pass `share`; another member's
 * card is shown only to you, and only when they studied in this server and are not hidden from its leaderboards.
 */
export const statsCommand: SlashCommand = {
  data: {
    name: 'stats',
    name_localizations: { ko: '통계' },
    description: 'Your study stats as a picture: activity, upcoming reviews, retention',
    description_localizations: { ko: '학습 통계를 그림으로: 활동, 다가올 복습, 기억률' },
    ...EVERYWHERE,
    options: [
      {
        type: ApplicationCommandOptionType.User,
        name: 'member',
        name_localizations: { ko: '멤버' },
        description: "Another member's stats (shown only to you)",
        description_localizations: { ko: '다른 멤버의 통계 (나에게만 보여요)' },
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'share',
        name_localizations: { ko: '공유' },
        description: 'Post your own stats in the channel for everyone',
        description_localizations: { ko: '내 통계를 채널의 모두에게 보여 줘요' },
      },
    ],
  },
  async execute(deps, interaction, { locale, guildId }) {
    const subject = interaction.options.getUser('member') ?? interaction.user;
    const share = interaction.options.getBoolean('share') ?? false;
    const allowed = await checkStatsAccess(deps, {
      viewerId: interaction.user.id,
      subjectId: subject.id,
      subjectIsBot: subject.bot,
      guildId,
    });
    if (!allowed.ok) return replyRefusal(interaction, locale, allowed);
    const { access } = allowed;
    const isPublic = access === 'self' && share;
    // Rendering takes tens of milliseconds after the queries; deferring keeps well inside Discord's 3 s.
    await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral });
    const member =
      subject.id === interaction.user.id ? interaction.member : interaction.options.getMember('member');
    const now = deps.clock();
    const [data, outlook] = await Promise.all([
      gatherStatsCard(deps, {
        userId: subject.id,
        guildId: guildId,
        displayName: displayNameOf(member, subject),
        locale,
        now,
      }),
      loadMemoryOutlook(deps, { userId: subject.id, guildId: guildId, now }),
    ]);
    // The renderer (resvg, a native addon, and the card's fonts) loads at the first /stats, not at start-up.
    const { renderStatsCard } = await import('../views/stats-card.js');
    await interaction.editReply({
      content: access === 'other' && share ? t(locale, 'stats.only-you') : '',
      embeds: [renderFigures(locale, data, outlook)],
      files: [{ attachment: renderStatsCard(data), name: STATS_FILE }],
      allowedMentions: { parse: [] },
    });
  },
};
