import { type Client, type REST, Routes } from 'discord.js';
import type { Ports } from '../services/ports.js';
import type { LeaderboardPoster } from '../services/weekly-leaderboard.js';
import { isChannelUnavailable } from './errors.js';
import { createQuizPoster } from './quiz-poster.js';
import { createDiscordReminderSender } from './reminder-sender.js';
import { renderWeeklyLeaderboard } from './views/leaderboard-view.js';

/** Posts the weekly board through discord.js's REST manager; mentions show who is listed without pinging. */
export function createWeeklyBoardPoster(rest: REST): LeaderboardPoster {
  return async (channelId, post) => {
    try {
      await rest.post(Routes.channelMessages(channelId), {
        body: {
          embeds: [renderWeeklyLeaderboard(post.locale, post)],
          allowed_mentions: { parse: [] },
        },
      });
      return 'posted';
    } catch (error) {
      if (isChannelUnavailable(error)) return 'channel-unavailable';
      throw error;
    }
  };
}

/** Every way the services reach Discord, built once from the process's client. */
export function createDiscordPorts(client: Client): Ports {
  return {
    quiz: createQuizPoster(client),
    reminders: createDiscordReminderSender(client),
    weeklyBoard: createWeeklyBoardPoster(client.rest),
  };
}
