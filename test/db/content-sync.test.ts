import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LoadedContent, loadContent } from '../../src/content/load.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { findMemory } from '../../src/db/repositories/item-states.js';
import { findNextItems } from '../../src/db/repositories/next-items.js';
import { createSession } from '../../src/db/repositories/study-sessions.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { items, reviewLogs } from '../../src/db/schema/index.js';
import { SESSION_LENGTH } from '../../src/domain/session.js';
import { recordStudyAnswer } from '../../src/services/answers.js';
import { loadFixtureContent } from '../support/content.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';

const now = new Date('2026-03-02T00:00:00Z');

function withEditedFront(content: LoadedContent, itemId: string, ko: string): LoadedContent {
  return {
    ...content,
    decks: content.decks.map((deck) => ({
      ...deck,
      items: deck.items.map((item) =>
        item.id === itemId && item.kind === 'flashcard' ? { ...item, front: { ...item.front, ko } } : item,
      ),
    })),
  };
}

function without(content: LoadedContent, itemId: string): LoadedContent {
  return {
    ...content,
    decks: content.decks.map((deck) => ({ ...deck, items: deck.items.filter((item) => item.id !== itemId) })),
  };
}

describe.each(testDrivers)('content sync on %s', (driver) => {
  let database: TestDatabase;
  let content: LoadedContent;

  beforeEach(async () => {
    database = await createTestDatabase(driver);
    content = await loadFixtureContent();
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('adds every item on the first sync and changes nothing on the second', async () => {
    const first = await syncContent(database.db, content, now);
    expect(first).toEqual({ added: 5, updated: 0, retired: 0, unchanged: 0 });
    const before = await database.db.select().from(items);
    const second = await syncContent(database.db, content, new Date(now.getTime() + 60_000));
    expect(second).toEqual({ added: 0, updated: 0, retired: 0, unchanged: 5 });
    expect(await database.db.select().from(items)).toEqual(before);
  });

  /** A member answers `itemId` once, so they have a memory state and a review log for it. */
  async function answerOnce(itemId: string): Promise<void> {
    await findOrCreateUser(database.db, '100000000000000001');
    const session = await createSession(database.sql, {
      userId: '100000000000000001',
      guildId: null,
      deckId: null,
      queue: [itemId],
      step: { stage: 'revealed', shownAt: now.toISOString(), shuffle: [], picked: [] },
      now,
    });
    const answered = await recordStudyAnswer(database, {
      session,
      userId: '100000000000000001',
      answer: { itemId, grade: { by: 'member', rating: 3 }, correct: true, responseMs: 2000 },
      move: { position: 1, step: session.step, finishedAt: now },
      now,
      targetRetention: 0.9,
      zone: 'Asia/Seoul',
    });
    expect(answered.ok).toBe(true);
  }

  it("editing an item's text updates it in place and keeps every member's state for it", async () => {
    await syncContent(database.db, content, now);
    await answerOnce('fx-flash');
    const stateBefore = await findMemory(database.db, '100000000000000001', 'fx-flash');

    const report = await syncContent(
      database.db,
      withEditedFront(content, 'fx-flash', '이미지는 수정되는가?'),
      now,
    );
    expect(report).toEqual({ added: 0, updated: 1, retired: 0, unchanged: 4 });
    const [row] = await database.db.select().from(items).where(eq(items.id, 'fx-flash'));
    expect(row?.content).toMatchObject({ front: { ko: '이미지는 수정되는가?' } });
    expect(await findMemory(database.db, '100000000000000001', 'fx-flash')).toEqual(stateBefore);
  });

  it('retires an item deleted from the files, keeps its row, and serves it again when it returns', async () => {
    await syncContent(database.db, content, now);
    const report = await syncContent(database.db, without(content, 'fx-cloze'), now);
    expect(report.retired).toBe(1);
    const [retired] = await database.db.select().from(items).where(eq(items.id, 'fx-cloze'));
    expect(retired?.retiredAt).toEqual(now);
    const again = await syncContent(database.db, without(content, 'fx-cloze'), now);
    expect(again).toEqual({ added: 0, updated: 0, retired: 0, unchanged: 4 });
    const back = await syncContent(database.db, content, now);
    expect(back.updated).toBe(1);
    const [revived] = await database.db.select().from(items).where(eq(items.id, 'fx-cloze'));
    expect(revived?.retiredAt).toBeNull();
  });

  it("retiring an item keeps every member's memory and review history of it", async () => {
    await syncContent(database.db, content, now);
    await answerOnce('fx-cloze');
    const stateBefore = await findMemory(database.db, '100000000000000001', 'fx-cloze');
    const logsBefore = await database.db.select().from(reviewLogs).where(eq(reviewLogs.itemId, 'fx-cloze'));
    expect(logsBefore).toHaveLength(1);

    expect((await syncContent(database.db, without(content, 'fx-cloze'), now)).retired).toBe(1);
    expect(await findMemory(database.db, '100000000000000001', 'fx-cloze')).toEqual(stateBefore);
    expect(await database.db.select().from(reviewLogs).where(eq(reviewLogs.itemId, 'fx-cloze'))).toEqual(
      logsBefore,
    );
  });

  it("hands a new member the study decks' items in the order of the notes", async () => {
    const study = await loadContent(fileURLToPath(new URL('../../content/', import.meta.url)));
    if (!study.ok) throw new Error(`content does not load: ${JSON.stringify(study.problems)}`);
    await syncContent(database.db, study.content, now);
    await findOrCreateUser(database.db, '100000000000000002');
    const inNotesOrder = [...study.content.decks]
      .sort((a, b) => a.position - b.position)
      .flatMap((deck) => deck.items.map((item) => item.id));
    const { newItemIds: served } = await findNextItems(database.sql, {
      userId: '100000000000000002',
      now,
      dayStart: now,
      deckId: null,
      guildId: null,
      dailyNewLimit: SESSION_LENGTH,
      maxNew: SESSION_LENGTH,
    });
    expect(served).toEqual(inNotesOrder.slice(0, SESSION_LENGTH));
    expect(study.content.decks.find((deck) => deck.position === 0)?.items[0]?.section).toBe(
      study.content.sections[0]?.id,
    );
  });
});
