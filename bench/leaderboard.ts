/**
 * `/leaderboard` on a big server: 10,000 members and 10,000,000 review-log rows in one guild, answers spread
 * evenly over the year before "now", every member active in every period (the worst case: every member has a sums
 * row in every period). Measures, for week, month and all time, the ranked query behind the board
 * (`findRankedBoard`: one row per member from `leaderboard_sums`, ranked in SQL, top 10 and the caller) and the
 * whole `loadBoard` (zone, query, board), beside references measured in the same run: `select 1`, a plain count
 * of the period's rows in the log, and the exact read straight from the log (`findLeaderboardTotals`, the path
 * left for ranges that are not a stored period).
 *
 *   BENCH_DATABASE_URL=postgres://user@host:5432/postgres npx tsx bench/leaderboard.ts
 *
 * (TEST_DATABASE_URL works too.) Creates its own database and drops it at the end. Seeding takes a few minutes:
 * the log is generated in SQL with constraint triggers off (session_replication_role = replica, so a superuser
 * or the table owner with that right is needed), then the running sums are built in one pass by the function a
 * zone change uses (`leaderboard_rebuild`). Options: MEMBERS, ROWS, RUNS; REUSE_DATABASE=<name> measures an
 * already seeded database (kept with KEEP_DATABASE=1) instead of seeding a new one.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { parseConfig } from '../src/config/config.js';
import { buildCatalog } from '../src/content/catalog.js';
import type { LoadedContent } from '../src/content/load.js';
import { openDatabase } from '../src/db/client.js';
import { findLeaderboardTotals, findRankedBoard } from '../src/db/repositories/leaderboard.js';
import {
  LEADERBOARD_SIZE,
  type LeaderboardPeriod,
  periodRange,
  type StoredPeriod,
  storedPeriodOf,
} from '../src/domain/leaderboard.js';
import { loadBoard } from '../src/services/leaderboard.js';
import { testDeps } from '../test/support/deps.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres server URL.');
  process.exit(1);
}
const MEMBERS = Number(process.env.MEMBERS ?? 10_000);
const ROWS = Number(process.env.ROWS ?? 10_000_000);
const RUNS = Number(process.env.RUNS ?? 50);
const GUILD = '900000000000000001';
const ZONE = 'Asia/Seoul';
/** Thursday noon in Seoul: the week and the month are both well under way. */
const NOW = new Date('2026-11-26T03:00:00Z');
const DAYS = 365;

const reuse = process.env.REUSE_DATABASE;
const keep = process.env.KEEP_DATABASE === '1' || reuse !== undefined;
const name = reuse ?? `boksup_bench_${randomBytes(5).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const url = new URL(adminUrl);
url.pathname = `/${name}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(label: string, runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(5, runs); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const row = { label, runs, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? 0 };
  console.log(
    `${label.padEnd(44)} p50 ${row.p50.toFixed(1).padStart(8)} ms   p99 ${row.p99.toFixed(1).padStart(8)} ms   max ${row.max.toFixed(1).padStart(8)} ms   (${runs} runs)`,
  );
  return row;
}

