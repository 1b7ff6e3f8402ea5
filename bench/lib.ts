// What the benchmarks share: statistics, the result table, the scratch databases, pgbench.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../src/db/embedded/server.js';

const run = promisify(execFile);

export const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));

export interface BenchRow {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  /** The reference measured in the same run, when there is one. */
  reference?: { name: string; value: number; unit: string };
  /** value / reference.value */
  ratio?: number;
  target?: string;
  pass?: boolean;
  note?: string;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const round = (value: number) =>
  !Number.isFinite(value) ? String(value) : Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);

export function formatRows(rows: readonly BenchRow[]): string {
  const header = ['bench', 'figure', 'value', 'reference', 'ratio', 'target', 'ok'];
  const lines = rows.map((row) => [
    row.bench,
    row.figure,
    `${round(row.value)} ${row.unit}`,
    row.reference ? `${row.reference.name}: ${round(row.reference.value)} ${row.reference.unit}` : '',
    row.ratio === undefined ? '' : round(row.ratio),
    row.target ?? '',
    row.pass === undefined ? '' : row.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt)].join('\n');
}

export async function saveRows(name: string, rows: readonly BenchRow[]): Promise<void> {
  const dir = path.join(BENCH_DIR, 'results');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await writeFile(path.join(dir, `${name}-${stamp}.json`), `${JSON.stringify(rows, null, 2)}\n`);
}

/** Runs `main` when the file is executed directly (`tsx bench/x.ts`), not when imported by run.ts. */
export function runIfMain(metaUrl: string, name: string, main: () => Promise<BenchRow[]>): void {
  if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === metaUrl) {
    main().then(
      async (rows) => {
        console.log(formatRows(rows));
        await saveRows(name, rows);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}

export const log = (...parts: unknown[]) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);

/** The server the benchmarks use; they create and drop their own databases on it. */
export const SERVER_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export async function serverReachable(): Promise<boolean> {
  const sql = postgres(SERVER_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function createScratchDatabase(
  tag: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `boksup_bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const dropper = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export function findPgbench(): string | undefined {
  const candidates = ['/usr/bin/pgbench', '/usr/local/bin/pgbench'];
  if (existsSync('/usr/lib/postgresql'))
    for (const version of readdirSync('/usr/lib/postgresql').sort().reverse())
      candidates.push(`/usr/lib/postgresql/${version}/bin/pgbench`);
  return candidates.find((candidate) => existsSync(candidate));
}

function pgbenchArgs(url: string): string[] {
  const parsed = new URL(url);
  return [
    '-h',
    parsed.hostname,
    '-p',
    parsed.port || '5432',
    '-U',
    decodeURIComponent(parsed.username || 'postgres'),
    parsed.pathname.slice(1),
  ];
}

export async function pgbenchInit(url: string, scale: number): Promise<void> {
  const bin = findPgbench();
  if (!bin) throw new Error('pgbench not found');
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(new URL(url).password) };
  await run(bin, ['-i', '-q', '-s', String(scale), ...pgbenchArgs(url)], { env, maxBuffer: 1 << 24 });
}

/**
 * pgbench's TPC-B-like default script, or the `extra` arguments' (`-M prepared`, `-f script`); returns
 * transactions per second.
 */
export async function pgbenchTps(
  url: string,
  clients: number,
  threads: number,
  seconds: number,
  extra: string[] = [],
): Promise<number> {
  const bin = findPgbench();
  if (!bin) throw new Error('pgbench not found');
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(new URL(url).password) };
  const { stdout } = await run(
    bin,
    [
      '-c',
      String(clients),
      '-j',
      String(threads),
      '-T',
      String(seconds),
      '-n',
      ...extra,
      ...pgbenchArgs(url),
    ],
    { env, maxBuffer: 1 << 24 },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
  if (!tps) throw new Error(`no tps in pgbench output:\n${stdout}`);
  return Number(tps);
}

/**
 * The bot's default database for a benchmark: the embedded PostgreSQL in a temporary DATA_DIR, durable as the bot
 * runs it. Removed by `stop`.
 */
export async function startBenchEmbedded(
  tag: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `boksup-bench-${tag}-`));
  // As root the server runs as an unprivileged user, which must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir });
  return {
    url: server.url,
    pid: server.pid,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
