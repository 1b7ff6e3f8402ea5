import type { ItemKind } from '../schema.js';
import { diffImport, type ImportDiff, type PublishedItem } from './diff.js';
import type { ImportedDeck, ImportedItem, ImportFormat, ImportProblem, NoteTypeMapping } from './model.js';

/** Everything the organizer sees before choosing Publish or Cancel. */
export interface ImportPreview {
  format: ImportFormat;
  title?: string;
  total: number;
  counts: Partial<Record<ItemKind, number>>;
  errors: ImportProblem[];
  warnings: ImportProblem[];
  /** No error and at least one item: Publish is offered. */
  publishable: boolean;
  /** Three items spread over the deck (first, middle, last), to be drawn as members will see them. */
  samples: ImportedItem[];
  mappings: NoteTypeMapping[];
  /** Items that referred to media files, which are not served. */
  withMedia: { key: string; media: string[] }[];
  /** Against the published deck of the same name, on a re-import. */
  diff?: ImportDiff;
}

export const SAMPLE_COUNT = 3;

/** The order kinds are counted in. */
export const KIND_ORDER: readonly ItemKind[] = [
  'flashcard',
  'cloze',
  'multiple_choice',
  'scenario',
  'ordering',
];

export function buildPreview(deck: ImportedDeck, published?: readonly PublishedItem[]): ImportPreview {
  const counts: Partial<Record<ItemKind, number>> = {};
  for (const item of deck.items) counts[item.content.kind] = (counts[item.content.kind] ?? 0) + 1;
  const errors = deck.problems.filter((problem) => problem.severity === 'error');
  return {
    format: deck.format,
    ...(deck.title ? { title: deck.title } : {}),
    total: deck.items.length,
    counts,
    errors,
    warnings: deck.problems.filter((problem) => problem.severity === 'warning'),
    publishable: errors.length === 0 && deck.items.length > 0,
    samples: pickSamples(deck.items),
    mappings: deck.mappings,
    withMedia: deck.items.filter((item) => item.media.length > 0).map(({ key, media }) => ({ key, media })),
    ...(published ? { diff: diffImport(published, deck.items) } : {}),
  };
}

function pickSamples(items: readonly ImportedItem[]): ImportedItem[] {
  if (items.length <= SAMPLE_COUNT) return [...items];
  const last = items.length - 1;
  const indexes = [0, Math.floor(last / 2), last];
  return indexes.map((index) => items[index]).filter((item): item is ImportedItem => item !== undefined);
}
