// Next-item latency: what /study reads to choose the next items for one member (`findNextItems`, the one prepared
// statement startStudy sends: due items, today's answers, new items), with 1,000,000 item states over 100,000
// members. Reference: a prepared `select 1` round trip on the same connection in the same run. Seeding uses
// generate_series; only the repository call is measured.
//
//   BENCH_SKIP_EMBEDDED=1 npx tsx bench/next-item.ts    (the server only; BENCH_DATABASE_URL names it)
//   BENCH_MEMBERS=10000 BENCH_SAMPLES=500 ...           (smaller and shorter)

import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadContent } from '../src/content/load.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { syncContent } from '../src/db/repositories/content-sync.js';
import { findNextItems } from '../src/db/repositories/next-items.js';
import { DEFAULT_DAILY_NEW_LIMIT, SESSION_LENGTH } from '../src/domain/session.js';
import { PROJECT_ROOT } from '../test/fault/support/child-bot.js';
import { FIXTURE_CONTENT_DIR } from '../test/support/content.js';
import {
  type BenchRow,
  createScratchDatabase,
  log,
  percentile,
  runIfMain,
  serverReachable,
  startBenchEmbedded,
} from './lib.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const STATES_PER_MEMBER = 10;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);

async function seed(database: DatabaseHandle): Promise<void> {
  const loaded = await loadContent(path.join(PROJECT_ROOT, 'content'));
  const content = loaded.ok
    ? loaded.content
    : await loadContent(FIXTURE_CONTENT_DIR).then((r) => (r.ok ? r.content : undefined));
  if (!content) throw new Error('no content to seed with');
  await syncContent(database.db, content, new Date());
  log(`seeding ${MEMBERS} members × ${STATES_PER_MEMBER} item states`);
  const started = performance.now();
  await database.db.execute(
    sql`insert into users (id) select 'm' || g from generate_series(1, ${MEMBERS}::int) g`,
  );
  // Member g holds ten consecutive items starting at a position that depends on g; a third are due now.
  await database.db.execute(sql`
    with numbered as (select id, (row_number() over (order by deck_id, position))::int - 1 as n, count(*) over () as total from items)
    insert into item_states (user_id, item_id, due, stability, difficulty, elapsed_days, scheduled_days,
                             learning_steps, reps, lapses, state, last_review)
    select 'm' || g, it.id,
           now() + ((((g * 7 + it.n) % 30) - 10) * interval '1 day'),
           5, 5, 3, 10, 0, 3, 0, 2, now() - interval '3 days'
    from generate_series(1, ${MEMBERS}::int) g
    join numbered it on it.n >= g % (it.total - ${STATES_PER_MEMBER}) and it.n < g % (it.total - ${STATES_PER_MEMBER}) + ${STATES_PER_MEMBER}`);
  await database.db.execute(sql`analyze`);
  log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(database: DatabaseHandle, label: string): Promise<BenchRow[]> {
  const [counted] = await database.sql<{ n: number }[]>`select count(*)::int as n from item_states`;
  const states = counted?.n ?? 0;
  const pick: number[] = [];
  const ping: number[] = [];
  const now = new Date();
  const pickFor = (userId: string) =>
    findNextItems(database.sql, {
      userId,
      now,
      dayStart: new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000),
      deckId: null,
      guildId: null,
      dailyNewLimit: DEFAULT_DAILY_NEW_LIMIT,
      maxNew: SESSION_LENGTH,
    });
  const sample = await pickFor('m1');
  log(`${label}: member m1 has ${sample.due.length} due, ${sample.newItemIds.length} new offered`);
  for (let i = 0; i < SAMPLES + 200; i++) {
    const userId = `m${1 + Math.floor(Math.random() * MEMBERS)}`;
    const a = performance.now();
    await database.sql`select 1`;
    const b = performance.now();
    await pickFor(userId);
    const c = performance.now();
    if (i >= 200) {
      ping.push(b - a);
      pick.push(c - b);
    }
  }
  const p50 = percentile(pick, 50);
  const p99 = percentile(pick, 99);
  return [
    {
      bench: 'next item',
      figure: `${label} p50 (${states.toLocaleString('en')} states)`,
      value: p50,
      unit: 'ms',
      reference: { name: 'select 1 p50', value: percentile(ping, 50), unit: 'ms' },
      ratio: p50 / percentile(ping, 50),
      target: 'p50 < 0.5 ms',
      pass: p50 < 0.5,
    },
    {
      bench: 'next item',
      figure: `${label} p99`,
      value: p99,
      unit: 'ms',
      reference: { name: 'select 1 p99', value: percentile(ping, 99), unit: 'ms' },
      ratio: p99 / percentile(ping, 99),
      target: 'p99 ≤ 1.5 × select 1 p99',
      pass: p99 <= 1.5 * percentile(ping, 99),
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (await serverReachable()) {
    const scratch = await createScratchDatabase('nextitem');
    const database = await openDatabase({ url: scratch.url, maxConnections: 2 });
    try {
      await seed(database);
      rows.push(...(await measure(database, 'server')));
    } finally {
      await database.close();
      await scratch.drop();
    }
  }
  if (!process.env.BENCH_SKIP_EMBEDDED) {
    const embedded = await startBenchEmbedded('nextitem');
    const database = await openDatabase({ url: embedded.url, maxConnections: 2 });
    try {
      await seed(database);
      rows.push(...(await measure(database, 'embedded')));
    } finally {
      await database.close();
      await embedded.stop();
    }
  }
  return rows;
}

runIfMain(import.meta.url, 'next-item', run);
