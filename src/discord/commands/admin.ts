import {
  type APIEmbed,
  ApplicationCommandOptionType,
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import type { GuildSettings } from '../../domain/settings.js';
import { type Locale, serverLocale, t } from '../../i18n/messages.js';
import {
  setGuildChannel,
  setGuildDeckRole,
  setGuildLanguage,
  setGuildTimeZone,
  showGuildSettings,
} from '../../services/guild-settings.js';
import { GROUP_LEECH_DAYS, loadGroupLeeches } from '../../services/insights.js';
import { refuse } from '../../services/refusal.js';
import type { SlashCommand } from '../command.js';
import { SERVER_ONLY } from '../command-reach.js';
import { replyRefusal } from '../reply.js';
import { renderGroupLeeches } from '../views/leeches-view.js';
import { refusalText } from '../views/refusal-view.js';
import { COLORS } from '../views/ui-kit.js';
import { suggestTimeZones } from './settings.js';

const TEXT_CHANNELS: (ChannelType.GuildText | ChannelType.GuildAnnouncement)[] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
];

function channelOption(name: string, ko: string, description: string, descriptionKo: string) {
  return {
    type: ApplicationCommandOptionType.Subcommand as const,
    name,
    name_localizations: { ko },
    description,
    description_localizations: { ko: descriptionKo },
    options: [
      {
        type: ApplicationCommandOptionType.Channel as const,
        name: 'channel',
        name_localizations: { ko: '채널' },
        description: 'Leave empty to turn it off',
        description_localizations: { ko: '비워 두면 꺼요' },
        channel_types: TEXT_CHANNELS,
        required: false,
      },
    ],
  };
}

function renderGuildSettings(
  settings: GuildSettings,
  locale: Locale,
  saved: boolean,
  defaultZone: string,
): APIEmbed {
  const channel = (id: string | null) => (id ? `<#${id}>` : t(locale, 'admin.none'));
  return {
    color: COLORS.question,
    title: t(locale, 'admin.title'),
    description: saved ? t(locale, 'admin.saved') : undefined,
    fields: [
      { name: t(locale, 'admin.reminder-channel'), value: channel(settings.reminderChannelId), inline: true },
      {
        name: t(locale, 'admin.leaderboard-channel'),
        value: channel(settings.leaderboardChannelId),
        inline: true,
      },
      { name: t(locale, 'admin.timezone'), value: settings.timezone ?? defaultZone, inline: true },
      {
        name: t(locale, 'admin.deck-role'),
        value: settings.deckRoleId ? `<@&${settings.deckRoleId}>` : t(locale, 'admin.none'),
        inline: true,
      },
      {
        name: t(locale, 'admin.language'),
        value: settings.localeOverride
          ? t(locale, `language.${settings.localeOverride}`)
          : t(locale, 'admin.language-auto', { language: t(locale, `language.${serverLocale(settings)}`) }),
        inline: true,
      },
    ],
  };
}

/**
 * Server settings. Discord hides the command from members without Manage Server (default permissions), and the
 * handler checks again, because a server can override command permissions.
 */
