// Start-up: from process start to commands registered and /readyz ready, on the embedded PostgreSQL.
// `tsx` compiles TypeScript at start; `dist` runs what `npm run build` produced. Reference: a bare `node -e 0`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, spawnBot } from '../test/fault/support/child-bot.js';
import { startFakeDiscord } from '../test/support/fake-discord/index.js';
import { type BenchRow, log, median, runIfMain } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const exec = promisify(execFile);

async function bareNodeMs(): Promise<number> {
  const started = performance.now();
  await exec(process.execPath, ['-e', '0']);
  return performance.now() - started;
}

async function startupMs(entry: 'tsx' | 'dist', fresh: boolean, dataDir: string): Promise<number> {
  const fake = await startFakeDiscord({ guilds: [{ id: '900000000000000001' }] });
  const bot = await spawnBot({
    entry,
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      GUILD_ID: '900000000000000001',
      DATA_DIR: fresh ? await mkdtemp(path.join(tmpdir(), 'boksup-bench-start-')) : dataDir,
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

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bare = median(await Promise.all([bareNodeMs(), bareNodeMs(), bareNodeMs()]));
  let distReady = existsSync(path.join(PROJECT_ROOT, 'dist', 'main.js'));
  if (!process.env.BENCH_SKIP_BUILD) {
    try {
      log('npm run build');
      await exec('npm', ['run', 'build'], { cwd: PROJECT_ROOT });
      distReady = true;
    } catch (error) {
      log(`build failed, dist skipped: ${String(error).split('\n')[0]}`);
      distReady = false;
    }
  }
  for (const entry of distReady ? (['tsx', 'dist'] as const) : (['tsx'] as const)) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'boksup-bench-start-'));
    await chmod(dataDir, 0o755); // as root, the server's own user must be able to enter it
    try {
      const first = await startupMs(entry, false, dataDir); // creates and migrates the database
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) warm.push(await startupMs(entry, false, dataDir));
      log(`${entry}: first ${first.toFixed(0)} ms, then ${warm.map((v) => v.toFixed(0)).join(', ')} ms`);
      const value = median(warm);
      rows.push(
        {
          bench: 'start-up',
          figure: `${entry}, embedded PostgreSQL, existing data (median of ${RUNS})`,
          value,
          unit: 'ms',
          reference: { name: 'node -e 0', value: bare, unit: 'ms' },
          ratio: value / bare,
          target: '< 1500 ms',
          pass: value < 1500,
        },
        {
          bench: 'start-up',
          figure: `${entry}, embedded PostgreSQL, first start (initdb + migrations)`,
          value: first,
          unit: 'ms',
        },
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return rows;
}

runIfMain(import.meta.url, 'startup', run);
