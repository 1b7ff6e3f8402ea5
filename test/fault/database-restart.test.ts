// The database server stopped and started again while members are answering. The test runs its own server
// (see support/private-postgres.ts), never the one other test files share; without PostgreSQL installed it skips.
//
// The bot runs as its own process under a supervisor that restarts it, as docker-compose (`restart:
// unless-stopped`) and ECS do, so that a crash shows up as an exit rather than a hung test. None is allowed: a
// member's bot must not die because the database blinked (postgres.js 3.4.9 threw from a timer when a connection
// closed under a transaction, porsager/postgres #1154 / #1208; patches/ carries the fix). Nor may an acknowledged
// answer be lost or half-written.
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { InteractionResponseType } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { t } from '../../src/i18n/messages.js';
import { GUILD_ID } from '../support/bot-harness.js';
import { type FakeDiscord, isEphemeral, startFakeDiscord } from '../support/fake-discord/index.js';
import { startAnswerStream } from './support/answer-stream.js';
import { checkDatabase } from './support/check-database.js';
import { type ChildBot, freePort, spawnBot } from './support/child-bot.js';
import { writeFlashcardDeck } from './support/flashcard-deck.js';
import {
  canRunPrivatePostgres,
  type PrivatePostgres,
  startPrivatePostgres,
} from './support/private-postgres.js';

const UNAVAILABLE = t('ko', 'error.database-unavailable');

async function waitUntil(probe: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Keeps one bot process running, starting a new one when it exits, as the deployment's restart policy does. */
function supervise(env: Record<string, string>) {
  let current: ChildBot | undefined;
  let stopping = false;
  const exits: { code: number | null; output: string[] }[] = [];
  const loop = (async () => {
    while (!stopping) {
      const bot = await spawnBot({ env });
      current = bot;
      const code = await bot.exited;
      if (!stopping) exits.push({ code, output: bot.output.slice(-10) });
      await sleep(250);
    }
  })();
  return {
    exits,
    readyz: async () => (current ? current.readyz() : 0),
    async stop() {
      stopping = true;
      await current?.kill('SIGTERM');
      await loop;
    },
  };
}

describe('the database server restarted under load', () => {
  let server: PrivatePostgres | undefined;
  let fake: FakeDiscord | undefined;
  let bots: ReturnType<typeof supervise> | undefined;
  let contentDir: string | undefined;

  afterAll(async () => {
    await bots?.stop();
    await fake?.close();
    await server?.destroy();
    if (contentDir) await rm(contentDir, { recursive: true, force: true });
  });

  it.skipIf(!canRunPrivatePostgres())(
    'reports not ready, answers with a short error, comes back by itself and loses no acknowledged answer',
    async () => {
      server = await startPrivatePostgres();
      fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }], interactionDeadlineMs: 2500 });
      contentDir = await writeFlashcardDeck(40);
      bots = supervise({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        GUILD_ID,
        CONTENT_DIR: contentDir,
        DATABASE_URL: server.url,
        HEALTH_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      });
      await waitUntil(async () => (await bots?.readyz()) === 200, 60_000, 'the bot to be ready');

      const stream = startAnswerStream(fake, { workers: 3, guildId: GUILD_ID, retryMs: 20 });
      await waitUntil(() => stream.acknowledged.length >= 20, 30_000, 'answers before the stop');

      server.stop();
      await waitUntil(async () => (await bots?.readyz()) !== 200, 10_000, '/readyz to stop saying 200');
      await sleep(300);
      const carol = { id: '100000000000000003', username: 'carol', locale: 'ko' };
      const refused = await fake.sendCommand({ user: carol, guildId: GUILD_ID, name: 'study' });
      expect(refused.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(isEphemeral(refused.message)).toBe(true);
      expect(refused.message?.content).toBe(UNAVAILABLE);
      expect(refused.latencyMs).toBeLessThan(2000);
      expect(await bots.readyz()).toBe(503);
      await sleep(500);

      server.start();
      await waitUntil(async () => (await bots?.readyz()) === 200, 60_000, '/readyz to say 200 again');
      const acknowledgedAfterStart = stream.acknowledged.length;
      await waitUntil(
        () => stream.acknowledged.length >= acknowledgedAfterStart + 20,
        30_000,
        'answers after the start',
      );
      await stream.stop();

      expect(stream.shortReplies).toContain(UNAVAILABLE);
      expect(stream.shortReplies.every((reply) => reply.length < 200)).toBe(true);
      const database = await openDatabase({ url: server.url, maxConnections: 1 });
      try {
        const stored = await checkDatabase(database.db, stream.acknowledged);
        expect(stored).toBeGreaterThanOrEqual(stream.acknowledged.length);
      } finally {
        await database.close();
      }
      // The process lived through it all.
      expect(bots.exits, 'the bot process exited').toEqual([]);
    },
    180_000,
  );
});
