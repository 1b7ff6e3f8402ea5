// Answer throughput: 8 workers, one member each, answering through recordStudyAnswer (the transaction behind
// every grade press: lock the session, the state and the member, decide the answer, write the state, the log, the
// streak and the session moved on), in sessions of 20 items as /study plans them. Beside pgbench's TPC-B on the same server, in the same run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadContent } from '../src/content/load.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { syncContent } from '../src/db/repositories/content-sync.js';
import { createSession } from '../src/db/repositories/study-sessions.js';
import { findOrCreateUser } from '../src/db/repositories/users.js';
import { SESSION_LENGTH } from '../src/domain/session.js';
import { moveToNext } from '../src/domain/study-session.js';
import { recordStudyAnswer } from '../src/services/answers.js';
import { writeFlashcardDeck } from '../test/fault/support/flashcard-deck.js';
import {
  type BenchRow,
  createScratchDatabase,
  findPgbench,
  log,
  median,
  pgbenchInit,
  pgbenchTps,
  runIfMain,
  serverReachable,
} from './lib.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** Runs 8 workers for `seconds` and returns answers per second. */
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
      let session = await createSession(database.db, {
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
  const started = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
  return answers / ((performance.now() - started) / 1000);
}

async function prepare(database: DatabaseHandle, contentDir: string): Promise<string[]> {
  const loaded = await loadContent(contentDir);
  if (!loaded.ok) throw new Error('bench deck is broken');
  await syncContent(database.db, loaded.content, new Date());
  return loaded.content.decks.flatMap((deck) => deck.items.map((item) => item.id));
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const contentDir = await writeFlashcardDeck(200);
  try {
    if ((await serverReachable()) && findPgbench()) {
      const app = await createScratchDatabase('answers');
      const tpcb = await createScratchDatabase('pgbench');
      const database = await openDatabase({ driver: 'postgres', url: app.url, maxConnections: WORKERS });
      try {
        const itemIds = await prepare(database, contentDir);
        log('pgbench -i -s 8');
        await pgbenchInit(tpcb.url, 8);
        const ours: number[] = [];
        const theirs: number[] = [];
        for (let round = 1; round <= ROUNDS; round++) {
          log(`round ${round}: pgbench -c 8 -j 2 -T ${SECONDS}`);
          theirs.push(await pgbenchTps(tpcb.url, 8, 2, SECONDS));
          log(`round ${round}: recordStudyAnswer x ${WORKERS} workers, ${SECONDS} s`);
          ours.push(await answerRate(database, itemIds, SECONDS, round));
          log(
            `round ${round}: answers ${ours.at(-1)?.toFixed(0)}/s, pgbench ${theirs.at(-1)?.toFixed(0)} tps`,
          );
        }
        const value = median(ours);
        const reference = median(theirs);
        rows.push({
          bench: 'answer throughput',
          figure: `server, ${WORKERS} workers (median of ${ROUNDS})`,
          value,
          unit: 'answers/s',
          reference: { name: 'pgbench TPC-B -c 8 -j 2', value: reference, unit: 'tps' },
          ratio: value / reference,
          target: '≥ 0.8 × pgbench',
          pass: value >= 0.8 * reference,
          note: `rounds: answers ${ours.map((v) => v.toFixed(0)).join(', ')}; pgbench ${theirs.map((v) => v.toFixed(0)).join(', ')}`,
        });
      } finally {
        await database.close();
        await app.drop();
        await tpcb.drop();
      }
    } else {
      log('no server or no pgbench: server figure skipped');
    }

    if (process.env.BENCH_SKIP_PGLITE) return rows;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'boksup-bench-pglite-'));
    const database = await openDatabase({ driver: 'pglite', dataDir });
    try {
      const itemIds = await prepare(database, contentDir);
      const rates: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        log(`round ${round}: PGlite recordStudyAnswer x ${WORKERS} workers, ${SECONDS} s`);
        rates.push(await answerRate(database, itemIds, SECONDS, round));
      }
      rows.push({
        bench: 'answer throughput',
        figure: `PGlite (file), ${WORKERS} workers (median of ${ROUNDS})`,
        value: median(rates),
        unit: 'answers/s',
        note: `rounds: ${rates.map((v) => v.toFixed(0)).join(', ')}; one connection, transactions run one at a time`,
      });
    } finally {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  } finally {
    await rm(contentDir, { recursive: true, force: true });
  }
  return rows;
}

runIfMain(import.meta.url, 'answer-throughput', run);
