// Answer throughput: 8 workers, one member each, answering through recordStudyAnswer (behind every grade press:
// read the member's memory and streak, decide the answer, then one statement that checks the session, the state
// and the streak are as read and writes the state, the log, the streak and the session moved on), in sessions of
// 20 items as /study plans them. Beside, in the same run on the same server: pgbench TPC-B (default and
// -M prepared) and pgbench running the answer's own SQL (bench/sql/answer.sql; prepared, and in pgbench's default
// protocol), which is the same server work without the client; and that same SQL sent by postgres.js from this
// process with nothing else around it, which is what any client on this driver and runtime reaches on this
// machine, the bot's own work aside.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { loadContent } from '../src/content/load.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { syncContent } from '../src/db/repositories/content-sync.js';
import { createSession } from '../src/db/repositories/study-sessions.js';
import { findOrCreateUser } from '../src/db/repositories/users.js';
import { defineStatement } from '../src/db/statement.js';
import { SESSION_LENGTH } from '../src/domain/session.js';
import { moveToNext } from '../src/domain/study-session.js';
import { recordStudyAnswer } from '../src/services/answers.js';
import { writeFlashcardDeck } from '../test/fault/support/flashcard-deck.js';
import {
  BENCH_DIR,
  type BenchRow,
  createScratchDatabase,
  findPgbench,
  log,
  median,
  pgbenchInit,
  pgbenchTps,
  runIfMain,
  serverReachable,
  startBenchEmbedded,
} from './lib.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Answers per second, and this process's CPU time per answer (all its threads: the client's whole cost here). */
interface Rate {
  perSecond: number;
  cpuMsPerAnswer: number;
}

/** Runs the workers to the end and measures them. */
async function measureRate(workers: Promise<void>[], count: () => number): Promise<Rate> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(workers);
  const used = process.cpuUsage(cpu);
  return {
    perSecond: count() / ((performance.now() - started) / 1000),
    cpuMsPerAnswer: (used.user + used.system) / 1000 / count(),
  };
}

/** Runs 8 workers for `seconds` through the bot's answer path. */
async function answerRate(database: DatabaseHandle, itemIds: string[], seconds: number, round: number) {
  const step = { stage: 'revealed' as const, shownAt: new Date().toISOString(), shuffle: [], picked: [] };
  let answers = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async (index: number) => {
    const userId = `7${String(round).padStart(3, '0')}${String(index).padStart(14, '0')}`;
    await findOrCreateUser(database.db, userId);
    let offset = index * 7;
    while (performance.now() < until) {
      const queue = Array.from(
        { length: SESSION_LENGTH },
        (_, i) => itemIds[(offset + i) % itemIds.length] as string,
      );
      offset += SESSION_LENGTH;
      let session = await createSession(database.sql, {
        userId,
        guildId: '900000000000000001',
        deckId: null,
        queue,
        step,
        now: new Date(),
      });
      for (let position = 0; position < queue.length && performance.now() < until; position++) {
        const now = new Date();
        const result = await recordStudyAnswer(database, {
          session,
          userId,
          answer: {
            itemId: queue[position] as string,
            grade: { by: 'member', rating: 3 },
            correct: true,
            responseMs: 4000,
          },
          move: moveToNext(session, () => ({ kind: 'flashcard' }), now, 1),
          now,
          targetRetention: 0.9,
          zone: 'Asia/Seoul',
        });
        if (!result.ok) throw new Error(`answer refused: ${result.reason}`);
        session = result.session;
        answers++;
      }
    }
  };
  return measureRate(
    Array.from({ length: WORKERS }, (_, index) => worker(index)),
    () => answers,
  );
}

async function prepare(database: DatabaseHandle, contentDir: string): Promise<string[]> {
  const loaded = await loadContent(contentDir);
  if (!loaded.ok) throw new Error('bench deck is broken');
  await syncContent(database.db, loaded.content, new Date());
  return loaded.content.decks.flatMap((deck) => deck.items.map((item) => item.id));
}

/**
 * One member and one open session per pgbench client, for the answer's own SQL (bench/sql/answer.sql). The
 * members have studied today already, so the script's streak check compares with a fixed day.
 */
async function prepareScript(database: DatabaseHandle, itemIds: string[]): Promise<number> {
  const queue = JSON.stringify(itemIds.slice(0, SESSION_LENGTH));
  const step = JSON.stringify({
    stage: 'revealed',
    shownAt: new Date().toISOString(),
    shuffle: [],
    picked: [],
  });
  await database.sql`
    insert into users (id, streak_current, streak_best, streak_last_day)
    select '79' || lpad(c::text, 16, '0'), 1, 1, current_date from generate_series(0, ${WORKERS - 1}) c`;
  const rows = await database.sql<{ id: string }[]>`
    insert into study_sessions (user_id, guild_id, queue, step, started_at)
    select '79' || lpad(c::text, 16, '0'), '900000000000000001', ${queue}::jsonb, ${step}::jsonb, now()
    from generate_series(0, ${WORKERS - 1}) c order by c returning id`;
  return Math.min(...rows.map((row) => Number(row.id)));
}

