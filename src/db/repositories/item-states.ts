import { and, asc, count, eq, gt, inArray, isNull, lte, min, or, sql } from 'drizzle-orm';
import { MEMORY_STATE, type MemoryState, memoryOf } from '../../domain/memory.js';
import type { DueCandidate } from '../../domain/session.js';
import type { Database } from '../client.js';
import { decks, itemStates, items } from '../schema/index.js';

/** Reads of the members' memory of items (item_states), alone or per deck. Writes go through answers.ts. */

export async function findMemory(db: Database, userId: string, itemId: string): Promise<MemoryState | null> {
  const [row] = await db
    .select()
    .from(itemStates)
    .where(and(eq(itemStates.userId, userId), eq(itemStates.itemId, itemId)))
    .prepare('find_memory')
    .execute();
  return row ? memoryOf(row) : null;
}

function deckFilter(deckId: string | null | undefined) {
  return deckId ? eq(items.deckId, deckId) : undefined;
}

/** Items the member has started whose due time has come, in served (not retired) items. */
function dueCondition(p: { userId: string; now: Date; deckId?: string | null }) {
  return and(
    eq(itemStates.userId, p.userId),
    lte(itemStates.due, p.now),
    sql`${itemStates.state} <> ${MEMORY_STATE.new}`,
    isNull(items.retiredAt),
    deckFilter(p.deckId),
    // A leech put aside for the day waits until its time, whatever its due date says.
    or(isNull(itemStates.suspendedUntil), lte(itemStates.suspendedUntil, p.now)),
  );
}

/** Every due item with its memory, for serving a backlog most-at-risk first (a member has a few hundred at most). */
export async function findDueMemories(
  db: Database,
  p: { userId: string; now: Date; deckId?: string | null },
): Promise<{ itemId: string; memory: MemoryState }[]> {
  const rows = await db
    .select()
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(dueCondition(p));
  return rows.map((row) => ({ itemId: row.item_states.itemId, memory: memoryOf(row.item_states) }));
}

/** Puts a leech aside until `until` (the start of the member's next local day). */
export async function suspendItem(
  db: Database,
  p: { userId: string; itemId: string; until: Date },
): Promise<void> {
  await db
    .update(itemStates)
    .set({ suspendedUntil: p.until })
    .where(and(eq(itemStates.userId, p.userId), eq(itemStates.itemId, p.itemId)));
}

/** The member's items due at `now` (retired items excluded), most overdue first. */
export async function findDueItems(
  db: Database,
  p: { userId: string; now: Date; deckId?: string | null; limit: number },
): Promise<DueCandidate[]> {
  const rows = await db
    .select({ itemId: itemStates.itemId, due: itemStates.due })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(dueCondition(p))
    .orderBy(asc(itemStates.due))
    .limit(p.limit);
  return rows;
}

export async function countDueItems(
  db: Database,
  p: { userId: string; now: Date; deckId?: string | null },
): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(dueCondition(p));
  return row?.value ?? 0;
}

/** Items the member has never answered, in deck order. */
export async function findNewItemIds(
  db: Database,
  p: {
    userId: string;
    deckId?: string | null;
    /** Without a deck: the built-in decks and this server's own (none of another server's). */
    guildId?: string | null;
    limit: number;
  },
): Promise<string[]> {
  if (p.limit <= 0) return [];
  const visibleDecks = p.deckId
    ? undefined
    : inArray(
        items.deckId,
        db
          .select({ id: decks.id })
          .from(decks)
          .where(p.guildId ? or(isNull(decks.guildId), eq(decks.guildId, p.guildId)) : isNull(decks.guildId)),
      );
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .leftJoin(itemStates, and(eq(itemStates.itemId, items.id), eq(itemStates.userId, p.userId)))
    .where(
      and(
        isNull(items.retiredAt),
        deckFilter(p.deckId),
        visibleDecks,
        sql`(${itemStates.id} is null or ${itemStates.state} = ${MEMORY_STATE.new})`,
      ),
    )
    .orderBy(sql`(select position from decks where decks.id = ${items.deckId})`, asc(items.position))
    .limit(p.limit);
  return rows.map((row) => row.id);
}

/** The soonest due instant after `now` among the member's live items. */
export async function findNextDueAfter(
  db: Database,
  userId: string,
  now: Date,
  deckId: string | null = null,
): Promise<Date | null> {
  const [row] = await db
    .select({ value: min(itemStates.due) })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(
      and(
        eq(itemStates.userId, userId),
        gt(itemStates.due, now),
        isNull(items.retiredAt),
        deckFilter(deckId),
      ),
    );
  return row?.value ?? null;
}

export interface DeckProgress {
  deckId: string;
  total: number;
  /** Never answered. */
  fresh: number;
  learning: number;
  dueToday: number;
}

/**
 * Per deck: size, items never seen, items in (re)learning, and items due before `dueBy` (the end of today).
 * Instants go through column operators (`lte`), never bare into sql``: postgres.js cannot bind a Date there.
 */
export async function findDeckProgress(db: Database, userId: string, dueBy: Date): Promise<DeckProgress[]> {
  const rows = await db
    .select({
      deckId: items.deckId,
      total: count(),
      seen: sql<number>`count(${itemStates.id}) filter (where ${itemStates.state} <> ${MEMORY_STATE.new})`.mapWith(
        Number,
      ),
      learning:
        sql<number>`count(${itemStates.id}) filter (where ${itemStates.state} in (${MEMORY_STATE.learning}, ${MEMORY_STATE.relearning}))`.mapWith(
          Number,
        ),
      dueToday:
        sql<number>`count(${itemStates.id}) filter (where ${itemStates.state} <> ${MEMORY_STATE.new} and ${lte(itemStates.due, dueBy)})`.mapWith(
          Number,
        ),
    })
    .from(items)
    .leftJoin(itemStates, and(eq(itemStates.itemId, items.id), eq(itemStates.userId, userId)))
    .where(isNull(items.retiredAt))
    .groupBy(items.deckId);
  return rows.map((row) => ({
    deckId: row.deckId,
    total: row.total,
    fresh: row.total - row.seen,
    learning: row.learning,
    dueToday: row.dueToday,
  }));
}
