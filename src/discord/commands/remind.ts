import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import type { Deps } from '../../deps.js';
import { t } from '../../i18n/messages.js';
import { setReminder, showReminder, turnOffReminder } from '../../services/reminders.js';
import type { SlashCommand } from '../command.js';
import { EVERYWHERE } from '../command-reach.js';
import { replyRefusal } from '../reply.js';
import { renderReminderSettings } from '../views/reminder-view.js';
import { suggestTimeZones } from './settings.js';

export const remindCommand: SlashCommand = {
  data: {
    name: 'remind',
    name_localizations: { ko: '알림' },
    description: 'A daily reminder to review',
    description_localizations: { ko: '매일 복습 알림' },
    ...EVERYWHERE,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'set',
        name_localizations: { ko: '설정' },
        description: 'Remind me every day at this time',
        description_localizations: { ko: '매일 이 시각에 알려 줘요' },
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'time',
            name_localizations: { ko: '시각' },
            description: '24-hour time, e.g. 09:00 or 21:30',
            description_localizations: { ko: '24시간 형식, 예: 09:00, 21:30' },
            required: true,
            max_length: 8,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'timezone',
            name_localizations: { ko: '시간대' },
            description: 'An IANA time zone (default: yours from /settings, else the server’s)',
            description_localizations: { ko: 'IANA 시간대 (기본: /설정의 내 시간대, 없으면 서버 시간대)' },
            autocomplete: true,
            max_length: 64,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'where',
            name_localizations: { ko: '받는곳' },
            description: 'By DM (default) or in this channel',
            description_localizations: { ko: 'DM(기본) 또는 이 채널' },
            choices: [
              { name: 'DM', value: 'dm' },
              { name: 'This channel', name_localizations: { ko: '이 채널' }, value: 'channel' },
            ],
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'off',
        name_localizations: { ko: '끄기' },
        description: 'Stop the daily reminder',
        description_localizations: { ko: '매일 알림을 꺼요' },
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        name_localizations: { ko: '보기' },
        description: 'Show my reminder',
        description_localizations: { ko: '내 알림 설정을 봐요' },
      },
    ],
  },
  async execute(deps: Deps, interaction, { locale, user, guildId }) {
    const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'off') {
      const removed = await turnOffReminder(deps, user.userId);
      return void (await reply(t(locale, removed ? 'reminders.off' : 'reminders.off-none')));
    }
    if (subcommand === 'show') {
      const reminder = await showReminder(deps, user.userId);
      if (!reminder) return void (await reply(t(locale, 'reminders.none')));
      return void (await interaction.reply({
        embeds: [renderReminderSettings(reminder, locale, 'show')],
        flags: MessageFlags.Ephemeral,
      }));
    }
    const time = interaction.options.getString('time', true);
    const timezone = interaction.options.getString('timezone');
    const where = interaction.options.getString('where');
    const result = await setReminder(deps, user, {
      time,
      timezone,
      where: where === 'channel' || where === 'dm' ? where : null,
      guildId,
      channelId: guildId ? interaction.channelId : null,
    });
    if (!result.ok) return replyRefusal(interaction, locale, result);
    await interaction.reply({
      embeds: [renderReminderSettings(result.reminder, locale, 'saved')],
      flags: MessageFlags.Ephemeral,
    });
  },
  async autocomplete(_deps, interaction) {
    await interaction.respond(suggestTimeZones(String(interaction.options.getFocused())));
  },
};
