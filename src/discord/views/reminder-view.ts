import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { Reminder } from '../../domain/reminders.js';
import { discordTimestamp, type Locale, t } from '../../i18n/messages.js';
import type { ReminderNotice } from '../../services/reminder-tick.js';
import { buildCustomId } from '../custom-id.js';
import { COLORS } from './ui-kit.js';

const pad = (n: number) => String(n).padStart(2, '0');

export function formatReminderTime(reminder: Pick<Reminder, 'hour' | 'minute'>): string {
  return `${pad(reminder.hour)}:${pad(reminder.minute)}`;
}

/** The reminder itself. In a channel it mentions the member and lets only that mention ping. */
export function renderReminderMessage(
  notice: ReminderNotice,
  mention: boolean,
): RESTPostAPIChannelMessageJSONBody {
  const { locale } = notice;
  const lines = [
    notice.dueCount > 0
      ? t(locale, 'reminders.due', { count: notice.dueCount })
      : t(locale, 'reminders.nothing-due'),
    notice.streakAtRisk
      ? t(locale, 'reminders.streak-at-risk', { days: notice.streak })
      : t(locale, 'reminders.streak-none'),
  ];
  const start: APIButtonComponent = {
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    label: t(locale, 'study.start'),
    custom_id: buildCustomId({ kind: 'start', deckId: null }),
  };
  const row: APIActionRowComponent<APIButtonComponent> = {
    type: ComponentType.ActionRow,
    components: [start],
  };
  return {
    ...(mention ? { content: `<@${notice.userId}>` } : {}),
    embeds: [{ color: COLORS.question, title: t(locale, 'reminders.title'), description: lines.join('\n') }],
    components: [row],
    allowed_mentions: mention ? { parse: [], users: [notice.userId] } : { parse: [] },
  };
}

/** `/remind set` and `/remind show`: the reminder as stored. */
export function renderReminderSettings(
  reminder: Reminder,
  locale: Locale,
  title: 'saved' | 'show',
): APIEmbed {
  const where =
    reminder.destination === 'channel' && reminder.channelId
      ? t(locale, 'reminders.where-channel', { channel: `<#${reminder.channelId}>` })
      : t(locale, 'reminders.where-dm');
  return {
    color: COLORS.question,
    title: t(locale, title === 'saved' ? 'reminders.saved-title' : 'reminders.show-title'),
    fields: [
      { name: t(locale, 'reminders.time'), value: formatReminderTime(reminder), inline: true },
      { name: t(locale, 'reminders.timezone'), value: reminder.timezone, inline: true },
      { name: t(locale, 'reminders.where'), value: where, inline: true },
      {
        name: t(locale, 'reminders.next'),
        value: `${discordTimestamp(reminder.nextFireAt, 'F')} (${discordTimestamp(reminder.nextFireAt)})`,
        inline: false,
      },
      {
        name: t(locale, 'reminders.status'),
        value: t(locale, reminder.paused ? 'reminders.paused' : 'reminders.active'),
        inline: true,
      },
    ],
  };
}
