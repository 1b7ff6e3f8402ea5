import { and, asc, count, eq, gt, isNull, lte, min, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
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
  );
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

export interface StudyCandidates {
  /** Due items, most overdue first (at most `limit`). */
  due: DueCandidate[];
  /** Items never answered, in deck order (at most `newLimit`). */
  newItemIds: string[];
}

const deckParam = sql.placeholder('deckId');
const inDeck = sql`(${deckParam}::text is null or ${items.deckId} = ${deckParam}::text)`;

/**
 * What a session can serve the member next, due items and new ones, in one prepared statement (one round trip):
 * the due items through the (user_id, due) index, the new ones as an anti-join against the member's states.
 */
export async function findStudyCandidates(
  db: Database,
  p: { userId: string; now: Date; deckId?: string | null; limit: number; newLimit: number },
): Promise<StudyCandidates> {
  const due = db
    .select({
      itemId: itemStates.itemId,
      due: sql`${itemStates.due}`.mapWith((value: string | Date | null) =>
        value === null ? null : new Date(value),
      ),
      isNew: sql<boolean>`false`.as('is_new'),
    })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(
      and(
        eq(itemStates.userId, sql.placeholder('userId')),
        lte(itemStates.due, sql.placeholder('now')),
        sql`${itemStates.state} <> ${MEMORY_STATE.new}`,
        isNull(items.retiredAt),
        inDeck,
      ),
    )
    .orderBy(asc(itemStates.due))
    .limit(sql.placeholder('limit'));
  const fresh = db
    .select({
      itemId: items.id,
      due: sql<Date | null>`null::timestamptz`,
      isNew: sql<boolean>`true`.as('is_new'),
    })
    .from(items)
    .innerJoin(decks, eq(decks.id, items.deckId))
    .where(
      and(
        isNull(items.retiredAt),
        inDeck,
        sql`not exists (select 1 from ${itemStates} where ${itemStates.userId} = ${sql.placeholder('userId')}
              and ${itemStates.itemId} = ${items.id} and ${itemStates.state} <> ${MEMORY_STATE.new})`,
      ),
    )
    .orderBy(asc(decks.position), asc(items.position))
    .limit(sql.placeholder('newLimit'));
  const rows = await unionAll(due, fresh)
    .prepare('study_candidates')
    .execute({
      userId: p.userId,
      // A placeholder's value goes to postgres.js as it is, which binds no Date: the instant as ISO text.
      now: p.now.toISOString(),
      deckId: p.deckId ?? null,
      limit: p.limit,
      newLimit: Math.max(0, p.newLimit),
    });
  return {
    due: rows.filter((row) => !row.isNew).map((row) => ({ itemId: row.itemId, due: row.due as Date })),
    newItemIds: rows.filter((row) => row.isNew).map((row) => row.itemId),
  };
}

/** The soonest due instant after `now` among the member's live items. */
export async function findNextDueAfter(db: Database, userId: string, now: Date): Promise<Date | null> {
  const [row] = await db
    .select({ value: min(itemStates.due) })
    .from(itemStates)
    .innerJoin(items, eq(items.id, itemStates.itemId))
    .where(and(eq(itemStates.userId, userId), gt(itemStates.due, now), isNull(items.retiredAt)));
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
