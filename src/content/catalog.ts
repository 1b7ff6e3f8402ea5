import type { LoadedContent, LoadedDeck, Section } from './load.js';
import type { ItemContent } from './schema.js';

export interface CatalogItem {
  deck: LoadedDeck;
  item: ItemContent;
  /** The section of the notes the item comes from (the loader guarantees it exists). */
  section: Section | undefined;
}

/** The loaded decks, indexed for the answer path: items are looked up by id on every click. */
export interface ContentCatalog {
  decks: readonly LoadedDeck[];
  findDeck(deckId: string): LoadedDeck | undefined;
  findItem(itemId: string): CatalogItem | undefined;
  findSection(sectionId: string): Section | undefined;
}

export function buildCatalog(content: LoadedContent): ContentCatalog {
  const decks = new Map(content.decks.map((deck) => [deck.id, deck]));
  const sections = new Map(content.sections.map((section) => [section.id, section]));
  const items = new Map<string, CatalogItem>();
  for (const deck of content.decks) {
    for (const item of deck.items) items.set(item.id, { deck, item, section: sections.get(item.section) });
  }
  return {
    decks: content.decks,
    findDeck: (deckId) => decks.get(deckId),
    findItem: (itemId) => items.get(itemId),
    findSection: (sectionId) => sections.get(sectionId),
  };
}
