// The embedded PostgreSQL the bot starts in DATA_DIR when no DATABASE_URL is given: one owner per DATA_DIR, data
// kept across restarts, and whatever a dead bot left behind (its lock, its server, a stale postmaster.pid) recovered.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataDirBusyError, isProcessAlive, waitForExit } from '../../src/db/embedded/processes.js';
import { type EmbeddedPostgres, embeddedPaths, startEmbeddedPostgres } from '../../src/db/embedded/server.js';
import { PROJECT_ROOT } from '../fault/support/child-bot.js';

let root: string;
const running: EmbeddedPostgres[] = [];
const children: ChildProcess[] = [];

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir, durable: false });
  running.push(server);
  return server;
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql.unsafe(text)) as unknown as T[];
  } finally {
    await sql.end();
  }
}

/** A process that is alive and is neither a bot nor a server. */
function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'boksup-embedded-'));
  await chmod(root, 0o755);
});
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('keeps its data in DATA_DIR across a stop and a start', async () => {
    const dataDir = path.join(root, 'kept');
    const first = await start(dataDir);
    await query(first.url, 'create table kept (note text); insert into kept values ($$still here$$)');
    await first.stop();
    const second = await start(dataDir);
    expect(await query(second.url, 'select note from kept')).toEqual([{ note: 'still here' }]);
    expect(await query(second.url, 'show fsync')).toEqual([{ fsync: 'off' }]);
  });

  it('refuses a second start on the same DATA_DIR, in this process or another, naming the holder', async () => {
    const dataDir = path.join(root, 'busy');
    await start(dataDir);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(DataDirBusyError);

    const other = path.join(root, 'busy-elsewhere');
    await start(other);
    await running.pop()?.stop();
    const holder = sleeper();
    await writeFile(embeddedPaths(other).lock, `${holder.pid}\n`);
    await expect(startEmbeddedPostgres({ dataDir: other })).rejects.toThrow(`pid ${holder.pid}`);
  });

  it('takes over a lock left by a process that is gone and a postmaster.pid naming another process', async () => {
    const dataDir = path.join(root, 'stale');
    const first = await start(dataDir);
    await first.stop();
    running.pop();
    const files = embeddedPaths(dataDir);
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    await writeFile(files.lock, `${gone.pid}\n`);
    const unrelated = sleeper();
    await writeFile(path.join(files.pgdata, 'postmaster.pid'), `${unrelated.pid}\n${files.pgdata}\n`);
    const server = await start(dataDir);
    expect(await query(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(isProcessAlive(unrelated.pid ?? 0)).toBe(true);
  });

  it('stops a server its dead owner left running, then starts its own', async () => {
    const dataDir = path.join(root, 'orphan');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/embedded-child.ts', dataDir], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const orphan = await new Promise<number>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        const pid = /server (\d+)/.exec(chunk.toString())?.[1];
        if (pid) resolve(Number(pid));
      });
      child.once('exit', (code) => reject(new Error(`the child exited with ${code}`)));
    });
    // Kill the owner's watchdog first, so that the server outlives its owner as after a crash of the machine's
    // init or a kill of the whole process tree but the server.
    for (const pid of watchdogsOf(orphan)) process.kill(pid, 'SIGKILL');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isProcessAlive(orphan)).toBe(true);

    const server = await start(dataDir);
    expect(await waitForExit(orphan, 1)).toBe(true);
    expect(server.pid).not.toBe(orphan);
    expect(await query(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
  });
});

/** The shell processes waiting to stop the server `pid` (Linux: read from /proc). */
function watchdogsOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
        return args[0] === '/bin/sh' && args.at(-2) === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}
