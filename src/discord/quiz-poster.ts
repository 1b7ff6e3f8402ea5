import { type Client, Routes } from 'discord.js';
import type { QuizPoster } from '../services/quiz.js';
import { isUnknownMessage } from './errors.js';
import { renderQuizScreen } from './views/quiz-view.js';

/** Quiz posts show mentions (who got it right, the board) without pinging anyone. */
const NO_PINGS = { parse: [] as never[] };

/**
 * Posts a quiz through discord.js's REST manager (rate limits and retries included). The channel is read by the
 * whole group, so posts are in the server's language, not the host's.
 */
export function createQuizPoster(client: Pick<Client, 'rest'>): QuizPoster {
  return {
    async post(channelId, screen, locale) {
      const view = renderQuizScreen(screen, locale);
      const message = (await client.rest.post(Routes.channelMessages(channelId), {
        body: { ...view, allowed_mentions: NO_PINGS },
      })) as { id: string };
      return message.id;
    },
    async edit(channelId, messageId, screen, locale) {
      const view = renderQuizScreen(screen, locale);
      try {
        await client.rest.patch(Routes.channelMessage(channelId, messageId), {
          body: { ...view, allowed_mentions: NO_PINGS },
        });
        return true;
      } catch (error) {
        if (isUnknownMessage(error)) return false;
        throw error;
      }
    },
  };
}
