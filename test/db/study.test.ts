import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewBasis } from '../../src/db/repositories/answers.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { countDueItems, findMemory, findNextDueAfter } from '../../src/db/repositories/item-states.js';
import { findNextItems } from '../../src/db/repositories/next-items.js';
import { createSession, findSession, moveSessionIfAt } from '../../src/db/repositories/study-sessions.js';
import { guildMembers, guilds, itemStates, items, reviewLogs, users } from '../../src/db/schema/index.js';
import { MEMORY_STATE, memoryOf } from '../../src/domain/memory.js';
import { moveToNext, type StudySession } from '../../src/domain/study-session.js';
import { readAnswerBasis, recordStudyAnswer, undoStudyAnswer } from '../../src/services/answers.js';
import { loadFixtureContent } from '../support/content.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { insertItemState, insertReviewLog, insertSession, insertUser } from '../support/rows.js';

const now = new Date('2026-03-02T01:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const GUILD = '900000000000000001';
const flashcard = () => ({ kind: 'flashcard' }) as const;

describe.each(testDrivers)('study storage on %s', (driver) => {
  let database: TestDatabase;
  // Each test has a member of its own, so no test depends on what another left behind.
  let members = 0;
  let MEMBER: string;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    await syncContent(database.db, await loadFixtureContent(), minutesAgo(60 * 24));
  });
  beforeEach(async () => {
    members += 1;
    MEMBER = `10000000000000${String(members).padStart(4, '0')}`;
    await insertUser(database.db, {
      id: MEMBER,
      streakCurrent: 3,
      streakBest: 5,
      streakLastDay: '2026-03-01',
    });
  });
  afterAll(async () => {
    await database?.destroy();
  });
  const logsOf = (userId: string) =>
    database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, userId));

  function answer(
    session: StudySession,
    itemId = session.queue[session.position] as string,
    basis?: ReviewBasis,
  ) {
    return recordStudyAnswer(database, {
      ...(basis ? { basis } : {}),
      session,
      userId: MEMBER,
      answer: { itemId, grade: { by: 'member', rating: 3 }, correct: true, responseMs: 4000 },
      move: moveToNext(session, flashcard, now, 1),
      now,
      zone: 'Asia/Seoul',
      targetRetention: 0.9,
    });
  }

  describe('an answer', () => {
    it('writes the state, the streak, the log, the membership and the session together', async () => {
      const session = await insertSession(database.db, {
        userId: MEMBER,
        guildId: GUILD,
        queue: ['fx-flash', 'fx-choice'],
        startedAt: minutesAgo(1),
      });
      const recorded = await answer(session);
      if (!recorded.ok) throw new Error(recorded.reason);
      const [log] = await logsOf(MEMBER);
      expect(recorded.session).toMatchObject({ position: 1, answered: 1, correct: 1, lastReviewId: log?.id });
      expect(recorded.session.version).toBe(session.version + 1);
      // The moved session is built by the bot, not read back: it must be the row as stored, to the field.
      expect(recorded.session).toEqual(await findSession(database.sql, session.id));
      expect(log).toMatchObject({
        userId: MEMBER,
        itemId: 'fx-flash',
        guildId: GUILD,
        sessionId: session.id,
      });
      expect(log?.xp).toBe(recorded.decision.xp);
      expect(await findMemory(database.db, MEMBER, 'fx-flash')).toEqual(recorded.decision.memoryAfter);
      const [user] = await database.db.select().from(users).where(eq(users.id, MEMBER));
      expect({ current: user?.streakCurrent, best: user?.streakBest, lastDay: user?.streakLastDay }).toEqual(
        recorded.decision.streakAfter,
      );
      const membership = await database.db.select().from(guildMembers).where(eq(guildMembers.userId, MEMBER));
      expect(membership).toMatchObject([{ guildId: GUILD, userId: MEMBER }]);
    });

    it('refused under lock writes nothing, not even the state it locked', async () => {
      const session = await insertSession(database.db, {
        userId: MEMBER,
        queue: ['fx-flash'],
        startedAt: now,
      });
      const stale = await answer({ ...session, version: session.version + 1 });
      expect(stale).toEqual({ ok: false, reason: 'stale' });
      expect(await answer(session, 'fx-choice')).toEqual({ ok: false, reason: 'stale' });
      expect(await database.db.select().from(itemStates).where(eq(itemStates.userId, MEMBER))).toEqual([]);
      expect(await logsOf(MEMBER)).toEqual([]);
      expect(await findSession(database.sql, session.id)).toEqual(session);
    });

    it('counts once when the same press arrives twice', async () => {
      const session = await insertSession(database.db, {
        userId: MEMBER,
        queue: ['fx-flash'],
        startedAt: now,
      });
      const results = await Promise.all([answer(session), answer(session)]);
      expect(results.map((result) => result.ok).sort()).toEqual([false, true]);
      expect(await logsOf(MEMBER)).toHaveLength(1);
    });

    it('decides an answer again when another answer of the member moved the item between its read and its write', async () => {
      const [first, second] = await Promise.all(
        [0, 1].map(() =>
          insertSession(database.db, { userId: MEMBER, guildId: GUILD, queue: ['fx-flash'], startedAt: now }),
        ),
      );
      if (!first || !second) throw new Error('sessions missing');
      // Read before the first answer lands, as a press in the second session could have: its write finds the
      // item state created in between, writes nothing, and the answer is decided again from what is stored now.
      const stale = await readAnswerBasis(database, { userId: MEMBER, itemId: 'fx-flash' });
      expect(stale.state).toBeNull();
      const earlier = await answer(first);
      const later = await answer(second, 'fx-flash', stale);
      expect([earlier.ok, later.ok]).toEqual([true, true]);
      const logs = await logsOf(MEMBER);
      expect(logs).toHaveLength(2);
      const memory = await findMemory(database.db, MEMBER, 'fx-flash');
      expect(memory?.reps).toBe(2);
      // The later answer was decided from the earlier one's memory, as if they had come one after the other.
      expect(later.ok && later.decision.memoryAfter).toEqual(memory);
      const [state] = await database.db.select().from(itemStates).where(eq(itemStates.userId, MEMBER));
      expect(state?.version).toBe(2);
      expect(
        await database.db.select().from(guildMembers).where(eq(guildMembers.userId, MEMBER)),
      ).toHaveLength(1);
    });

    it("lists the member on the server's board from the session's first answer", async () => {
      const session = await insertSession(database.db, {
        userId: MEMBER,
        guildId: GUILD,
        queue: ['fx-flash', 'fx-choice'],
        startedAt: now,
      });
      const recorded = await answer(session);
      if (!recorded.ok) throw new Error(recorded.reason);
      const membership = () => database.db.select().from(guildMembers).where(eq(guildMembers.userId, MEMBER));
      expect(await membership()).toMatchObject([{ guildId: GUILD, firstStudiedAt: now }]);
      const second = await answer(recorded.session);
      expect(second.ok).toBe(true);
      expect(await membership()).toHaveLength(1);
    });
  });

  describe('undo', () => {
    it('puts back the state and streak the answer replaced, removes its log row and returns to the item', async () => {
      await insertItemState(database.db, {
        userId: MEMBER,
        itemId: 'fx-flash',
        memory: { state: MEMORY_STATE.review, due: minutesAgo(10), stability: 4, difficulty: 6, reps: 3 },
      });
      const stateBefore = await findMemory(database.db, MEMBER, 'fx-flash');
      const session = await insertSession(database.db, {
        userId: MEMBER,
        queue: ['fx-flash', 'fx-choice'],
        startedAt: minutesAgo(1),
      });
      const recorded = await answer(session);
      if (!recorded.ok) throw new Error(recorded.reason);
      const undone = await undoStudyAnswer(database, {
        session: recorded.session,
        userId: MEMBER,
        itemAt: flashcard,
        now,
        seed: 1,
      });
      if (!undone.ok) throw new Error(undone.reason);
      expect(undone.session).toMatchObject({ position: 0, answered: 0, correct: 0, lastReviewId: null });
      expect(await findMemory(database.db, MEMBER, 'fx-flash')).toEqual(stateBefore);
      expect(await logsOf(MEMBER)).toEqual([]);
      const [user] = await database.db.select().from(users).where(eq(users.id, MEMBER));
      expect(user).toMatchObject({ streakCurrent: 3, streakBest: 5, streakLastDay: '2026-03-01' });
    });

    it('has nothing to take back in a session without answers', async () => {
      const session = await insertSession(database.db, {
        userId: MEMBER,
        queue: ['fx-flash'],
        startedAt: now,
      });
      const undone = await undoStudyAnswer(database, {
        session,
        userId: MEMBER,
        itemAt: flashcard,
        now,
        seed: 1,
      });
      expect(undone).toEqual({ ok: false, reason: 'nothing-to-undo' });
    });
  });

  describe('starting a session', () => {
    it("ends the member's open sessions, gives the server its row, and returns the session as stored", async () => {
      const guild = '900000000000000777';
      const earlier = await insertSession(database.db, {
        userId: MEMBER,
        queue: ['fx-flash'],
        startedAt: now,
      });
      const step = { stage: 'question' as const, shownAt: now.toISOString(), shuffle: [2, 0, 1], picked: [] };
      const session = await createSession(database.sql, {
        userId: MEMBER,
        guildId: guild,
        deckId: null,
        queue: ['fx-choice', 'fx-flash'],
        step,
        now,
      });
      expect(session).toMatchObject({
        userId: MEMBER,
        guildId: guild,
        queue: ['fx-choice', 'fx-flash'],
        step,
      });
      expect(session.finishedAt).toBeNull();
      expect(await findSession(database.sql, session.id)).toEqual(session);
      expect(await findSession(database.sql, earlier.id)).toMatchObject({
        finishedAt: now,
        version: earlier.version + 1,
      });
      expect(await database.db.select().from(guilds).where(eq(guilds.id, guild))).toHaveLength(1);
      // A session with nothing to study is over as it starts; a DM session needs no server row.
      const empty = await createSession(database.sql, {
        userId: MEMBER,
        guildId: null,
        deckId: null,
        queue: [],
        step,
        now,
      });
      expect(empty.finishedAt).toEqual(now);
      expect(await findSession(database.sql, session.id)).toMatchObject({ finishedAt: now });
    });
  });

  describe('moving a session', () => {
    it('moves only a session still open at the expected version', async () => {
      const session = await insertSession(database.db, {
        userId: MEMBER,
        queue: ['fx-flash'],
        startedAt: now,
      });
      const move = { position: 0, step: { ...session.step, stage: 'revealed' as const }, finishedAt: null };
      const target = { sessionId: session.id, userId: MEMBER, move };
      expect(
        await moveSessionIfAt(database.db, { ...target, expectedVersion: session.version + 1 }),
      ).toBeNull();
      const moved = await moveSessionIfAt(database.db, { ...target, expectedVersion: session.version });
      expect(moved).toMatchObject({ version: session.version + 1, step: { stage: 'revealed' } });
      expect(await moveSessionIfAt(database.db, { ...target, expectedVersion: session.version })).toBeNull();
    });
  });

  describe('what is due', () => {
    const nextItems = (since = minutesAgo(60)) =>
      findNextItems(database.sql, {
        userId: MEMBER,
        now,
        dayStart: since,
        deckId: null,
        guildId: null,
        dailyNewLimit: 10,
        maxNew: 10,
      });

    beforeEach(async () => {
      const review = { state: MEMORY_STATE.review, stability: 3, difficulty: 5 };
      await insertItemState(database.db, {
        userId: MEMBER,
        itemId: 'fx-choice',
        memory: { ...review, due: minutesAgo(5) },
      });
      await insertItemState(database.db, {
        userId: MEMBER,
        itemId: 'fx-order',
        memory: { ...review, due: minutesAgo(50) },
      });
      await insertItemState(database.db, {
        userId: MEMBER,
        itemId: 'fx-cloze',
        memory: { ...review, due: minutesAgo(-30) },
      });
    });

    it('lists due items most overdue first, and the next one to come', async () => {
      const { due } = await nextItems();
      expect(due.map((candidate) => candidate.itemId)).toEqual(['fx-order', 'fx-choice']);
      expect(await countDueItems(database.db, { userId: MEMBER, now })).toBe(2);
      expect(await findNextDueAfter(database.db, MEMBER, now)).toEqual(minutesAgo(-30));
    });

    it('leaves out items retired from the decks', async () => {
      await database.db.update(items).set({ retiredAt: now }).where(eq(items.id, 'fx-order'));
      try {
        const { due } = await nextItems();
        expect(due.map((candidate) => candidate.itemId)).toEqual(['fx-choice']);
      } finally {
        await database.db.update(items).set({ retiredAt: null }).where(eq(items.id, 'fx-order'));
      }
    });

    it('offers the items never started, in deck order', async () => {
      expect((await nextItems()).newItemIds).toEqual(['fx-flash', 'fx-scenario']);
    });

    it("counts the new items started since the start of the member's day", async () => {
      await insertReviewLog(database.db, { userId: MEMBER, itemId: 'fx-flash', reviewedAt: minutesAgo(30) });
      await insertReviewLog(database.db, {
        userId: MEMBER,
        itemId: 'fx-choice',
        reviewedAt: minutesAgo(20),
        stateBefore: MEMORY_STATE.review,
      });
      await insertReviewLog(database.db, {
        userId: MEMBER,
        itemId: 'fx-order',
        reviewedAt: minutesAgo(60 * 20),
      });
      const counted = await nextItems(minutesAgo(60));
      expect(counted.startedToday).toBe(1);
      expect(counted.reviewedToday).toBe(1);
    });
  });

  it('reads a stored memory back as it was written', async () => {
    const row = await insertItemState(database.db, {
      userId: MEMBER,
      itemId: 'fx-flash',
      memory: { state: MEMORY_STATE.relearning, due: now, lastReview: minutesAgo(3), lapses: 2 },
    });
    expect(await findMemory(database.db, MEMBER, 'fx-flash')).toEqual(memoryOf(row));
  });
});