const SCRIPT = path.join(BENCH_DIR, 'sql', 'answer.sql');

/** A statement of the script, its pgbench variables (`:name`) sent as the statement's values. */
const fromScript = (text: string) =>
  defineStatement<Record<string, unknown>>((param) =>
    text.replace(/(?<!:):([a-z_]+)/g, (_, name: string) => param(name)),
  );

/** The script's three statements: the read, and the write for an existing and for a new item state. */
async function scriptStatements() {
  const script = await readFile(SCRIPT, 'utf8');
  const read = /^(select \(st\.id is not null\)[\s\S]*?) \\gset$/m.exec(script)?.[1];
  const writes = [...script.matchAll(/^(with guard as[\s\S]*?) \\gset$/gm)].map((match) => match[1]);
  const [update, insert] = writes;
  if (!read || !update || !insert || writes.length !== 2) throw new Error(`unexpected ${SCRIPT}`);
  return { read: fromScript(read), update: fromScript(update), insert: fromScript(insert) };
}

/**
 * The answer's own SQL (the pgbench script) sent by postgres.js: each of the 8 workers answers as the script's
 * client of the same number, on its session, the values fixed as in the script.
 */
async function driverRate(url: string, firstSession: number, seconds: number): Promise<Rate> {
  const statements = await scriptStatements();
  const sql = postgres(url, { max: WORKERS, onnotice: () => {} });
  try {
    await sql`update study_sessions set version = 0 where id >= ${firstSession} and id < ${firstSession + WORKERS}`;
    let answers = 0;
    const until = performance.now() + seconds * 1000;
    const worker = async (client: number) => {
      const values: Record<string, unknown> = {
        client_id: client,
        sid: firstSession + client,
        session_version: 0,
      };
      while (performance.now() < until) {
        values.item = 1 + Math.floor(Math.random() * 200);
        const [basis] = await statements.read.run<Record<string, unknown>>(sql, values);
        if (!basis) throw new Error('the script read no member');
        Object.assign(values, basis);
        const written = await (basis.has_state === 1 ? statements.update : statements.insert).run(
          sql,
          values,
        );
        if (written.length !== 1) throw new Error('the script wrote no answer');
        values.session_version = Number(values.session_version) + 1;
        answers++;
      }
    };
    return await measureRate(
      Array.from({ length: WORKERS }, (_, client) => worker(client)),
      () => answers,
    );
  } finally {
    await sql.end();
  }
}

interface Figures {
  ours: number[];
  tpcb: number[];
  tpcbPrepared: number[];
  script: number[];
  scriptDefault: number[];
  driver: number[];
  oursCpu: number[];
  driverCpu: number[];
}

/** Rounds of: TPC-B (default and -M prepared), the answer's SQL from pgbench, the bot's own answer path. */
async function measureOn(kind: string, appUrl: string, tpcbUrl: string): Promise<Figures> {
  const figures: Figures = {
    ours: [],
    tpcb: [],
    tpcbPrepared: [],
    script: [],
    scriptDefault: [],
    driver: [],
    oursCpu: [],
    driverCpu: [],
  };
  const contentDir = await writeFlashcardDeck(200);
  const database = await openDatabase({ url: appUrl, maxConnections: WORKERS });
  try {
    const itemIds = await prepare(database, contentDir);
    const firstSession = await prepareScript(database, itemIds);
    log(`${kind}: pgbench -i -s 8`);
    await pgbenchInit(tpcbUrl, 8);
    for (let round = 1; round <= ROUNDS; round++) {
      figures.tpcb.push(await pgbenchTps(tpcbUrl, WORKERS, 2, SECONDS));
      figures.tpcbPrepared.push(await pgbenchTps(tpcbUrl, WORKERS, 2, SECONDS, ['-M', 'prepared']));
      // The answer's SQL from pgbench, with the statements prepared (as postgres.js sends them) and in pgbench's
      // default protocol (parsed and planned every time, as the issue's -f reference runs unless told otherwise).
      for (const [into, protocol] of [
        [figures.script, ['-M', 'prepared']],
        [figures.scriptDefault, []],
      ] as const) {
        // The script starts each client's session at version 0 and carries the version on from there.
        await database.sql`
          update study_sessions set version = 0 where id >= ${firstSession} and id < ${firstSession + WORKERS}`;
        into.push(
          await pgbenchTps(appUrl, WORKERS, 2, SECONDS, [
            ...protocol,
            '-D',
            `first_session=${firstSession}`,
            '-D',
            'session_version=0',
            '-f',
            SCRIPT,
          ]),
        );
      }
      const driver = await driverRate(appUrl, firstSession, SECONDS);
      const ours = await answerRate(database, itemIds, SECONDS, round);
      figures.driver.push(driver.perSecond);
      figures.driverCpu.push(driver.cpuMsPerAnswer);
      figures.ours.push(ours.perSecond);
      figures.oursCpu.push(ours.cpuMsPerAnswer);
      log(
        `${kind} round ${round}: answers ${figures.ours.at(-1)?.toFixed(0)}/s; pgbench TPC-B ${figures.tpcb.at(-1)?.toFixed(0)}, -M prepared ${figures.tpcbPrepared.at(-1)?.toFixed(0)}, answer SQL ${figures.script.at(-1)?.toFixed(0)} tps (default protocol ${figures.scriptDefault.at(-1)?.toFixed(0)}), from postgres.js ${figures.driver.at(-1)?.toFixed(0)}/s; CPU per answer: bot ${ours.cpuMsPerAnswer.toFixed(3)} ms, postgres.js alone ${driver.cpuMsPerAnswer.toFixed(3)} ms`,
      );
    }
  } finally {
    await database.close();
    await rm(contentDir, { recursive: true, force: true });
  }
  return figures;
}

