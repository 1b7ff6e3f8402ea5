// Memory: the proportional set size of the bot and its database processes (bench/footprint.ts) when ready with
// 1,000 servers announced, and after 10,000 interactions answered, sampled through the run; "flat" is the slope
// over the second half. On the embedded default the bot's process tree holds its PostgreSQL; on a server, the
// backends serving the bot's database count too. Each figure is the median of BENCH_ROUNDS runs (3). The slope is
// also given without PostgreSQL's shared memory (its buffer cache, which fills as the data grows up to
// shared_buffers), to tell a cache filling from a process growing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { startAnswerStream } from '../test/fault/support/answer-stream.js';
import { BOT_V8_FLAGS, defaultEntry, spawnBot } from '../test/fault/support/child-bot.js';
import { writeFlashcardDeck } from '../test/fault/support/flashcard-deck.js';
import { startFakeDiscord } from '../test/support/fake-discord/index.js';
import { backendPids, describeTree, processTree, pssBytes, pssParts } from './footprint.js';
import {
  type BenchRow,
  createScratchDatabase,
  log,
  median,
  runIfMain,
  SERVER_URL,
  serverReachable,
  slope,
} from './lib.js';

const GUILDS = Number(process.env.BENCH_GUILDS ?? 1000);
const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MB = 1024 * 1024;

type Kind = 'embedded' | 'server';

interface Round {
  ready: number;
  final: number;
  peak: number;
  perThousand: number;
  /** The slope without the database's shared memory (its buffer cache filling as the data grows). */
  perThousandUnshared: number;
  /** The slope of the bot's own process. */
  perThousandBot: number;
  botAlone: number;
  failures: number;
}

/** One reading of the footprint: the whole, its database shared memory, and the bot's own process. */
interface Footprint {
  pss: number;
  shmem: number;
  bot: number;
}

