import { and, count, eq, gt, isNull, lte, min, or, sql } from 'drizzle-orm';
import { MEMORY_STATE, type MemoryState, memoryOf } from '../../domain/memory.js';
import type { Database } from '../client.js';
import { itemStates, items, type users } from '../schema/index.js';

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

/**
 * Items the member has started whose due time has come, in served (not retired) items: the rule /study serves by
 * (next-items.ts spells the same in its own statement).
 */
function dueCondition(p: { userId: string | typeof users.id; now: Date; deckId?: string | null }) {
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

/**
 * How many items are due for the member, as a query: awaited on its own ({@link countDueItems}), or set inside a
 * statement that counts for many members at once, `userId` then being the users table's id column.
 */
export function dueItemCount(
  db: Database,
  p: { userId: string | typeof users.id; now: Date; deckId?: string | null },
) {
  return db
    .select({ value: count() })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(dueCondition(p));
}

export async function countDueItems(
  db: Database,
  p: { userId: string; now: Date; deckId?: string | null },
): Promise<number> {
  const [row] = await dueItemCount(db, p);
  return row?.value ?? 0;
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