function rowsFor(kind: string, figures: Figures): BenchRow[] {
  const ours = median(figures.ours);
  const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
  const note = `rounds: answers ${list(figures.ours)}; TPC-B ${list(figures.tpcb)}; TPC-B -M prepared ${list(figures.tpcbPrepared)}; answer SQL ${list(figures.script)}; answer SQL, default protocol ${list(figures.scriptDefault)}; answer SQL from postgres.js ${list(figures.driver)}`;
  const versus = (name: string, values: number[], factor: number): BenchRow => ({
    bench: 'answer throughput',
    figure: `${kind}, ${WORKERS} workers, vs ${name} (median of ${ROUNDS})`,
    value: ours,
    unit: 'answers/s',
    reference: { name, value: median(values), unit: 'tps' },
    ratio: ours / median(values),
    target: `≥ ${factor} × ${name}`,
    pass: ours >= factor * median(values),
    note,
  });
  const driver = median(figures.driver);
  return [
    versus('pgbench -f answer SQL -M prepared', figures.script, 0.9),
    versus('pgbench -f answer SQL (default protocol)', figures.scriptDefault, 0.9),
    versus('pgbench TPC-B', figures.tpcb, 0.8),
    versus('pgbench TPC-B -M prepared', figures.tpcbPrepared, 0.8),
    // No target: how far a client on postgres.js gets with the same SQL and none of the bot's work, so how much
    // of the gap to pgbench is the bot's and how much the driver's and runtime's on this machine.
    {
      bench: 'answer throughput',
      figure: `${kind}, answer SQL from postgres.js alone, ${WORKERS} workers, vs pgbench (median of ${ROUNDS})`,
      value: driver,
      unit: 'answers/s',
      reference: { name: 'pgbench -f answer SQL -M prepared', value: median(figures.script), unit: 'tps' },
      ratio: driver / median(figures.script),
      note,
    },
    {
      bench: 'answer throughput',
      figure: `${kind}, ${WORKERS} workers, vs the answer SQL from postgres.js alone (median of ${ROUNDS})`,
      value: ours,
      unit: 'answers/s',
      reference: { name: 'answer SQL from postgres.js', value: driver, unit: 'answers/s' },
      ratio: ours / driver,
      note,
    },
    {
      bench: 'answer throughput',
      figure: `${kind}, CPU of the bot's process per answer (median of ${ROUNDS})`,
      value: median(figures.oursCpu),
      unit: 'ms',
      reference: { name: 'postgres.js alone', value: median(figures.driverCpu), unit: 'ms' },
      ratio: median(figures.oursCpu) / median(figures.driverCpu),
      note: `rounds: bot ${figures.oursCpu.map((v) => v.toFixed(3)).join(', ')}; postgres.js alone ${figures.driverCpu.map((v) => v.toFixed(3)).join(', ')}`,
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (!findPgbench()) {
    log('no pgbench: answer throughput skipped');
    return rows;
  }
  let serverOurs: number | undefined;
  if (await serverReachable()) {
    const app = await createScratchDatabase('answers');
    const tpcb = await createScratchDatabase('pgbench');
    try {
      const figures = await measureOn('server', app.url, tpcb.url);
      serverOurs = median(figures.ours);
      rows.push(...rowsFor('server', figures));
    } finally {
      await app.drop();
      await tpcb.drop();
    }
  } else {
    log('no server: server figures skipped');
  }
  if (process.env.BENCH_SKIP_EMBEDDED) return rows;
  const embedded = await startBenchEmbedded('answers');
  try {
    const admin = postgres(embedded.url, { max: 1, onnotice: () => {} });
    await admin`create database answers`;
    await admin`create database tpcb`;
    await admin.end();
    const on = (name: string) => Object.assign(new URL(embedded.url), { pathname: `/${name}` }).toString();
    const figures = await measureOn('embedded', on('answers'), on('tpcb'));
    rows.push(...rowsFor('embedded', figures));
    if (serverOurs !== undefined) {
      const value = median(figures.ours);
      rows.push({
        bench: 'answer throughput',
        figure: `embedded vs server, ${WORKERS} workers (median of ${ROUNDS})`,
        value,
        unit: 'answers/s',
        reference: { name: 'server, same run', value: serverOurs, unit: 'answers/s' },
        ratio: value / serverOurs,
        target: '≥ 0.8 × server',
        pass: value >= 0.8 * serverOurs,
      });
    }
  } finally {
    await embedded.stop();
  }
  return rows;
}

runIfMain(import.meta.url, 'answer-throughput', run);
