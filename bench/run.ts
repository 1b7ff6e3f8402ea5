// `npm run bench`: every benchmark in turn, one table at the end (also saved under bench/results/).
// Each file also runs alone: `npx tsx bench/<name>.ts`. Set BENCH_ONLY=memory,startup to pick some.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, type BenchRow, formatRows, log, SERVER_URL, saveRows } from './lib.js';

const OWN: Record<string, () => Promise<{ run(): Promise<BenchRow[]> }>> = {
  'answer-throughput': () => import('./answer-throughput.js'),
  // No database: the bot's own JavaScript per answer (deciding it, composing the write).
  'answer-cpu': () => import('./answer-cpu.js'),
  'next-item': () => import('./next-item.js'),
  // start-up runs `npm run build` first, so the latency and memory figures are for dist/main.js as deployed.
  startup: () => import('./startup.js'),
  'interaction-latency': () => import('./interaction-latency.js'),
  memory: () => import('./memory.js'),
  'deck-import': () => import('./deck-import.js'),
  // No database: a simulated group and the FSRS optimizer (skipped when the optional binding is absent).
  'scheduler-quality': () => import('./scheduler-quality.js'),
};
/** Benchmarks other features keep in this folder: run as they are, their output shown as it comes. */
const OTHERS = ['reminder-tick', 'leaderboard'];

function runFile(name: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, `${name}.ts`)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_DATABASE_URL: SERVER_URL },
    });
    child.once('exit', (code) => resolve(code));
  });
}

const only = process.env.BENCH_ONLY?.split(',');
const rows: BenchRow[] = [];
for (const [name, load] of Object.entries(OWN)) {
  if (only && !only.includes(name)) continue;
  log(`== ${name}`);
  try {
    rows.push(...(await (await load()).run()));
  } catch (error) {
    log(`${name} failed:`, error);
    rows.push({ bench: name, figure: 'failed', value: Number.NaN, unit: '', note: String(error) });
  }
}
for (const name of OTHERS) {
  if (only && !only.includes(name)) continue;
  if (!existsSync(path.join(BENCH_DIR, `${name}.ts`))) continue;
  log(`== ${name} (its own output)`);
  const code = await runFile(name);
  if (code !== 0) log(`${name} exited with ${code}`);
}
console.log(`\n${formatRows(rows)}`);
for (const row of rows.filter((r) => r.note)) console.log(`- ${row.bench} / ${row.figure}: ${row.note}`);
await saveRows('all', rows);
process.exit(0);
