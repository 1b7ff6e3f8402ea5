// Memory: resident set of the bot process after 1,000 servers announced and 10,000 interactions answered, sampled
// through the run; "flat" is the slope of RSS over the second half. Reference: the RSS right after start-up.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAnswerStream } from '../test/fault/support/answer-stream.js';
import { defaultEntry, spawnBot } from '../test/fault/support/child-bot.js';
import { writeFlashcardDeck } from '../test/fault/support/flashcard-deck.js';
import { startFakeDiscord } from '../test/support/fake-discord/index.js';
import { type BenchRow, createScratchDatabase, log, runIfMain, serverReachable, slope } from './lib.js';

const GUILDS = Number(process.env.BENCH_GUILDS ?? 1000);
const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 10_000);
const MB = 1024 * 1024;

async function measure(driver: 'postgres' | 'pglite'): Promise<BenchRow[]> {
  const guildIds = Array.from({ length: GUILDS }, (_, i) => `9${String(i).padStart(17, '0')}`);
  const fake = await startFakeDiscord({ guilds: guildIds.map((id) => ({ id })) });
  const contentDir = await writeFlashcardDeck(40);
  const scratch = driver === 'postgres' ? await createScratchDatabase('memory') : undefined;
  const dataDir = driver === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'boksup-bench-mem-')) : undefined;
  const bot = await spawnBot({
    entry: defaultEntry(),
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      CONTENT_DIR: contentDir,
      LOG_LEVEL: 'warn',
      ...(scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir ?? '' }),
    },
  });
  try {
    await bot.waitForReady(120_000);
    const atReady = bot.rssBytes();
    log(
      `${driver}: ready with ${GUILDS} guilds, RSS ${(atReady / MB).toFixed(0)} MB; ${INTERACTIONS} interactions`,
    );
    const stream = startAnswerStream(fake, { workers: 4, guildIds, limit: INTERACTIONS });
    const samples: { done: number; rss: number }[] = [];
    const sampler = setInterval(() => samples.push({ done: stream.answered(), rss: bot.rssBytes() }), 250);
    await stream.finished;
    clearInterval(sampler);
    const final = bot.rssBytes();
    const half = samples.filter((sample) => sample.done >= INTERACTIONS / 2);
    const perThousand = slope(
      half.map((s) => s.done / 1000),
      half.map((s) => s.rss / MB),
    );
    const peak = Math.max(...samples.map((s) => s.rss));
    return [
      {
        bench: 'memory',
        figure: `${driver}: RSS after ${GUILDS} guilds + ${stream.answered()} interactions`,
        value: final / MB,
        unit: 'MB',
        reference: { name: 'RSS when ready', value: atReady / MB, unit: 'MB' },
        ratio: final / atReady,
        target: '< 150 MB',
        pass: final / MB < 150,
        note: `peak ${(peak / MB).toFixed(0)} MB; failures ${stream.failures}`,
      },
      {
        bench: 'memory',
        figure: `${driver}: RSS slope, second half`,
        value: perThousand,
        unit: 'MB/1k interactions',
        target: 'flat (|slope| < 1)',
        pass: Math.abs(perThousand) < 1,
      },
    ];
  } finally {
    await bot.kill('SIGTERM');
    await fake.close();
    await scratch?.drop();
    await rm(contentDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (await serverReachable()) rows.push(...(await measure('postgres')));
  if (!process.env.BENCH_SKIP_PGLITE) rows.push(...(await measure('pglite')));
  return rows;
}

runIfMain(import.meta.url, 'memory', run);
