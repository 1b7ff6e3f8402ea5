// Runs the real entry point (what `npm start` runs, or the bundled dist/main.js) as a child process, so a test or a
// benchmark can kill it, restart it, and read its resident memory from outside.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../../src/db/embedded/server.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * V8's heap bounds the bot runs with wherever it is started (package.json's `start`, the image, the task
 * definition): a 2 MB young generation and a 96 MB old space keep the process flat near its live heap, where V8's
 * defaults let it grow to 250 MB and more.
 */
export const BOT_V8_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=96'];

export interface ChildBot {
  proc: ChildProcess;
  pid: number;
  healthPort: number;
  /** `performance.now()` when the process was spawned. */
  spawnedAt: number;
  /** Lines the process wrote (stdout and stderr), for a failure message. */
  output: string[];
  /** Resolves with the time from spawn to the first 200 from `/readyz`. */
  waitForReady(timeoutMs?: number): Promise<number>;
  readyz(): Promise<number>;
  /** Resident set size in bytes (Linux: /proc). */
  rssBytes(): number;
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * What `npm start` runs: the bundle (dist/main.js) that production runs, bundled first when a source is newer, so
 * a benchmark never measures an old build.
 */
export function defaultEntry(): BotEntry {
  return 'start';
}

/**
 * `start`: `node scripts/start.js`, what `npm start` runs (it bundles src/ into dist/ when a source is newer, then
 * runs dist/main.js); `dist`: `node dist/main.js`, what the image runs. Both with the bot's V8 flags.
 */
export type BotEntry = 'start' | 'dist';

/** A free port for a child's health server or a private PostgreSQL: the one the embedded server picks its own with. */
export const freePort = findFreePort;

export interface SpawnBotOptions {
  /** Variables for the bot; everything that could point it elsewhere is cleared first. */
  env: Record<string, string>;
  /** Default `start`, so a test runs the sources as they are. */
  entry?: BotEntry;
}

export async function spawnBot(options: SpawnBotOptions): Promise<ChildBot> {
  const healthPort = Number(options.env.HEALTH_PORT ?? (await freePort()));
  const args = [...BOT_V8_FLAGS, options.entry === 'dist' ? 'dist/main.js' : 'scripts/start.js'];
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    // Set, even empty, so that a developer's .env cannot point the child at another database or Discord.
    DATABASE_URL: '',
    PGHOST: '',
    GUILD_ID: '',
    LOG_LEVEL: 'info',
    ...options.env,
    HEALTH_PORT: String(healthPort),
  };
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line) output.push(line);
    if (output.length > 2000) output.splice(0, output.length - 2000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const pid = proc.pid;
  if (pid === undefined) throw new Error('the bot process did not start');

  const readyz = async () => {
    try {
      const response = await fetch(`http://127.0.0.1:${healthPort}/readyz`, {
        signal: AbortSignal.timeout(2000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  };

  return {
    proc,
    pid,
    healthPort,
    spawnedAt,
    output,
    readyz,
    async waitForReady(timeoutMs = 60_000) {
      const until = performance.now() + timeoutMs;
      let exitCode: number | null | undefined;
      void exited.then((code) => {
        exitCode = code;
      });
      for (;;) {
        if ((await readyz()) === 200) return performance.now() - spawnedAt;
        if (exitCode !== undefined)
          throw new Error(`the bot exited with ${exitCode}:\n${output.slice(-20).join('\n')}`);
        if (performance.now() > until)
          throw new Error(`the bot was not ready after ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    rssBytes() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      if (!kb) throw new Error('no VmRSS in /proc status');
      return Number(kb) * 1024;
    },
    async kill(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
    exited,
  };
}
