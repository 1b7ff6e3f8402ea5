import { type Client, Routes } from 'discord.js';
import type { ReminderSender, SendResult } from '../services/reminder-tick.js';
import { isChannelUnavailable, isDmRefused } from './errors.js';
import { renderReminderMessage } from './views/reminder-view.js';

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
        if (isDmRefused(error)) return 'dm-refused';
        if (target.kind === 'channel' && isChannelUnavailable(error)) return 'channel-unavailable';
        throw error;
      }
    },
  };
}
