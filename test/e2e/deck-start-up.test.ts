// Decks at start-up, as an operator meets them: a very large deck syncs (in bounded batches) and the bot starts; a
// deck PostgreSQL cannot store is refused with its file and line before the database is opened at all.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError, startBot } from '../../src/app.js';
import { formatProblem } from '../../src/content/load.js';
import { items } from '../../src/db/schema/index.js';
import { writeFlashcardDeck } from '../fault/support/flashcard-deck.js';
import { startTestBot, testConfig } from '../support/bot-harness.js';
import { createServerDatabase, createTestDatabase, testDrivers } from '../support/database.js';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.js';
import { captureLog } from '../support/log-capture.js';

const GUILD_ID = '900000000000000001';
const BIG_DECK = 20_000;

describe.each(testDrivers)('decks at start-up on %s', (driver) => {
  let fake: FakeDiscord;
  const dirs: string[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }] });
  });
  afterAll(async () => {
    await fake?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`starts with a valid ${BIG_DECK}-item deck, and starts again without rewriting it`, async () => {
    const contentDir = await writeFlashcardDeck(BIG_DECK, 'huge');
    dirs.push(contentDir);
    const database = await createTestDatabase(driver);
    const captured = captureLog('info');
    try {
      const first = await startTestBot(fake, database, {
        configOverrides: { CONTENT_DIR: contentDir },
        log: captured.log,
      });
      await first.stop();
      const [stored] = await database.db.select({ n: count() }).from(items);
      expect(stored?.n).toBe(BIG_DECK);
      const second = await startTestBot(fake, database, {
        configOverrides: { CONTENT_DIR: contentDir },
        log: captured.log,
      });
      await second.stop();
      const synced = captured.lines.filter((line) => line.includes('"msg":"decks synced"'));
      expect(synced.map((line) => JSON.parse(line) as { added: number; unchanged: number })).toEqual([
        expect.objectContaining({ added: BIG_DECK, unchanged: 0 }),
        expect.objectContaining({ added: 0, unchanged: BIG_DECK }),
      ]);
    } finally {
      await database.destroy();
    }
  }, 240_000);

  it('refuses a deck with a NUL character with its file and line, and creates no table', async () => {
    const contentDir = await writeFlashcardDeck(3, 'broken');
    dirs.push(contentDir);
    const deckFile = path.join(contentDir, 'broken.yaml');
    const text = await readFile(deckFile, 'utf8');
    await writeFile(deckFile, text.replace('ko: 답 2', 'ko: "답 \\0 2"'));
    const nulLine = (await readFile(deckFile, 'utf8')).split('\n').findIndex((l) => l.includes('\\0')) + 1;

    const dataDir = await mkdtemp(path.join(tmpdir(), 'boksup-data-'));
    dirs.push(dataDir);
    const server = driver === 'postgres' ? await createServerDatabase() : undefined;
    try {
      const config = testConfig(fake, {
        CONTENT_DIR: contentDir,
        DATA_DIR: dataDir,
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      const failure = await startBot({ config, log: captureLog('info').log, healthPort: 0 }).then(
        (bot) => bot.stop().then(() => undefined),
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ContentError);
      const lines = (failure as ContentError).problems.map((problem) => formatProblem(problem, contentDir));
      expect(lines).toEqual([
        `broken.yaml:${nulLine}: items[1].back.ko: control character U+0000 at position 3 (PostgreSQL cannot store it)`,
      ]);

      if (server) {
        const sql = postgres(server.url, { max: 1, onnotice: () => {} });
        const tables = await sql`
          select table_schema, table_name from information_schema.tables
          where table_schema not in ('pg_catalog', 'information_schema')`;
        await sql.end();
        expect(tables).toEqual([]);
      } else {
        expect(await readdir(dataDir)).toEqual([]);
      }
    } finally {
      await server?.drop();
    }
  }, 60_000);
});
