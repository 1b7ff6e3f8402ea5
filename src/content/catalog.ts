import type { StudyItemShape } from '../domain/study-session.js';
import type { LoadedContent, LoadedDeck, Section } from './load.js';
import type { ItemContent } from './schema.js';

export interface CatalogItem {
  deck: LoadedDeck;
  item: ItemContent;
  /** The section of the notes the item comes from (the loader guarantees it exists). */
  section: Section | undefined;
  /** What a study session needs to serve and grade the item, worked out once when the decks load. */
  shape: StudyItemShape;
}

/**
 * The loaded decks, indexed for the answer path: items are looked up by id on every click. Built-in decks come
 * from `content/`; a server's own decks are added and replaced as they are published, and only that server's
 * members see them listed.
 */
export interface ContentCatalog {
  /** The built-in decks. */
  decks: readonly LoadedDeck[];
  /** The decks a member of `guildId` can study: the built-in ones, then the server's own. */
  decksFor(guildId: string | null): readonly LoadedDeck[];
  findDeck(deckId: string): LoadedDeck | undefined;
  findItem(itemId: string): CatalogItem | undefined;
  findSection(sectionId: string): Section | undefined;
  /** Replaces a server's decks; `stamp` says which published state they are, to tell when to load again. */
  replaceGuildDecks(guildId: string, decks: readonly LoadedDeck[], stamp: string): void;
  guildStamp(guildId: string): string | undefined;
}

export function buildCatalog(content: LoadedContent): ContentCatalog {
  const decks = new Map(content.decks.map((deck) => [deck.id, deck]));
  const sections = new Map(content.sections.map((section) => [section.id, section]));
  const items = new Map<string, CatalogItem>();
  const index = (deck: LoadedDeck) => {
    for (const item of deck.items)
      items.set(item.id, { deck, item, section: sections.get(item.section), shape: shapeOf(item) });
  };
  for (const deck of content.decks) index(deck);
  const guildDecks = new Map<string, { decks: readonly LoadedDeck[]; stamp: string }>();
  return {
    decks: content.decks,
    decksFor: (guildId) => [...content.decks, ...((guildId && guildDecks.get(guildId)?.decks) || [])],
    findDeck: (deckId) => decks.get(deckId),
    findItem: (itemId) => items.get(itemId),
    findSection: (sectionId) => sections.get(sectionId),
    replaceGuildDecks(guildId, next, stamp) {
      // Retired items stay findable: a session in progress can still show the item it is on.
      for (const deck of next) {
        decks.set(deck.id, deck);
        index(deck);
      }
      guildDecks.set(guildId, { decks: next, stamp });
    },
    guildStamp: (guildId) => guildDecks.get(guildId)?.stamp,
  };
}

/** The Korean text a member reads before answering, for how fast a right answer counts as effortless. */
function questionLength(item: ItemContent): number {
  const optionsLength = (options: readonly { text: { ko: string } }[]) =>
    options.reduce((sum, option) => sum + option.text.ko.length, 0);
  switch (item.kind) {
    case 'flashcard':
      return item.front.ko.length;
    case 'multiple_choice':
      return item.question.ko.length + optionsLength(item.options);
    case 'scenario':
      return item.situation.ko.length + item.question.ko.length + optionsLength(item.options);
    case 'ordering':
      return item.prompt.ko.length + item.steps.reduce((sum, step) => sum + step.ko.length, 0);
    case 'cloze':
      return item.text.ko.length;
  }
}

export function shapeOf(item: ItemContent): StudyItemShape {
  switch (item.kind) {
    case 'flashcard':
      return { kind: 'flashcard' };
    case 'multiple_choice':
    case 'scenario':
      return {
        kind: 'choice',
        optionCount: item.options.length,
        answer: item.answer,
        questionLength: questionLength(item),
      };
    case 'ordering':
      return { kind: 'ordering', stepCount: item.steps.length, questionLength: questionLength(item) };
    case 'cloze':
      return {
        kind: 'cloze',
        accepted: [item.answer.ko, item.answer.en, ...item.accept],
        questionLength: questionLength(item),
      };
  }
}
