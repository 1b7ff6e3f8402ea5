// A PostgreSQL server of the test's own (initdb into a temp dir, a free port), so that a test can stop and start
// it without touching the server other test files share. Postgres refuses to run as root: as root, it runs as the
// `postgres` user through runuser.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './child-bot.js';

const SEARCH = '/usr/lib/postgresql';

/** The directory holding initdb and pg_ctl, or undefined when no server is installed. */
export function findPostgresBin(): string | undefined {
  const candidates: string[] = [];
  if (existsSync(SEARCH)) {
    const versions = readdirSync(SEARCH)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(SEARCH, version, 'bin')));
  }
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on the PATH
  }
  return candidates.find(
    (dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')),
  );
}

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

const isRoot = () => process.getuid?.() === 0;

/** True when this machine can run a private server: binaries present, and a non-root user to run them. */
export function canRunPrivatePostgres(): boolean {
  if (process.platform !== 'linux' || !findPostgresBin()) return false;
  if (!isRoot()) return true;
  return postgresUser() !== undefined && existsSync('/usr/sbin/runuser');
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: connections are cut, the server checkpoints and exits. */
  stop(): void;
  start(): void;
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries found');
  const dir = await mkdtemp(path.join(tmpdir(), 'boksup-pg-'));
  const owner = isRoot() ? postgresUser() : undefined;
  if (owner) await chown(dir, owner.uid, owner.gid);
  const run = (tool: string, args: string[]) => {
    const command = owner ? '/usr/sbin/runuser' : path.join(bin, tool);
    const fullArgs = owner ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    return execFileSync(command, fullArgs, { cwd: dir, stdio: 'pipe', encoding: 'utf8', timeout: 60_000 });
  };
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=32MB -c max_connections=40`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', options, 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => void start(),
    stop: () => void stop(),
    async destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
