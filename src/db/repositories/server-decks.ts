import { createHash } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  diffImport,
  hashImportedItem,
  type ImportDiff,
  type PublishedItem,
} from '../../content/import/diff.js';
import type { ImportedItem, ImportedItemContent } from '../../content/import/model.js';
import { hashContent, type LoadedDeck } from '../../content/load.js';
import type { ItemContent } from '../../content/schema.js';
import type { Database } from '../client.js';
import { deckImports, decks, items } from '../schema/index.js';

/**
 * A server's own decks: imports waiting for Publish or Cancel, publishing them onto the deck's items, listing,
 * retiring and reading a deck back for export. Items are keyed per deck (`<deck id>~<key>`), so a re-import finds
 * the same rows and members' memory states, which point at those ids, are never touched.
 */

/** Server decks are listed after the built-in ones. */
const SERVER_DECK_POSITION = 1000;
const UPSERT_CHUNK = 500;

/** A server deck's id from its server and name: the same name is the same deck, across retire and re-import. */
export function serverDeckId(guildId: string, name: string): string {
  const digest = createHash('sha256').update(name.normalize('NFKC').trim().toLowerCase()).digest('hex');
  return `g${guildId}-${digest.slice(0, 12)}`;
}

export const serverItemId = (deckId: string, key: string) => `${deckId}~${key}`;

export interface ServerDeck {
  id: string;
  name: string;
  title: string;
  version: number;
  liveItems: number;
  retired: boolean;
}

export interface PendingImport {
  id: string;
  guildId: string;
  userId: string;
  deckName: string;
  title: string;
  format: string;
  baseVersion: number;
  items: ImportedItem[];
  status: 'pending' | 'published' | 'cancelled';
}

export async function findServerDeck(
  db: Database,
  guildId: string,
  name: string,
): Promise<ServerDeck | undefined> {
  return (await listServerDecks(db, guildId)).find((deck) => deck.id === serverDeckId(guildId, name));
}

export async function listServerDecks(db: Database, guildId: string): Promise<ServerDeck[]> {
  const rows = await db
    .select({
      id: decks.id,
      name: decks.name,
      title: decks.title,
      version: decks.version,
      retiredAt: decks.retiredAt,
      liveItems: count(items.id),
    })
    .from(decks)
    .leftJoin(items, and(eq(items.deckId, decks.id), isNull(items.retiredAt)))
    .where(eq(decks.guildId, guildId))
    .groupBy(decks.id)
    .orderBy(asc(decks.name));
  return rows.map((row) => ({
    id: row.id,
    name: row.name ?? row.id,
    title: row.title.ko,
    version: row.version,
    liveItems: Number(row.liveItems),
    retired: row.retiredAt !== null,
  }));
}

/** The deck's items as the diff needs them: key, content hash, retired or not. */
export async function findPublishedItems(db: Database, deckId: string): Promise<PublishedItem[]> {
  const rows = await db
    .select({ key: items.key, contentHash: items.contentHash, retiredAt: items.retiredAt })
    .from(items)
    .where(eq(items.deckId, deckId));
  return rows.map((row) => ({
    key: row.key ?? '',
    contentHash: row.contentHash,
    retired: row.retiredAt !== null,
  }));
}

