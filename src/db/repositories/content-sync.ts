import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { hashContent, type LoadedContent } from '../../content/load.js';
import type { Database } from '../client.js';
import { decks, items } from '../schema/index.js';

export interface SyncReport {
  added: number;
  updated: number;
  retired: number;
  unchanged: number;
}

/**
 * Brings the database in line with the deck files, in one transaction: new items are added, changed items updated
 * in place (ids are stable, so everyone's progress stays), items gone from the files retired (kept for history,
 * never served), and an item that comes back is served again. Running it twice changes nothing the second time.
 */
export async function syncContent(db: Database, content: LoadedContent, now: Date): Promise<SyncReport> {
  return db.transaction(async (tx) => {
    const report: SyncReport = { added: 0, updated: 0, retired: 0, unchanged: 0 };
    // Only built-in decks (no guild) follow the files; a server's own decks are published, never synced.
    const builtIn = isNull(decks.guildId);
    const existingDecks = new Map(
      (await tx.select().from(decks).where(builtIn)).map((deck) => [deck.id, deck]),
    );
    for (const deck of content.decks) {
      const existing = existingDecks.get(deck.id);
      const values = {
        title: deck.title,
        description: deck.description,
        position: deck.position,
        contentHash: deck.hash,
      };
      if (!existing) {
        await tx.insert(decks).values({ id: deck.id, ...values, updatedAt: now });
      } else if (
        existing.contentHash !== deck.hash ||
        existing.position !== deck.position ||
        existing.retiredAt
      ) {
        await tx
          .update(decks)
          .set({ ...values, retiredAt: null, updatedAt: now })
          .where(eq(decks.id, deck.id));
      }
    }
    const deckIds = content.decks.map((deck) => deck.id);
    await tx
      .update(decks)
      .set({ retiredAt: now, updatedAt: now })
      .where(
        and(builtIn, isNull(decks.retiredAt), deckIds.length > 0 ? notInArray(decks.id, deckIds) : sql`true`),
      );

    const existingItems = new Map(
      (
        await tx
          .select({
            id: items.id,
            contentHash: items.contentHash,
            retiredAt: items.retiredAt,
            deckId: items.deckId,
            position: items.position,
          })
          .from(items)
          .innerJoin(decks, eq(decks.id, items.deckId))
          .where(builtIn)
      ).map((item) => [item.id, item]),
    );
    const toInsert: (typeof items.$inferInsert)[] = [];
    const toUpdate: { id: string; values: Partial<typeof items.$inferInsert> }[] = [];
    for (const deck of content.decks) {
      deck.items.forEach((item, position) => {
        const hash = hashContent(item);
        const existing = existingItems.get(item.id);
        const values = {
          deckId: deck.id,
          kind: item.kind,
          section: item.section,
          position,
          content: item,
          contentHash: hash,
        };
        if (!existing) {
          toInsert.push({ id: item.id, ...values, createdAt: now, updatedAt: now });
          report.added++;
        } else if (
          existing.contentHash !== hash ||
          existing.retiredAt !== null ||
          existing.deckId !== deck.id ||
          existing.position !== position
        ) {
          report.updated++;
          toUpdate.push({ id: item.id, values });
        } else {
          report.unchanged++;
        }
      });
    }
    if (toInsert.length > 0) await tx.insert(items).values(toInsert);
    for (const update of toUpdate) {
      await tx
        .update(items)
        .set({ ...update.values, retiredAt: null, updatedAt: now })
        .where(eq(items.id, update.id));
    }
    const liveIds = content.decks.flatMap((deck) => deck.items.map((item) => item.id));
    const retired = await tx
      .update(items)
      .set({ retiredAt: now, updatedAt: now })
      .where(
        and(
          isNull(items.retiredAt),
          liveIds.length > 0 ? notInArray(items.id, liveIds) : sql`true`,
          inArray(items.deckId, tx.select({ id: decks.id }).from(decks).where(builtIn)),
        ),
      )
      .returning({ id: items.id });
    report.retired = retired.length;
    return report;
  });
}

/** Ids among `itemIds` that are retired or unknown. */
export async function findUnservableItemIds(db: Database, itemIds: readonly string[]): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const live = await db
    .select({ id: items.id })
    .from(items)
    .where(and(inArray(items.id, [...itemIds]), isNull(items.retiredAt)));
  const liveIds = new Set(live.map((row) => row.id));
  return new Set(itemIds.filter((id) => !liveIds.has(id)));
}