async function seed(sqlc: postgres.Sql) {
  const seedStart = performance.now();
  const step = async (what: string, query: string) => {
    const t = performance.now();
    await sqlc.unsafe(query);
    console.log(`  ${what}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  console.log(`seeding ${MEMBERS.toLocaleString()} members, ${ROWS.toLocaleString()} review logs in ${name}`);
  await step(
    'items, guild, users, members',
    `insert into decks (id, title, description, position, content_hash) values ('bench', '{}', '{}', 0, 'x');
     insert into items (id, deck_id, kind, section, position, content, content_hash)
       select 'bench-' || i, 'bench', 'flashcard', 's', i, '{}', 'x' from generate_series(1, 100) i;
     insert into guilds (id, timezone) values ('${GUILD}', '${ZONE}');
     insert into users (id, streak_current, streak_best, streak_last_day)
       select (100000000000000000 + i)::text, i % 40, i % 60, date '2026-11-25' - (i % 3)
       from generate_series(1, ${MEMBERS}) i;
     insert into guild_members (guild_id, user_id)
       select '${GUILD}', (100000000000000000 + i)::text from generate_series(1, ${MEMBERS}) i;
     update users set leaderboard_opt_out = true where id::bigint % 50 = 0;`,
  );
  // Bulk load: the log's indexes are rebuilt after the load, and constraint and rollup triggers are off
  // (the running sums are built afterwards in one pass, exactly as the migration's backfill does).
  await step(
    'review_logs (generate_series)',
    `set session_replication_role = replica;
     drop index review_logs_user_time_idx;
     drop index review_logs_guild_time_idx;
     insert into review_logs (user_id, item_id, guild_id, rating, correct, state_before, was_due,
         scheduled_days, due_after, xp, duration_ms, reviewed_at, undo)
       select (100000000000000001 + (hashint % ${MEMBERS}))::text, 'bench-' || (1 + g % 100), '${GUILD}',
         r.rating, r.rating > 1, 2, true, 3, t.at + interval '3 days', (hashint % 16)::int, 4000, t.at, '{}'
       from generate_series(1, ${ROWS}) g
       cross join lateral (select hashtext(g::text)::bigint & 2147483647 as hashint) h
       cross join lateral (select 1 + (h.hashint / 7) % 4 as rating) r
       cross join lateral (select timestamptz '${NOW.toISOString()}'
         - ((g::float8 / ${ROWS}) * ${DAYS} * interval '1 day') as at) t;
     set session_replication_role = origin;`,
  );
  await step(
    'review_logs indexes',
    `set maintenance_work_mem = '512MB';
     create index review_logs_user_time_idx on review_logs (user_id, reviewed_at);
     create index review_logs_guild_time_idx on review_logs (guild_id, reviewed_at, user_id, xp, correct);`,
  );
  await step(
    'running sums (leaderboard_rebuild)',
    `set work_mem = '256MB';
     select leaderboard_rebuild('${GUILD}', '${ZONE}');`,
  );
  await step('vacuum analyze', 'vacuum analyze');
  const [sizes] = await sqlc`select
    (select count(*) from review_logs)::int as logs,
    (select count(*) from leaderboard_sums)::int as sums,
    pg_size_pretty(pg_total_relation_size('review_logs')) as log_size,
    pg_size_pretty(pg_total_relation_size('leaderboard_sums')) as sums_size`;
  console.log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(0)} s:`, sizes);
}

async function main() {
  if (!reuse) await admin.unsafe(`create database ${name}`);
  const handle = await openDatabase({ url: url.toString(), maxConnections: 2 });
  const sqlc = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    if (!reuse) await seed(sqlc);
    const content: LoadedContent = { sections: [], decks: [] };
    const deps = testDeps({
      db: handle.db,
      clock: () => NOW,
      catalog: buildCatalog(content),
      config: parseConfig({ DEFAULT_TIMEZONE: ZONE, LOG_LEVEL: 'silent' }),
      instanceId: 'bench',
    });

    const [version] = await sqlc`select version()`;
    console.log(`\n${String(version?.version).split(',')[0]}; now = ${NOW.toISOString()}, zone ${ZONE}`);
    await measure('reference: select 1', RUNS, () => sqlc`select 1`.then((r) => r));
    // A member in the middle of the board (every 50th member opted out, so not one of those).
    const viewer = { userId: '100000000000005001', optedOut: false };
    const periods: LeaderboardPeriod[] = ['week', 'month', 'all'];
    for (const period of periods) {
      const range = periodRange(period, NOW, ZONE);
      const key = storedPeriodOf(range, ZONE) as StoredPeriod;
      const ranked = await findRankedBoard(handle.db, {
        guildId: GUILD,
        key,
        zone: ZONE,
        metric: 'xp',
        minAnswers: 0,
        size: LEADERBOARD_SIZE,
        viewerId: viewer.userId,
      });
      const [{ n } = { n: 0 }] = range
        ? await sqlc`select count(*)::int as n from review_logs where guild_id = ${GUILD}
            and reviewed_at >= ${range.start.toISOString()} and reviewed_at < ${range.end.toISOString()}`
        : await sqlc`select count(*)::int as n from review_logs where guild_id = ${GUILD}`;
      console.log(
        `\n${period}: ${ranked.ranked.toLocaleString()} members ranked (sums kept in the zone: ${ranked.zoneMatches}), ${Number(n).toLocaleString()} answers`,
      );
      await measure(`${period}: findRankedBoard (SQL rank, top 10 + caller)`, RUNS, () =>
        findRankedBoard(handle.db, {
          guildId: GUILD,
          key,
          zone: ZONE,
          metric: 'xp',
          minAnswers: 0,
          size: LEADERBOARD_SIZE,
          viewerId: viewer.userId,
        }),
      );
      await measure(`${period}: loadBoard xp (zone + query + board)`, RUNS, () =>
        loadBoard(deps, { guildId: GUILD, metric: 'xp', period, now: NOW, viewer }),
      );
      await measure(`${period}: loadBoard accuracy`, RUNS, () =>
        loadBoard(deps, { guildId: GUILD, metric: 'accuracy', period, now: NOW, viewer }),
      );
      if (range) {
        await measure(`${period}: reference count(*) of the rows`, RUNS, () =>
          sqlc`select count(*) from review_logs where guild_id = ${GUILD}
            and reviewed_at >= ${range.start.toISOString()} and reviewed_at < ${range.end.toISOString()}`.then(
            (r) => r,
          ),
        );
        await measure(`${period}: reference exact read from the log`, 10, () =>
          findLeaderboardTotals(handle.db, { guildId: GUILD, range }),
        );
      } else {
        await measure(`${period}: reference aggregate over review_logs`, 3, () =>
          sqlc`select user_id, sum(xp), count(*), count(*) filter (where correct), max(reviewed_at)
            from review_logs where guild_id = ${GUILD} group by user_id`.then((r) => r),
        );
      }
    }
    await measure('streak board: loadBoard (10,000 stored streaks)', RUNS, () =>
      loadBoard(deps, { guildId: GUILD, metric: 'streak', period: 'week', now: NOW }),
    );
  } finally {
    await sqlc.end({ timeout: 1 });
    await handle.close();
    if (keep) console.log(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