export async function saveImport(
  db: Database,
  p: Omit<PendingImport, 'id' | 'status'> & { now: Date },
): Promise<string> {
  const [row] = await db
    .insert(deckImports)
    .values({
      guildId: p.guildId,
      userId: p.userId,
      deckName: p.deckName,
      title: p.title,
      format: p.format,
      baseVersion: p.baseVersion,
      items: p.items,
      createdAt: p.now,
    })
    .returning({ id: deckImports.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function findImport(db: Database, id: string): Promise<PendingImport | undefined> {
  const [row] = await db.select().from(deckImports).where(eq(deckImports.id, id));
  return row ? { ...row, items: row.items as ImportedItem[] } : undefined;
}

export async function cancelImport(
  db: Database,
  p: { id: string; guildId: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(deckImports)
    .set({ status: 'cancelled', decidedAt: p.now })
    .where(
      and(eq(deckImports.id, p.id), eq(deckImports.guildId, p.guildId), eq(deckImports.status, 'pending')),
    )
    .returning({ id: deckImports.id });
  return rows.length > 0;
}

export type PublishResult =
  | { ok: true; deckId: string; deckName: string; version: number; diff: ImportDiff }
  /** `decided`: published or cancelled already (a double click, another replica); `stale`: the deck changed. */
  | { ok: false; reason: 'decided' | 'stale' };

class StaleImport extends Error {}

/**
 * Publishes a pending import in one transaction: the import is claimed (pending → published, once), the deck row
 * locked, and the import applied only on top of the version its preview was made against. New items are added,
 * changed and restored ones updated in place, items missing from the file retired with their history.
 */
export async function publishImport(
  db: Database,
  p: { id: string; guildId: string; now: Date },
): Promise<PublishResult> {
  try {
    return await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(deckImports)
        .set({ status: 'published', decidedAt: p.now })
        .where(
          and(
            eq(deckImports.id, p.id),
            eq(deckImports.guildId, p.guildId),
            eq(deckImports.status, 'pending'),
          ),
        )
        .returning();
      if (!claimed) return { ok: false, reason: 'decided' } as const;
      const deckId = serverDeckId(p.guildId, claimed.deckName);
      const title = { ko: claimed.title, en: claimed.title };
      await tx
        .insert(decks)
        .values({
          id: deckId,
          guildId: p.guildId,
          name: claimed.deckName,
          title,
          description: { ko: '', en: '' },
          position: SERVER_DECK_POSITION,
          contentHash: hashContent({ title }),
          version: 0,
          updatedAt: p.now,
        })
        .onConflictDoNothing();
      const [deck] = await tx.select().from(decks).where(eq(decks.id, deckId)).for('update');
      if (!deck || deck.version !== claimed.baseVersion) throw new StaleImport();

      const imported = claimed.items as ImportedItem[];
      const published = await tx
        .select({ key: items.key, contentHash: items.contentHash, retiredAt: items.retiredAt })
        .from(items)
        .where(eq(items.deckId, deckId));
      const diff = diffImport(
        published.map((row) => ({
          key: row.key ?? '',
          contentHash: row.contentHash,
          retired: row.retiredAt !== null,
        })),
        imported,
      );
      const touched = new Set([...diff.added, ...diff.changed, ...diff.restored]);
      const rows = imported.flatMap((item, position) =>
        touched.has(item.key) ? [itemRow(deckId, item, position, p.now)] : [],
      );
      for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
        await tx
          .insert(items)
          .values(rows.slice(start, start + UPSERT_CHUNK))
          .onConflictDoUpdate({
            target: items.id,
            set: {
              kind: sql`excluded.kind`,
              section: sql`excluded.section`,
              position: sql`excluded.position`,
              content: sql`excluded.content`,
              contentHash: sql`excluded.content_hash`,
              retiredAt: null,
              updatedAt: p.now,
            },
          });
      }
      if (diff.retired.length > 0) {
        const retiredIds = diff.retired.map((key) => serverItemId(deckId, key));
        await tx
          .update(items)
          .set({ retiredAt: p.now, updatedAt: p.now })
          .where(and(eq(items.deckId, deckId), inArray(items.id, retiredIds)));
      }
      const version = deck.version + 1;
      await tx
        .update(decks)
        .set({ version, title, contentHash: hashContent({ title }), retiredAt: null, updatedAt: p.now })
        .where(eq(decks.id, deckId));
      return { ok: true, deckId, deckName: claimed.deckName, version, diff } as const;
    });
  } catch (error) {
    if (!(error instanceof StaleImport)) throw error;
    await cancelImport(db, p);
    return { ok: false, reason: 'stale' };
  }
}

function itemRow(deckId: string, item: ImportedItem, position: number, now: Date): typeof items.$inferInsert {
  return {
    id: serverItemId(deckId, item.key),
    deckId,
    key: item.key,
    kind: item.content.kind,
    section: item.deck ?? '',
    position,
    content: item.content,
    contentHash: hashImportedItem(item),
    createdAt: now,
    updatedAt: now,
  };
}

/** Retires a server deck and its items (their history stays); publishing it again brings them back. */
export async function retireServerDeck(
  db: Database,
  p: { guildId: string; name: string; now: Date },
): Promise<boolean> {
  const deckId = serverDeckId(p.guildId, p.name);
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(decks)
      .set({ retiredAt: p.now, updatedAt: p.now })
      .where(and(eq(decks.id, deckId), eq(decks.guildId, p.guildId), isNull(decks.retiredAt)))
      .returning({ id: decks.id });
    if (rows.length === 0) return false;
    await tx
      .update(items)
      .set({ retiredAt: p.now, updatedAt: p.now })
      .where(and(eq(items.deckId, deckId), isNull(items.retiredAt)));
    return true;
  });
}

/** The live items of a server deck in order, for export. */
export async function findServerDeckItems(
  db: Database,
  deckId: string,
): Promise<{ key: string; content: ImportedItemContent; deck?: string }[]> {
  const rows = await db
    .select({ key: items.key, content: items.content, section: items.section })
    .from(items)
    .where(and(eq(items.deckId, deckId), isNull(items.retiredAt)))
    .orderBy(asc(items.position));
  return rows.map((row) => ({
    key: row.key ?? '',
    content: row.content as ImportedItemContent,
    ...(row.section ? { deck: row.section } : {}),
  }));
}

/** Changes whenever a server's decks are published or retired: tells a replica its copy is out of date. */
export async function findGuildDeckStamp(db: Database, guildId: string): Promise<string> {
  const [row] = await db
    .select({ decks: count(decks.id), latest: sql<string | null>`max(${decks.updatedAt})::text` })
    .from(decks)
    .where(eq(decks.guildId, guildId));
  return `${row?.decks ?? 0}@${row?.latest ?? ''}`;
}

/**
 * A server's live decks with their items, shaped as the catalog holds decks. An item's id is its row id, and a
 * deck file's missing explanation or section becomes empty text, which the views leave out.
 */
export async function loadGuildDecks(db: Database, guildId: string): Promise<LoadedDeck[]> {
  const deckRows = await db
    .select()
    .from(decks)
    .where(and(eq(decks.guildId, guildId), isNull(decks.retiredAt)))
    .orderBy(asc(decks.name));
  if (deckRows.length === 0) return [];
  const itemRows = await db
    .select({ id: items.id, deckId: items.deckId, section: items.section, content: items.content })
    .from(items)
    .where(
      and(
        inArray(
          items.deckId,
          deckRows.map((deck) => deck.id),
        ),
        isNull(items.retiredAt),
      ),
    )
    .orderBy(asc(items.position));
  return deckRows.map((deck, index) => ({
    id: deck.id,
    title: deck.title,
    description: deck.description,
    position: deck.position + index,
    hash: deck.contentHash,
    items: itemRows
      .filter((row) => row.deckId === deck.id)
      .map((row) => {
        const content = row.content as ImportedItemContent;
        return {
          ...content,
          id: row.id,
          section: row.section,
          explanation: content.explanation ?? { ko: '', en: '' },
        } as ItemContent;
      }),
  }));
}
