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
    for (const item of deck.items)
      items.set(item.id, { deck, item, section: sections.get(item.section), shape: shapeOf(item) });
  }
  return {
    decks: content.decks,
    findDeck: (deckId) => decks.get(deckId),
    findItem: (itemId) => items.get(itemId),
    findSection: (sectionId) => sections.get(sectionId),
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
