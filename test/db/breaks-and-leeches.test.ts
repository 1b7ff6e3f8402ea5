import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildCatalog, type ContentCatalog } from '../../src/content/catalog.js';
import { type LoadedContent, loadContent } from '../../src/content/load.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { itemStates, reviewLogs } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import { renderStudyScreen } from '../../src/discord/views/study/study-screen.js';
import { DEFAULT_BACKLOG_DAILY_CAP } from '../../src/domain/backlog.js';
import { MEMORY_STATE, type MemoryState, memoryOf } from '../../src/domain/memory.js';
import { retrievability } from '../../src/domain/scheduling.js';
import { SESSION_LENGTH } from '../../src/domain/session.js';
import {
  type ClozeModal,
  handleStudyAction,
  type StudyResult,
  type StudyScreen,
  startStudy,
} from '../../src/services/study.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { testDeps } from '../support/deps.js';

const config = parseConfig({ DEFAULT_TIMEZONE: 'UTC', LOG_LEVEL: 'silent' });
const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');

async function realDecks(): Promise<LoadedContent> {
  const loaded = await loadContent(fileURLToPath(new URL('../../content/', import.meta.url)));
  if (!loaded.ok) throw new Error('the decks do not load');
  return loaded.content;
}

/** A learned item last reviewed `daysAgo` with `stability`, due `overdueDays` ago. */
function learned(p: {
  stability: number;
  daysAgo: number;
  overdueDays: number;
  lapses?: number;
  difficulty?: number;
}) {
  return {
    due: new Date(NOW.getTime() - p.overdueDays * DAY),
    stability: p.stability,
    difficulty: p.difficulty ?? 5,
    elapsedDays: 0,
    scheduledDays: p.daysAgo - p.overdueDays,
    learningSteps: 0,
    reps: 4,
    lapses: p.lapses ?? 0,
    state: MEMORY_STATE.review,
    lastReview: new Date(NOW.getTime() - p.daysAgo * DAY),
  } satisfies MemoryState;
}

const target = (session: { id: number; version: number }) => ({
  sessionId: session.id,
  version: session.version,
});

const itemScreen = (result: StudyResult<StudyScreen | ClozeModal>) => {
  if (!result.ok || result.screen.type !== 'item')
    throw new Error(`expected an item screen, got ${JSON.stringify(result)}`);
  return result.screen;
};

