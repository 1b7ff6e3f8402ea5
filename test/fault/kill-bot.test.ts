// kill -9 of the bot process in the middle of a stream of answers: on the embedded PostgreSQL the bot starts itself
// in DATA_DIR (whose server must not outlive the bot), and on a server of the suite's.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openConfiguredDatabase } from '../../src/db/client.js';
import { isProcessAlive, waitForExit } from '../../src/db/embedded/processes.js';
import { embeddedPaths } from '../../src/db/embedded/server.js';
import { GUILD_ID } from '../support/bot-harness.js';
import { createServerDatabase } from '../support/database.js';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.js';
import { type AcknowledgedAnswer, startAnswerStream } from './support/answer-stream.js';
import { checkDatabase } from './support/check-database.js';
import { spawnBot } from './support/child-bot.js';
import { writeFlashcardDeck } from './support/flashcard-deck.js';

const KILLS = 3;

describe.each(['embedded', 'server'] as const)(
  'kill -9 of the bot in the middle of answers, %s database',
  (kind) => {
    let fake: FakeDiscord;
    let contentDir: string;
    let dataDir: string | undefined;
    let server: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
    let env: Record<string, string>;

    beforeAll(async () => {
      fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }], interactionDeadlineMs: 1500 });
      contentDir = await writeFlashcardDeck(40);
      // Under the system temp folder, which the server's own user can enter when the bot runs as root.
      if (kind === 'embedded') dataDir = await mkdtemp(path.join(tmpdir(), 'boksup-kill-'));
      else server = await createServerDatabase();
      env = {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        GUILD_ID,
        CONTENT_DIR: contentDir,
        LOG_LEVEL: 'warn',
        ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: server?.url ?? '' }),
      };
    });
    afterAll(async () => {
      await fake?.close();
      await server?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      if (contentDir) await rm(contentDir, { recursive: true, force: true });
    });

    /** Opens the database the bot uses, from this process, while the bot is not running. */
    async function withDatabase<T>(use: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
      const handle = await openConfiguredDatabase({
        databaseUrl: server?.url,
        dataDir: dataDir ?? '',
        maxConnections: 1,
      });
      try {
        return await use(handle.db);
      } finally {
        await handle.close();
      }
    }

    /** The embedded server the killed bot had started stops by itself: no PostgreSQL is left behind. */
    async function expectNoOrphanedServer(): Promise<void> {
      if (!dataDir) return;
      const pidFile = path.join(embeddedPaths(dataDir).pgdata, 'postmaster.pid');
      const pid = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10);
      if (isProcessAlive(pid)) expect(await waitForExit(pid, 20_000)).toBe(true);
    }

    it('keeps every acknowledged answer, leaves none half-written, and the restarted bot goes on', async () => {
      const acknowledged: AcknowledgedAnswer[] = [];
      for (let kill = 1; kill <= KILLS; kill++) {
        const bot = await spawnBot({ env });
        await bot.waitForReady();
        const stream = startAnswerStream(fake, { workers: 4, stream: kill, guildId: GUILD_ID, retryMs: 20 });
        // Kill at a different point each time, with answers in flight.
        const killAfter = 10 + Math.floor(Math.random() * 30);
        while (stream.acknowledged.length < killAfter) await sleep(5);
        await bot.kill('SIGKILL');
        await stream.stop();
        await expectNoOrphanedServer();
        acknowledged.push(...stream.acknowledged);
        const stored = await withDatabase((db) => checkDatabase(db, acknowledged));
        expect(stored).toBeGreaterThanOrEqual(acknowledged.length);
      }

      // The restarted bot takes answers again, including on a session that was open when it was killed.
      const bot = await spawnBot({ env });
      await bot.waitForReady();
      const stream = startAnswerStream(fake, { workers: 2, stream: 99, guildId: GUILD_ID, retryMs: 20 });
      while (stream.acknowledged.length < 10) await sleep(5);
      await stream.stop();
      await bot.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      await expectNoOrphanedServer();
      acknowledged.push(...stream.acknowledged);
      await withDatabase((db) => checkDatabase(db, acknowledged));
    }, 240_000);
  },
);
