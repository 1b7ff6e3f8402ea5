// The bot's own JavaScript per answer, without a database: deciding the answer (FSRS, the streak, local dates)
// and composing the write (its forty values, then the moved session), the part of an answer's CPU that is neither
// the driver's nor the server's. The write goes to a client that answers at once; the same-run reference is that
// client called alone, the floor under the composed write. Each figure is the median of BENCH_ROUNDS rounds (5) of
// BENCH_CALLS calls (100,000) after as many calls to warm up.

import type { SqlClient } from '../src/db/client.js';
import { writeStudyAnswer } from '../src/db/repositories/answers.js';
import { decideAnswer } from '../src/domain/answer.js';
import { newMemoryState } from '../src/domain/memory.js';
import { scheduleReview } from '../src/domain/scheduling.js';
import { moveToNext, type StudySession, sessionAfterAnswer } from '../src/domain/study-session.js';
import { type BenchRow, median, runIfMain } from './lib.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);

/** Microseconds per call of `call`, the median of the rounds. */
async function microsecondsPerCall(
  call: (i: number) => unknown,
): Promise<{ median: number; rounds: number[] }> {
  const rounds: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) await call(i);
    // The first round warms the code up and is not counted.
    if (round > 0) rounds.push(((performance.now() - started) * 1000) / CALLS);
  }
  return { median: median(rounds), rounds };
}

export async function run(): Promise<BenchRow[]> {
  const now = new Date('2026-12-01T10:00:00Z');
  // A card in review, answered Good the next morning in Seoul: the common grade press.
  const first = new Date('2026-11-01T10:00:00Z');
  const memory = scheduleReview(
    scheduleReview(newMemoryState(first), 3, first, 0.9),
    3,
    new Date('2026-11-02T10:00:00Z'),
    0.9,
  );
  const streak = { current: 3, best: 5, lastDay: '2026-11-30' };
  const decide = (at: Date) =>
    decideAnswer({
      memoryBefore: memory,
      streakBefore: streak,
      grade: { by: 'member', rating: 3 },
      now: at,
      zone: 'Asia/Seoul',
      targetRetention: 0.9,
    });
  const session: StudySession = {
    id: 5,
    userId: '100000000000000001',
    guildId: '900000000000000001',
    deckId: null,
    queue: Array.from({ length: 20 }, (_, i) => `deck-item-${i}`),
    position: 3,
    step: { stage: 'revealed', shownAt: now.toISOString(), shuffle: [], picked: [] },
    version: 7,
    answered: 3,
    correct: 3,
    timeSpentMs: 12_000,
    lastReviewId: 99,
    startedAt: now,
    finishedAt: null,
  };
  const decision = decide(now);
  const moved = sessionAfterAnswer(
    session,
    moveToNext(session, () => ({ kind: 'flashcard' }), now, 1),
    {
      correct: true,
      responseMs: 4000,
    },
  );
  const written = [{ review_id: '100' }];
  const client = { unsafe: async () => written } as unknown as SqlClient;

  const deciding = await microsecondsPerCall((i) => decide(new Date(now.getTime() + i)));
  const writing = await microsecondsPerCall(() =>
    writeStudyAnswer(client, {
      userId: session.userId,
      itemId: 'deck-item-3',
      basis: { state: { id: 1, version: 2, memory }, streak },
      guildId: session.guildId,
      sessionId: session.id,
      before: session,
      correct: true,
      responseMs: 4000,
      now,
      decision,
      session: moved,
    }),
  );
  const floor = await microsecondsPerCall(() => client.unsafe('select 1', []));
  const list = (rounds: number[]) => rounds.map((value) => value.toFixed(2)).join(', ');
  return [
    {
      bench: 'answer cpu',
      figure: `decideAnswer, a review answered Good (median of ${ROUNDS} × ${CALLS})`,
      value: deciding.median,
      unit: 'µs per call',
      note: `rounds ${list(deciding.rounds)}`,
    },
    {
      bench: 'answer cpu',
      figure: `writeStudyAnswer's own work: the values composed, the moved session built (median of ${ROUNDS} × ${CALLS})`,
      value: writing.median,
      unit: 'µs per call',
      reference: { name: 'the client that answers at once, called alone', value: floor.median, unit: 'µs' },
      ratio: writing.median / floor.median,
      note: `rounds ${list(writing.rounds)}; the client alone ${list(floor.rounds)}`,
    },
  ];
}

runIfMain(import.meta.url, 'answer-cpu', run);