describe.each(testDrivers)('breaks, backlogs and leeches in sessions on %s', (driver) => {
  let database: TestDatabase;
  let content: LoadedContent;
  let catalog: ContentCatalog;
  let now = NOW;
  let deps: Deps;
  const itemIds = () => content.decks.flatMap((deck) => deck.items.map((item) => item.id));

  beforeAll(async () => {
    content = await realDecks();
    catalog = buildCatalog(content);
    database = await createTestDatabase(driver);
    await syncContent(database.db, content, NOW);
    deps = testDeps({ db: database.db, clock: () => now, catalog, config });
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('serves a backlog most at risk first, capped per day, and says how many days it takes', async () => {
    const userId = 'back-from-a-break';
    await findOrCreateUser(database.db, userId);
    const ids = itemIds().slice(0, 120);
    // 120 items due after a break, with different stabilities: some nearly forgotten, some still strong.
    await database.db.insert(itemStates).values(
      ids.map((itemId, i) => ({
        userId,
        itemId,
        ...learned({ stability: 2 + ((i * 37) % 60), daysAgo: 20, overdueDays: 5 + (i % 10) }),
      })),
    );
    const first = itemScreen(await startStudy(deps, { userId, guildId: null }, null));
    expect(first.session.queue).toHaveLength(SESSION_LENGTH);
    const rows = await database.db.select().from(itemStates).where(eq(itemStates.userId, userId));
    const risk = new Map(rows.map((row) => [row.itemId, retrievability(memoryOf(row), now)]));
    const served = first.session.queue.map((id) => risk.get(id) as number);
    const others = [...risk.entries()].filter(([id]) => !first.session.queue.includes(id)).map(([, r]) => r);
    expect(Math.max(...served)).toBeLessThanOrEqual(Math.min(...others));
    expect(served).toEqual([...served].sort((a, b) => a - b));
    // No new items while the backlog lasts.
    expect(first.session.queue.every((id) => risk.has(id))).toBe(true);

    // The day's cap reached: nothing more today, and the member is told how long the rest will take.
    await database.db.insert(reviewLogs).values(
      Array.from({ length: DEFAULT_BACKLOG_DAILY_CAP }, (_, i) => ({
        userId,
        itemId: ids[i] as string,
        rating: 3,
        correct: true,
        stateBefore: MEMORY_STATE.review,
        wasDue: true,
        scheduledDays: 3,
        dueAfter: now,
        xp: 0,
        durationMs: 3000,
        reviewedAt: new Date(now.getTime() - 60_000),
        undo: {} as never,
      })),
    );
    const capped = await startStudy(deps, { userId, guildId: null }, null);
    expect(capped.ok && capped.screen.type).toBe('empty');
    if (capped.ok && capped.screen.type === 'empty')
      expect(capped.screen.backlog).toEqual({ due: 120, dailyCap: DEFAULT_BACKLOG_DAILY_CAP, days: 3 });
  });

  it('shows a leech’s explanation first, and puts it aside until tomorrow after two misses in a day', async () => {
    const userId = 'keeps-forgetting';
    await findOrCreateUser(database.db, userId);
    const flashcard = content.decks.flatMap((deck) => deck.items).find((item) => item.kind === 'flashcard');
    if (!flashcard) throw new Error('the decks have no flashcard');
    await database.db.insert(itemStates).values({
      userId,
      itemId: flashcard.id,
      ...learned({ stability: 1, daysAgo: 3, overdueDays: 1, lapses: 5, difficulty: 9.2 }),
    });
    const missOnce = async () => {
      const screen = itemScreen(await startStudy(deps, { userId, guildId: null }, null));
      expect(screen.current.item.id).toBe(flashcard.id);
      expect(screen.leech).toBe(true);
      // Drawn with the explanation before the question is answered.
      const [embed] = renderStudyScreen(screen, 'ko', now).embeds;
      expect(embed?.title).toContain('자꾸 잊는 항목');
      expect(embed?.fields?.[0]?.value).toBe(flashcard.explanation.ko.slice(0, 1024));
      const revealed = itemScreen(
        await handleStudyAction(deps, { userId, guildId: null }, target(screen.session), {
          action: 'reveal',
        }),
      );
      return handleStudyAction(deps, { userId, guildId: null }, target(revealed.session), {
        action: 'grade',
        rating: 1,
      });
    };
    expect((await missOnce()).ok).toBe(true);
    now = new Date(now.getTime() + 15 * 60_000); // its relearning step has passed
    expect((await missOnce()).ok).toBe(true);
    const [state] = await database.db
      .select({ suspendedUntil: itemStates.suspendedUntil, due: itemStates.due })
      .from(itemStates)
      .where(and(eq(itemStates.userId, userId), eq(itemStates.itemId, flashcard.id)));
    expect(state?.suspendedUntil).toEqual(new Date('2026-05-21T00:00:00Z'));
    now = new Date(now.getTime() + 30 * 60_000);
    const later = await startStudy(deps, { userId, guildId: null }, null);
    // Due again by its schedule, but put aside: new items are served instead.
    expect(later.ok && later.screen.type === 'item' && later.screen.current.item.id).not.toBe(flashcard.id);
    now = new Date('2026-05-21T00:30:00Z');
    const tomorrow = itemScreen(await startStudy(deps, { userId, guildId: null }, null));
    expect(tomorrow.current.item.id).toBe(flashcard.id);
  });
});
