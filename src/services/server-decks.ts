import { writeDeckYaml } from '../content/import/export-yaml.js';
import { importDeck } from '../content/import/import-deck.js';
import { buildPreview, type ImportPreview } from '../content/import/preview.js';
import {
  cancelImport,
  findGuildDeckStamp,
  findPublishedItems,
  findServerDeck,
  findServerDeckItems,
  listServerDecks,
  loadGuildDecks,
  publishImport,
  retireServerDeck,
  type ServerDeck,
  saveImport,
} from '../db/repositories/server-decks.js';
import type { Deps } from '../deps.js';
import { type Result, refuse } from './refusal.js';

/**
 * Brings this process's copy of a server's decks up to date: one small query when nothing changed, a reload when
 * a publish or a retire happened here or on another replica.
 */
export async function refreshGuildDecks(deps: Deps, guildId: string | null): Promise<void> {
  if (!guildId) return;
  const stamp = await findGuildDeckStamp(deps.db, guildId);
  if (stamp === deps.catalog.guildStamp(guildId)) return;
  deps.catalog.replaceGuildDecks(guildId, await loadGuildDecks(deps.db, guildId), stamp);
}

/**
 * Loads a server's decks into this process if it never has: a click on a session another replica started must
 * find its items. Costs nothing once loaded, so the answer path stays one lookup; /study refreshes fully.
 */
export async function ensureGuildDecksLoaded(deps: Deps, guildId: string | null): Promise<void> {
  if (guildId && deps.catalog.guildStamp(guildId) === undefined) await refreshGuildDecks(deps, guildId);
}

/** A deck name: what organizers call the deck, and how a re-import finds it. */
export const MAX_DECK_NAME = 60;

export function normalizeDeckName(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, MAX_DECK_NAME);
}

/**
 * Reads an uploaded deck file and stores it as a pending import when it can be published. Nothing reaches the
 * server's decks until the organizer presses Publish.
 */
export async function previewDeckImport(
  deps: Deps,
  p: { guildId: string; userId: string; name: string | null; fileName: string; bytes: Uint8Array },
): Promise<{ preview: ImportPreview; importId: string | null; deckName: string }> {
  const deck = await importDeck(p.bytes, p.fileName);
  const deckName =
    normalizeDeckName(p.name || deck.title || p.fileName.replace(/\.[^.]+$/, '')) || p.fileName;
  const existing = await findServerDeck(deps.db, p.guildId, deckName);
  const published = existing ? await findPublishedItems(deps.db, existing.id) : undefined;
  const preview = buildPreview(deck, published);
  if (!preview.publishable) return { preview, importId: null, deckName };
  const importId = await saveImport(deps.db, {
    guildId: p.guildId,
    userId: p.userId,
    deckName,
    title: deck.title ?? deckName,
    format: deck.format,
    baseVersion: existing?.version ?? 0,
    items: deck.items,
    now: deps.clock(),
  });
  return { preview, importId, deckName };
}

export async function publishDeckImport(
  deps: Deps,
  p: { importId: string; guildId: string },
): Promise<Result<{ deckName: string; version: number; added: number; changed: number; retired: number }>> {
  const result = await publishImport(deps.db, { id: p.importId, guildId: p.guildId, now: deps.clock() });
  if (!result.ok) return refuse(result.reason === 'stale' ? 'deck-changed' : 'import-decided');
  await refreshGuildDecks(deps, p.guildId);
  const { added, changed, restored, retired } = result.diff;
  return {
    ok: true,
    deckName: result.deckName,
    version: result.version,
    added: added.length,
    changed: changed.length + restored.length,
    retired: retired.length,
  };
}

export async function cancelDeckImport(
  deps: Deps,
  p: { importId: string; guildId: string },
): Promise<boolean> {
  return cancelImport(deps.db, { id: p.importId, guildId: p.guildId, now: deps.clock() });
}

export const listDecks = (deps: Deps, guildId: string): Promise<ServerDeck[]> =>
  listServerDecks(deps.db, guildId);

export async function retireDeck(deps: Deps, p: { guildId: string; name: string }): Promise<Result<object>> {
  const retired = await retireServerDeck(deps.db, { guildId: p.guildId, name: p.name, now: deps.clock() });
  if (!retired) return refuse('unknown-deck', p.name);
  await refreshGuildDecks(deps, p.guildId);
  return { ok: true };
}

/** The server deck as boksup YAML, to edit and import again. */
export async function exportDeck(
  deps: Deps,
  p: { guildId: string; name: string },
): Promise<Result<{ fileName: string; yaml: string }>> {
  const deck = await findServerDeck(deps.db, p.guildId, p.name);
  if (!deck) return refuse('unknown-deck', p.name);
  const items = await findServerDeckItems(deps.db, deck.id);
  return { ok: true, fileName: `${deck.id}.yaml`, yaml: writeDeckYaml({ title: deck.title, items }) };
}
