/**
 * The reminder scheduler's tick with 100,000 members whose reminders are spread evenly over the day
 * (about 70 due each minute; zones mixed: Seoul, New York, Berlin). Measures the claim (`claimDueReminders`:
 * SELECT ... FOR UPDATE SKIP LOCKED on the partial index, the next firings computed in TypeScript, one UPDATE,
 * commit) once per simulated minute, and the whole tick (claim, then each member's due count and streak and the
 * decision) with a sender that sends nothing, beside references measured in the same run: a `select 1` round
 * trip and a full sequential scan of the reminders table (what a tick without the index would cost). Each member
 * holds five item states of the built-in decks (about two due at any time) and every other one a streak alive
 * from the day before, so the batch read counts real rows and half the members are reminded.
 *
 *   BENCH_DATABASE_URL=postgres://user@host:5432/postgres npx tsx bench/reminder-tick.ts
 *
 * (TEST_DATABASE_URL works too.) On the server it creates its own database and drops it at the end; the embedded
 * PostgreSQL is measured as well, and alone when no server URL is given. Options: MEMBERS, TICKS,
 * BENCH_SKIP_EMBEDDED=1 (the server only).
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { parseConfig } from '../src/config/config.js';
import { loadContent } from '../src/content/load.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { syncContent } from '../src/db/repositories/content-sync.js';
import { claimDueReminders } from '../src/db/repositories/reminders.js';
import type { Deps } from '../src/deps.js';
import { CLAIM_BATCH, type ReminderSender, runReminderTick } from '../src/services/reminder-tick.js';
import { testDeps } from '../test/support/deps.js';
import { startBenchEmbedded } from './lib.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const MEMBERS = Number(process.env.MEMBERS ?? 100_000);
const TICKS = Number(process.env.TICKS ?? 300);
/** 09:00 in Seoul; the seeded firings fill the 24 hours after it. */
const START = Date.parse('2026-04-02T00:00:00Z');
const MINUTE = 60_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Row {
  label: string;
  runs: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
  extra?: string;
}

/** Times `runs` calls after `warmup` untimed ones (the JIT and the plan caches settle first). */
async function measure(
  label: string,
  runs: number,
  fn: (i: number) => Promise<unknown>,
  warmup = 10,
): Promise<Row> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = warmup; i < warmup + runs; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    label,
    runs,
    min: times[0] ?? Number.NaN,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.at(-1) ?? 0,
  };
}

/** Seeds members 0..n-1: member i fires at minute i mod 1440 after 09:00 Seoul (UTC 00:00), in one of three zones. */
async function seed(handle: DatabaseHandle): Promise<void> {
  const zones = `(array['Asia/Seoul','America/New_York','Europe/Berlin'])[1 + i % 3]`;
  await handle.db.execute(
    sql.raw(`insert into users (id) select (1000000 + i)::text from generate_series(0, ${MEMBERS - 1}) as i`),
  );
  // The instant is START + (i mod 1440) minutes; hour and minute are that instant's wall time in the zone.
  await handle.db.execute(
    sql.raw(`
    insert into reminders (user_id, hour, minute, timezone, destination, next_fire_at)
    select (1000000 + i)::text,
           extract(hour from (fire at time zone zone))::int,
           extract(minute from (fire at time zone zone))::int,
           zone, 'dm', fire
    from (
      select i, ${zones} as zone,
             timestamptz '${new Date(START).toISOString()}' + make_interval(mins => i % 1440) as fire
      from generate_series(0, ${MEMBERS - 1}) as i
    ) as s`),
  );
  const loaded = await loadContent(fileURLToPath(new URL('../content/', import.meta.url)));
  if (!loaded.ok) throw new Error('the built-in decks do not load');
  await syncContent(handle.db, loaded.content, new Date(START));
  // Five consecutive items per member, due from ten days before START to twenty days after: about two due.
  await handle.db.execute(
    sql.raw(`
    with numbered as (select id, (row_number() over (order by deck_id, position))::int - 1 as n,
                             count(*) over () as total from items)
    insert into item_states (user_id, item_id, due, stability, difficulty, elapsed_days, scheduled_days,
                             learning_steps, reps, lapses, state, last_review)
    select (1000000 + g)::text, it.id,
           timestamptz '${new Date(START).toISOString()}' + ((((g * 7 + it.n) % 30) - 10) * interval '1 day'),
           5, 5, 3, 10, 0, 3, 0, 2, timestamptz '${new Date(START).toISOString()}' - interval '3 days'
    from generate_series(0, ${MEMBERS - 1}) g
    join numbered it on it.n >= g % (it.total - 5) and it.n < g % (it.total - 5) + 5`),
  );
  await handle.db.execute(
    sql.raw(`update users set streak_current = 3, streak_best = 3, streak_last_day = date '${new Date(START - 86_400_000).toISOString().slice(0, 10)}'
             where id::bigint % 2 = 0`),
  );
  await handle.db.execute(sql.raw('analyze'));
}