async function measureOnce(kind: Kind): Promise<Round> {
  const guildIds = Array.from({ length: GUILDS }, (_, i) => `9${String(i).padStart(17, '0')}`);
  const fake = await startFakeDiscord({ guilds: guildIds.map((id) => ({ id })) });
  const contentDir = await writeFlashcardDeck(40);
  const scratch = kind === 'server' ? await createScratchDatabase('memory') : undefined;
  const admin = scratch ? postgres(SERVER_URL, { max: 1, onnotice: () => {} }) : undefined;
  const dataDir = kind === 'embedded' ? await mkdtemp(path.join(tmpdir(), 'boksup-bench-mem-')) : undefined;
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
  const footprint = async (): Promise<Footprint> => {
    const pids = processTree(bot.pid);
    if (admin && scratch) pids.push(...(await backendPids(admin, scratch.name)));
    const parts = pids.map(pssParts);
    return {
      pss: parts.reduce((sum, part) => sum + part.pss, 0),
      shmem: parts.reduce((sum, part) => sum + part.shmem, 0),
      bot: parts[0]?.pss ?? 0,
    };
  };
  try {
    await bot.waitForReady(120_000);
    const ready = (await footprint()).pss;
    log(`${kind}: ready with ${GUILDS} guilds, PSS ${(ready / MB).toFixed(1)} MB:\n${describeTree(bot.pid)}`);
    const stream = startAnswerStream(fake, { workers: 4, guildIds, limit: INTERACTIONS });
    const samples: ({ done: number } & Footprint)[] = [];
    let sampling = false;
    const sampler = setInterval(() => {
      if (sampling) return;
      sampling = true;
      const done = stream.answered();
      void footprint().then((reading) => {
        samples.push({ done, ...reading });
        sampling = false;
      });
    }, 250);
    await stream.finished;
    clearInterval(sampler);
    const final = (await footprint()).pss;
    log(`${kind}: after the interactions:\n${describeTree(bot.pid)}`);
    const half = samples.filter((sample) => sample.done >= INTERACTIONS / 2);
    const perThousandOf = (megabytes: (sample: Footprint) => number) =>
      slope(
        half.map((sample) => sample.done / 1000),
        half.map(megabytes),
      );
    const perThousand = perThousandOf((sample) => sample.pss / MB);
    const round: Round = {
      ready: ready / MB,
      final: final / MB,
      peak: Math.max(final, ...samples.map((s) => s.pss)) / MB,
      perThousand,
      perThousandUnshared: perThousandOf((sample) => (sample.pss - sample.shmem) / MB),
      perThousandBot: perThousandOf((sample) => sample.bot / MB),
      botAlone: pssBytes(bot.pid) / MB,
      failures: stream.failures,
    };
    log(
      `${kind}: after ${stream.answered()} interactions PSS ${round.final.toFixed(1)} MB (bot alone ${round.botAlone.toFixed(1)}), peak ${round.peak.toFixed(1)}, slope ${perThousand.toFixed(2)} MB/1k (without the database's shared memory ${round.perThousandUnshared.toFixed(2)}, the bot's process ${round.perThousandBot.toFixed(2)})`,
    );
    return round;
  } finally {
    await bot.kill('SIGTERM');
    await fake.close();
    await admin?.end();
    await scratch?.drop();
    await rm(contentDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

async function measure(kind: Kind): Promise<BenchRow[]> {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await measureOnce(kind));
  const pick = (key: keyof Round) => median(rounds.map((round) => round[key]));
  const list = (key: keyof Round) => rounds.map((round) => round[key].toFixed(1)).join(', ');
  const who = kind === 'embedded' ? 'bot + its PostgreSQL' : 'bot + its backends on the server';
  const flags = BOT_V8_FLAGS.join(' ');
  return [
    {
      bench: 'memory',
      figure: `${kind}: PSS of ${who}, ready with ${GUILDS} guilds (median of ${ROUNDS})`,
      value: pick('ready'),
      unit: 'MB',
      target: '< 120 MB',
      pass: pick('ready') < 120,
      note: `rounds ${list('ready')}; node ${flags}`,
    },
    {
      bench: 'memory',
      figure: `${kind}: PSS of ${who}, after ${INTERACTIONS} interactions (median of ${ROUNDS})`,
      value: pick('final'),
      unit: 'MB',
      reference: { name: 'when ready', value: pick('ready'), unit: 'MB' },
      ratio: pick('final') / pick('ready'),
      target: '< 150 MB',
      pass: pick('final') < 150,
      note: `rounds ${list('final')}; peaks ${list('peak')}; the bot alone ${list('botAlone')}; failures ${list('failures')}`,
    },
    {
      bench: 'memory',
      figure: `${kind}: PSS slope over the second half (median of ${ROUNDS})`,
      value: pick('perThousand'),
      unit: 'MB/1k interactions',
      target: 'flat (< 1 MB per 1,000)',
      pass: pick('perThousand') < 1,
      note: `rounds ${rounds.map((round) => round.perThousand.toFixed(2)).join(', ')}`,
    },
    // No target: where the slope comes from. The database's shared memory (its buffer cache) fills as the data the
    // bot writes grows, up to shared_buffers; the rest is the processes' own memory.
    {
      bench: 'memory',
      figure: `${kind}: PSS slope over the second half without the database's shared memory (median of ${ROUNDS})`,
      value: pick('perThousandUnshared'),
      unit: 'MB/1k interactions',
      note: `rounds ${rounds.map((round) => round.perThousandUnshared.toFixed(2)).join(', ')}; the bot's process alone ${rounds.map((round) => round.perThousandBot.toFixed(2)).join(', ')}`,
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (!process.env.BENCH_SKIP_EMBEDDED) rows.push(...(await measure('embedded')));
  if (await serverReachable()) rows.push(...(await measure('server')));
  return rows;
}

runIfMain(import.meta.url, 'memory', run);
