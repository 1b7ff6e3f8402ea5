// Start-up: from process start to /readyz ready (commands registered), on the embedded PostgreSQL.
// `npm start` runs scripts/start.js: measured with the bundle up to date (it only checks, then imports dist/main.js)
// and with a stale one (it bundles src/ with esbuild first, as after an edit or a pull). `dist` is
// `node dist/main.js`, the bundle's entry, what the image runs. All with the bot's V8 flags. Reference: a bare
// `node -e 0`, measured in the same rounds. Each round runs every entry once, so a change in the machine's load
// falls on all of them.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BotEntry, PROJECT_ROOT, spawnBot } from '../test/fault/support/child-bot.js';
import { startFakeDiscord } from '../test/support/fake-discord/index.js';
import { type BenchRow, log, median, runIfMain } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const exec = promisify(execFile);
const DIST_MAIN = path.join(PROJECT_ROOT, 'dist', 'main.js');

async function bareNodeMs(): Promise<number> {
  const started = performance.now();
  await exec(process.execPath, ['-e', '0']);
  return performance.now() - started;
}

async function startupMs(entry: BotEntry, dataDir: string): Promise<number> {
  const fake = await startFakeDiscord({ guilds: [{ id: '900000000000000001' }] });
  const bot = await spawnBot({
    entry,
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      GUILD_ID: '900000000000000001',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
  });
  try {
    return await bot.waitForReady(120_000);
  } finally {
    await bot.kill('SIGTERM');
    await fake.close();
  }
}

interface Variant {
  name: string;
  entry: BotEntry;
  /** Run before each start. */
  prepare?: () => Promise<void>;
  times: number[];
}

export async function run(): Promise<BenchRow[]> {
  if (!process.env.BENCH_SKIP_BUILD) {
    log('npm run build');
    await exec('npm', ['run', 'build'], { cwd: PROJECT_ROOT });
  }
  const variants: Variant[] = [
    { name: 'dist (node dist/main.js)', entry: 'dist', times: [] },
    { name: 'npm start, build up to date', entry: 'start', times: [] },
    {
      name: 'npm start, stale build (bundles src/)',
      entry: 'start',
      // A bundle older than every source: the launcher bundles again, as after a pull.
      prepare: () => utimes(DIST_MAIN, 0, 0),
      times: [],
    },
  ];
  const bare: number[] = [];
  const dataDir = await mkdtemp(path.join(tmpdir(), 'boksup-bench-start-'));
  await chmod(dataDir, 0o755); // as root, the server's own user must be able to enter it
  const rows: BenchRow[] = [];
  try {
    // The first start bundles when needed, creates the database and migrates it: its own figure.
    if (!existsSync(DIST_MAIN)) log('no dist/: the first start bundles it');
    const first = await startupMs('start', dataDir);
    rows.push({
      bench: 'start-up',
      figure: 'npm start, embedded PostgreSQL, first start (initdb + migrations)',
      value: first,
      unit: 'ms',
    });
    for (let round = 0; round < RUNS; round++) {
      bare.push(await bareNodeMs());
      for (const variant of variants) {
        await variant.prepare?.();
        variant.times.push(await startupMs(variant.entry, dataDir));
      }
      log(
        `round ${round + 1}: node -e 0 ${bare.at(-1)?.toFixed(0)} ms; ` +
          variants.map((v) => `${v.name} ${v.times.at(-1)?.toFixed(0)} ms`).join('; '),
      );
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const reference = { name: 'node -e 0', value: median(bare), unit: 'ms' };
  for (const variant of variants) {
    const value = median(variant.times);
    rows.push({
      bench: 'start-up',
      figure: `${variant.name}, embedded PostgreSQL, existing data (median of ${RUNS})`,
      value,
      unit: 'ms',
      reference,
      ratio: value / reference.value,
      target: '< 1500 ms',
      pass: value < 1500,
      note: variant.times.map((v) => v.toFixed(0)).join(', '),
    });
  }
  return rows;
}

runIfMain(import.meta.url, 'startup', run);