export const adminCommand: SlashCommand = {
  data: {
    name: 'admin',
    name_localizations: { ko: '관리' },
    description: 'Server settings for boksup (servers only, Manage Server)',
    description_localizations: { ko: '서버의 boksup 설정 (서버 전용, 서버 관리 권한)' },
    // Discord's API description types this as an integer bit set (its docs show a string; both are accepted), so
    // send the integer that the description allows.
    default_member_permissions: Number(PermissionFlagsBits.ManageGuild) as unknown as string,
    ...SERVER_ONLY,
    options: [
      channelOption(
        'reminder-channel',
        '알림채널',
        'Where reminders go when a DM is refused',
        'DM을 받을 수 없을 때 알림을 보낼 채널',
      ),
      channelOption(
        'leaderboard-channel',
        '리더보드채널',
        "Where last week's leaderboard is posted every Monday",
        '매주 월요일 지난주 리더보드를 올릴 채널',
      ),
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'timezone',
        name_localizations: { ko: '시간대' },
        description: "The server's time zone (weeks start Monday 00:00 there)",
        description_localizations: { ko: '서버 시간대 (한 주는 이 시간대의 월요일 0시에 시작)' },
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'zone',
            name_localizations: { ko: '시간대' },
            description: 'An IANA time zone, e.g. Asia/Seoul',
            description_localizations: { ko: 'IANA 시간대, 예: Asia/Seoul' },
            required: true,
            autocomplete: true,
            max_length: 64,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'deck-role',
        name_localizations: { ko: '덱역할' },
        description: "Who may manage this server's decks besides Manage Server (leave empty to remove)",
        description_localizations: { ko: '서버 관리 권한 말고도 이 서버의 덱을 관리할 역할 (비우면 없애요)' },
        options: [
          {
            type: ApplicationCommandOptionType.Role,
            name: 'role',
            name_localizations: { ko: '역할' },
            description: 'The role',
            description_localizations: { ko: '역할' },
            required: false,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'language',
        name_localizations: { ko: '언어' },
        description: 'The language of posts in channels: weekly board, quiz, reminder mentions',
        description_localizations: { ko: '채널에 올리는 글의 언어: 주간 리더보드, 퀴즈, 알림 멘션' },
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'language',
            name_localizations: { ko: '언어' },
            description: "Auto follows the server's language on Discord (else Korean)",
            description_localizations: { ko: '자동: Discord 서버 기본 언어를 따라요 (없으면 한국어)' },
            required: true,
            choices: [
              { name: '한국어', value: 'ko' },
              { name: 'English', value: 'en' },
              {
                name: 'Auto (server language)',
                name_localizations: { ko: '자동 (서버 언어)' },
                value: 'auto',
              },
            ],
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'leeches',
        name_localizations: { ko: '어려운항목' },
        description: 'The items this server’s members forget most',
        description_localizations: { ko: '이 서버 멤버들이 가장 자주 잊는 항목' },
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        name_localizations: { ko: '보기' },
        description: "Show the server's settings",
        description_localizations: { ko: '서버 설정을 봐요' },
      },
    ],
  },
  async execute(deps, interaction, { locale, guildId }) {
    if (!guildId) return replyRefusal(interaction, locale, refuse('guild-only'));
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild))
      return replyRefusal(interaction, locale, refuse('admin-only'));
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'leeches') {
      const leeches = await loadGroupLeeches(deps, { guildId, now: deps.clock() });
      return void (await interaction.reply({
        embeds: [renderGroupLeeches(locale, { leeches, days: GROUP_LEECH_DAYS })],
        flags: MessageFlags.Ephemeral,
      }));
    }
    let settings: GuildSettings;
    if (subcommand === 'reminder-channel' || subcommand === 'leaderboard-channel') {
      const channel = interaction.options.getChannel('channel', false);
      if (channel && !TEXT_CHANNELS.includes(channel.type as (typeof TEXT_CHANNELS)[number]))
        return replyRefusal(interaction, locale, refuse('bad-channel'));
      const purpose = subcommand === 'reminder-channel' ? 'reminders' : 'leaderboard';
      settings = await setGuildChannel(deps, { guildId, purpose, channelId: channel?.id ?? null });
    } else if (subcommand === 'deck-role') {
      settings = await setGuildDeckRole(deps, {
        guildId,
        roleId: interaction.options.getRole('role', false)?.id ?? null,
      });
    } else if (subcommand === 'language') {
      const language = interaction.options.getString('language', true);
      const chosen = language === 'ko' || language === 'en' ? language : null;
      settings = await setGuildLanguage(deps, { guildId, locale: chosen });
    } else if (subcommand === 'timezone') {
      // A new zone refiles the server's leaderboard sums, which takes seconds on a server with millions of
      // answers: the interaction is acknowledged first, within Discord's three seconds.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const result = await setGuildTimeZone(deps, {
        guildId,
        zone: interaction.options.getString('zone', true),
      });
      if (!result.ok) return void (await interaction.editReply({ content: refusalText(locale, result) }));
      settings = result.settings;
    } else {
      settings = await showGuildSettings(deps, guildId);
    }
    const embeds = [
      renderGuildSettings(settings, locale, subcommand !== 'show', deps.config.defaultTimezone),
    ];
    if (interaction.deferred) await interaction.editReply({ embeds });
    else await interaction.reply({ embeds, flags: MessageFlags.Ephemeral });
  },
  async autocomplete(_deps, interaction) {
    await interaction.respond(suggestTimeZones(String(interaction.options.getFocused())));
  },
};
