import { type Client, DiscordAPIError, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { ReminderSender, SendResult } from '../jobs/reminders.js';
import { renderReminderMessage } from './views/reminder-view.js';

const CHANNEL_UNAVAILABLE = new Set<number | string>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
]);

/**
 * Sends reminders through discord.js's REST manager, which holds requests back at the global limit and
 * queues 429s per route. A DM opens (or reuses) the member's DM channel first; a channel reminder mentions the
 * member and only that mention may ping.
 */
export function createDiscordReminderSender(client: Client): ReminderSender {
  return {
    async send(target, notice): Promise<SendResult> {
      try {
        if (target.kind === 'dm') {
          const channel = await client.users.createDM(notice.userId);
          await client.rest.post(Routes.channelMessages(channel.id), {
            body: renderReminderMessage(notice, false),
          });
        } else {
          await client.rest.post(Routes.channelMessages(target.channelId), {
            body: renderReminderMessage(notice, true),
          });
        }
        return 'sent';
      } catch (error) {
        if (error instanceof DiscordAPIError) {
          if (error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return 'dm-refused';
          if (target.kind === 'channel' && CHANNEL_UNAVAILABLE.has(error.code)) return 'channel-unavailable';
        }
        throw error;
      }
    },
  };
}
