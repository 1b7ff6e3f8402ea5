import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedContent } from '../../src/content/load.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { findMemory } from '../../src/db/repositories/item-states.js';
import { createSession } from '../../src/db/repositories/study-sessions.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { items } from '../../src/db/schema/index.js';
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

  it("editing an item's text updates it in place and keeps every member's state for it", async () => {
    await syncContent(database.db, content, now);
    await findOrCreateUser(database.db, '100000000000000001');
    const session = await createSession(database.db, {
      userId: '100000000000000001',
      guildId: null,
      deckId: null,
      queue: ['fx-flash'],
      step: { stage: 'revealed', shownAt: now.toISOString(), shuffle: [], picked: [] },
      now,
    });
    const answered = await recordStudyAnswer(database, {
      session,
      userId: '100000000000000001',
      answer: { itemId: 'fx-flash', grade: { by: 'member', rating: 3 }, correct: true, responseMs: 2000 },
      move: { position: 1, step: session.step, finishedAt: now },
      now,
      targetRetention: 0.9,
      zone: 'Asia/Seoul',
    });
    expect(answered.ok).toBe(true);
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
});
