import { eq, inArray, isNull } from 'drizzle-orm';
import { hashContent, type LoadedContent } from '../../content/load.js';
import type { Database } from '../client.js';
import { decks, items } from '../schema/index.js';

/**
 * Rows per insert or update statement. A statement takes at most 65,534 parameters (an item row has 9); 500 rows
 * keep each statement well below that and its text small.
 */
const BATCH_ROWS = 500;

function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += BATCH_ROWS)
    out.push(rows.slice(start, start + BATCH_ROWS));
  return out;
}

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
    const deckIds = new Set(content.decks.map((deck) => deck.id));
    const goneDecks = [...existingDecks.values()]
      .filter((deck) => deck.retiredAt === null && !deckIds.has(deck.id))
      .map((deck) => deck.id);
    for (const batch of batches(goneDecks))
      await tx.update(decks).set({ retiredAt: now, updatedAt: now }).where(inArray(decks.id, batch));

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
    for (const batch of batches(toInsert)) await tx.insert(items).values(batch);
    for (const update of toUpdate) {
      await tx
        .update(items)
        .set({ ...update.values, retiredAt: null, updatedAt: now })
        .where(eq(items.id, update.id));
    }
    // Items gone from the files, found from the rows read above: a NOT IN list of every live id would be one
    // parameter per item.
    const liveIds = new Set(content.decks.flatMap((deck) => deck.items.map((item) => item.id)));
    const gone = [...existingItems.values()]
      .filter((item) => item.retiredAt === null && !liveIds.has(item.id))
      .map((item) => item.id);
    for (const batch of batches(gone))
      await tx.update(items).set({ retiredAt: now, updatedAt: now }).where(inArray(items.id, batch));
    report.retired = gone.length;
    return report;
  });
}
