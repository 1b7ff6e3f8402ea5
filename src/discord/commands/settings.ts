import { type APIEmbed, ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { isAway } from '../../domain/backlog.js';
import { localDate } from '../../domain/local-time.js';
import { MAX_TARGET_RETENTION, MIN_TARGET_RETENTION } from '../../domain/scheduling.js';
import { MAX_DAILY_NEW_LIMIT } from '../../domain/session.js';
import { type Locale, resolveLocale, t } from '../../i18n/messages.js';
import { changeSettings } from '../../services/settings.js';
import type { SlashCommand } from '../command.js';
import { EVERYWHERE } from '../command-reach.js';
import { replyRefusal } from '../reply.js';
import { COLORS } from '../views/ui-kit.js';

const COMMON_ZONES = [
  'Asia/Seoul',
  'Asia/Tokyo',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Australia/Sydney',
  'UTC',
];

/** Time zones matching what the member typed, common ones first. */
export function suggestTimeZones(typed: string): { name: string; value: string }[] {
  const query = typed.trim().toLowerCase();
  const all = [...new Set([...COMMON_ZONES, ...Intl.supportedValuesOf('timeZone')])];
  return all
    .filter((zone) => zone.toLowerCase().includes(query))
    .slice(0, 25)
    .map((zone) => ({ name: zone, value: zone }));
}

export const settingsCommand: SlashCommand = {
  data: {
    name: 'settings',
    name_localizations: { ko: '설정' },
    description: 'Show or change your study settings',
    description_localizations: { ko: '내 학습 설정을 보거나 바꿔요' },
    ...EVERYWHERE,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'language',
        name_localizations: { ko: '언어' },
        description: 'The language boksup speaks to you',
        description_localizations: { ko: '봇이 쓰는 언어' },
        choices: [
          { name: '한국어', value: 'ko' },
          { name: 'English', value: 'en' },
          { name: 'Auto (Discord)', name_localizations: { ko: '자동 (Discord 언어)' }, value: 'auto' },
        ],
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'daily_new',
        name_localizations: { ko: '새항목수' },
        description: 'New items per day (0-200)',
        description_localizations: { ko: '하루에 배울 새 항목 수 (0-200)' },
        min_value: 0,
        max_value: MAX_DAILY_NEW_LIMIT,
      },
      {
        type: ApplicationCommandOptionType.Number,
        name: 'retention',
        name_localizations: { ko: '기억률' },
        description: 'Target retention (0.70-0.97): higher means more reviews',
        description_localizations: { ko: '목표 기억률 (0.70-0.97): 높을수록 복습이 잦아요' },
        min_value: MIN_TARGET_RETENTION,
        max_value: MAX_TARGET_RETENTION,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'timezone',
        name_localizations: { ko: '시간대' },
        description: 'Your time zone, e.g. Asia/Seoul',
        description_localizations: { ko: '내 시간대, 예: Asia/Seoul' },
        autocomplete: true,
        max_length: 64,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'leaderboard',
        name_localizations: { ko: '리더보드' },
        description: 'Show me on server leaderboards',
        description_localizations: { ko: '서버 리더보드에 나를 표시해요' },
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'away_until',
        name_localizations: { ko: '휴식' },
        description: 'Take a break until YYYY-MM-DD (no reminders, streak kept); off to come back now',
        description_localizations: {
          ko: 'YYYY-MM-DD까지 쉬어요 (알림 없음, 연속 학습 유지). 바로 돌아오려면 off',
        },
        max_length: 10,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'reset_learning',
        name_localizations: { ko: '학습초기화' },
        description: 'Forget the review intervals the bot tuned to your own answers',
        description_localizations: { ko: '내 답으로 맞춘 복습 간격 설정을 지워요' },
      },
    ],
  },
  async execute(deps, interaction, context) {
    const language = interaction.options.getString('language');
    const dailyNew = interaction.options.getInteger('daily_new');
    const retention = interaction.options.getNumber('retention');
    const timezone = interaction.options.getString('timezone');
    const leaderboard = interaction.options.getBoolean('leaderboard');
    const awayUntil = interaction.options.getString('away_until');
    const resetLearning = interaction.options.getBoolean('reset_learning');
    const result = await changeSettings(deps, {
      user: context.user,
      guildId: context.guildId,
      input: {
        language: language === 'ko' || language === 'en' ? language : language === null ? null : 'auto',
        dailyNew,
        retention,
        timezone,
        leaderboard,
        awayUntil,
        resetLearning,
      },
    });
    if (!result.ok) return replyRefusal(interaction, context.locale, result);
    const { user, zone, changed, learningReset } = result;
    const today = localDate(deps.clock(), zone);
    const away = user.away && isAway(user.away.until, today) ? user.away : null;
    const locale: Locale = resolveLocale(user.localeOverride, interaction.locale);
    const embed: APIEmbed = {
      color: COLORS.question,
      title: t(locale, 'settings.title'),
      description: changed
        ? [
            t(locale, 'settings.saved'),
            learningReset === null
              ? null
              : t(locale, learningReset ? 'settings.learning-reset' : 'settings.learning-reset-none'),
          ]
            .filter((line) => line !== null)
            .join('\n')
        : undefined,
      fields: [
        {
          name: t(locale, 'settings.language'),
          value: user.localeOverride ?? t(locale, 'settings.language-auto'),
          inline: true,
        },
        { name: t(locale, 'settings.daily-new'), value: String(user.dailyNewLimit), inline: true },
        { name: t(locale, 'settings.retention'), value: user.targetRetention.toFixed(2), inline: true },
        { name: t(locale, 'settings.timezone'), value: zone, inline: true },
        {
          name: t(locale, 'settings.leaderboard'),
          value: t(locale, user.leaderboardOptOut ? 'settings.hidden' : 'settings.shown'),
          inline: true,
        },
        {
          name: t(locale, 'settings.away'),
          value: away
            ? t(locale, 'settings.away-value', { until: away.until })
            : t(locale, 'settings.away-none'),
          inline: true,
        },
      ],
    };
    await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  },
  async autocomplete(_deps, interaction) {
    await interaction.respond(suggestTimeZones(String(interaction.options.getFocused())));
  },
};
