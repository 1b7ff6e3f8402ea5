// The real entry point as a child process: health endpoints, SIGTERM, and the start-up failures a person reads.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GUILD_ID } from '../support/bot-harness.js';
import { BROKEN_CONTENT_DIR, FIXTURE_CONTENT_DIR } from '../support/content.js';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHUTDOWN_LIMIT_MS = 10_000;

interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const children: Child[] = [];

/** `node scripts/start.js`, as `npm start` runs it, with only the variables given (plus PATH). */
function startMain(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['scripts/start.js'], {
    cwd: PROJECT_ROOT,
    // Every variable the bot reads is set, even empty, so that a developer's .env cannot fill one in.
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: '',
      DISCORD_API_URL: '',
      GUILD_ID: '',
      DATABASE_URL: '',
      PGHOST: '',
      DATA_DIR: '',
      CONTENT_DIR: FIXTURE_CONTENT_DIR,
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
      SHARD_COUNT: '',
      SHARD_IDS: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  // 'close' rather than 'exit': the pipes are drained by then.
  const exited = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  const child = { proc, stdout: () => stdout, stderr: () => stderr, exited };
  children.push(child);
  return child;
}

async function status(port: number, route: '/healthz' | '/readyz'): Promise<number> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

async function waitForStatus(child: Child, port: number, route: '/healthz' | '/readyz', expected: number) {
  const until = Date.now() + 60_000;
  let exitCode: number | null | undefined;
  void child.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    const got = await status(port, route);
    if (got === expected) return;
    if (exitCode !== undefined)
      throw new Error(`the bot exited with ${exitCode}:\n${child.stdout()}\n${child.stderr()}`);
    if (Date.now() > until)
      throw new Error(`${route} answered ${got}, not ${expected}:\n${child.stdout()}\n${child.stderr()}`);
    await sleep(25);
  }
}

/** Sends SIGTERM and resolves with the exit code and how long the process took to end. */
async function terminate(child: Child): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  child.proc.kill('SIGTERM');
  const code = await Promise.race([child.exited, sleep(SHUTDOWN_LIMIT_MS + 5000).then(() => -1)]);
  return { code, ms: performance.now() - started };
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line is not JSON: ${line}`);
      }
    });
}

let dataRoot: string;
beforeAll(async () => {
  dataRoot = await mkdtemp(path.join(tmpdir(), 'boksup-lifecycle-'));
  // The bots below start their embedded PostgreSQL in it; as root that server's user must be able to enter.
  await chmod(dataRoot, 0o755);
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
    await child.exited;
  }
});
afterAll(async () => {
  await rm(dataRoot, { recursive: true, force: true });
});

describe('the entry point against a fake Discord', { timeout: 60_000 }, () => {
  let fake: FakeDiscord;
  let fakeClosed: Promise<void> | undefined;
  const closeFake = () => {
    fakeClosed ??= fake.close();
    return fakeClosed;
  };
  beforeEach(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }] });
    fakeClosed = undefined;
  });
  afterEach(async () => {
    await closeFake();
  });

  it('serves /healthz and /readyz, then ends on SIGTERM with exit code 0 within 10 s', async () => {
    const port = await freePort();
    const child = startMain({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      GUILD_ID,
      DATA_DIR: path.join(dataRoot, 'running'),
      HEALTH_PORT: String(port),
    });
    await waitForStatus(child, port, '/readyz', 200);
    expect(await status(port, '/healthz')).toBe(200);
    expect(fake.commandPuts).toBe(2); // global (personal commands) and the server (group commands)

    const { code, ms } = await terminate(child);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_LIMIT_MS);
    expect(await status(port, '/healthz')).toBe(0);

    const lines = jsonLines(child.stdout());
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['boksup is ready', 'shutting down', 'boksup stopped']),
    );
    expect(lines.every((line) => typeof line.level === 'string' && typeof line.time === 'string')).toBe(true);
    expect(child.stdout()).not.toContain(fake.token);
    expect(child.stderr()).not.toContain(fake.token);
    expect(child.stderr()).toBe('');
  });

  it('ends with exit code 0 on a SIGTERM that arrives while it is still starting', async () => {
    const child = startMain({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      GUILD_ID,
      DATA_DIR: path.join(dataRoot, 'starting'),
      HEALTH_PORT: String(await freePort()),
    });
    // The first log line comes after the decks are loaded, before the gateway connects.
    const until = Date.now() + 60_000;
    while (!child.stdout().includes('decks synced') && child.proc.exitCode === null && Date.now() < until)
      await sleep(10);
    expect(child.stdout()).not.toContain('boksup is ready');

    const { code, ms } = await terminate(child);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_LIMIT_MS);
    expect(jsonLines(child.stdout()).map((line) => line.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'boksup stopped']),
    );
  });

  it('answers /readyz with 503 once Discord is gone, and still ends cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = startMain({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      GUILD_ID,
      DATA_DIR: path.join(dataRoot, 'discord-gone'),
      HEALTH_PORT: String(port),
    });
    await waitForStatus(child, port, '/readyz', 200);
    await closeFake();
    await waitForStatus(child, port, '/readyz', 503);
    expect(await status(port, '/healthz')).toBe(200);

    const { code, ms } = await terminate(child);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_LIMIT_MS);
    expect(child.stdout()).not.toContain(fake.token);
  });
});

describe('start-up failures', { timeout: 60_000 }, () => {
  it('a bad variable: one "Configuration error" line naming it, no stack trace, exit code 1', async () => {
    const child = startMain({ DISCORD_TOKEN: 'aaaa.bbbb.cccc', HEALTH_PORT: 'abc' });
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: HEALTH_PORT .+/);
    expect(child.stderr()).not.toMatch(/\n\s+at /);
    expect(child.stdout()).toBe('');
  });

  it('no DISCORD_TOKEN: the two lines saying where to get one and how to try without, exit code 1', async () => {
    const child = startMain({});
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^DISCORD_TOKEN is not set: .*discord\.com\/developers\/applications/);
    expect(lines[1]).toContain('npm run sandbox');
  });

  it('a broken deck: file:line: reason lines, exit code 1, and the database never created', async () => {
    const dataDir = path.join(dataRoot, 'broken-deck');
    const child = startMain({
      DISCORD_TOKEN: 'aaaa.bbbb.cccc',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      CONTENT_DIR: BROKEN_CONTENT_DIR,
      DATA_DIR: dataDir,
    });
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^test\/fixtures\/broken\/[\w.-]+\.yaml:\d+: \S/);
    expect(child.stderr()).not.toMatch(/\n\s+at /);
    // The decks are checked before the database is opened: the embedded server's DATA_DIR does not exist.
    expect(existsSync(dataDir)).toBe(false);
  });
});