async function run(driver: 'server' | 'embedded', handle: DatabaseHandle): Promise<Row[]> {
  const seedStart = performance.now();
  await seed(handle);
  console.log(
    `${driver}: seeded ${MEMBERS.toLocaleString()} reminders in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  const plan = (await handle.db.execute(
    sql.raw(`explain select * from reminders where paused = false and next_fire_at <= timestamptz '${new Date(START + MINUTE).toISOString()}'
             order by next_fire_at limit ${CLAIM_BATCH} for update skip locked`),
  )) as unknown as { rows?: Record<string, string>[] } | Record<string, string>[];
  const planRows = Array.isArray(plan) ? plan : (plan.rows ?? []);
  const scans = planRows
    .map((row) => String(Object.values(row)[0]).trim())
    .filter((line) => /Scan/.test(line));
  console.log(`${driver}: claim plan scans: ${scans.join(' / ')}`);

  const rows: Row[] = [];
  rows.push(await measure('select 1 (round trip)', 200, () => handle.db.execute(sql`select 1`)));
  rows.push(
    await measure('full scan of reminders (count)', 20, () =>
      handle.db.execute(sql`select count(*) from reminders where hour + minute >= 0`),
    ),
  );
  let claimed = 0;
  const claim = await measure('claim per tick (~70 due)', TICKS, async (i) => {
    const batch = await claimDueReminders(handle.db, {
      now: new Date(START + (i + 1) * MINUTE),
      limit: CLAIM_BATCH,
    });
    claimed += batch.length;
  });
  rows.push({ ...claim, extra: `${(claimed / (TICKS + 10)).toFixed(1)} claimed/tick` });

  const deps = testDeps({
    db: handle.db,
    clock: () => new Date(START),
    // The tick never reads the decks.
    catalog: {} as Deps['catalog'],
    config: parseConfig({ LOG_LEVEL: 'silent' }),
    instanceId: 'bench',
  });
  const nobody: ReminderSender = { send: async () => 'sent' };
  let decided = 0;
  let reminded = 0;
  const tickRuns = Math.min(60, TICKS);
  const tick = await measure('whole tick: claim + decide, no sends', tickRuns, async (i) => {
    const report = await runReminderTick(deps, nobody, new Date(START + (TICKS + 20 + i) * MINUTE));
    decided += report.claimed;
    reminded += report.sent;
  });
  rows.push({
    ...tick,
    extra: `${(decided / (tickRuns + 10)).toFixed(1)} decided/tick, ${(reminded / (tickRuns + 10)).toFixed(1)} reminded`,
  });
  return rows;
}

function printTable(driver: string, rows: Row[]): void {
  console.log(`\n| ${driver} | runs | min ms | p50 ms | p99 ms | max ms | |`);
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    console.log(
      `| ${row.label} | ${row.runs} | ${row.min.toFixed(2)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.max.toFixed(2)} | ${row.extra ?? ''} |`,
    );
  }
  console.log('');
}

async function main() {
  console.log(
    `reminder tick bench, ${new Date().toISOString()}, ${MEMBERS.toLocaleString()} members, ${TICKS} ticks`,
  );
  if (serverUrl) {
    const name = `boksup_bench_${randomBytes(5).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      const handle = await openDatabase({ url: url.toString(), maxConnections: 10 });
      try {
        printTable('server', await run('server', handle));
      } finally {
        await handle.close();
      }
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  } else {
    console.log('(no BENCH_DATABASE_URL / TEST_DATABASE_URL: embedded only)');
  }
  if (serverUrl && process.env.BENCH_SKIP_EMBEDDED) return;
  const embedded = await startBenchEmbedded('reminders');
  const handle = await openDatabase({ url: embedded.url, maxConnections: 10 });
  try {
    printTable('embedded PostgreSQL', await run('embedded', handle));
  } finally {
    await handle.close();
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
