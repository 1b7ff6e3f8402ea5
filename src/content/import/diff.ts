import { hashContent } from '../load.js';
import type { ImportedItem } from './model.js';

/** An item of the deck as it is published now. */
export interface PublishedItem {
  key: string;
  contentHash: string;
  retired: boolean;
}

/** What publishing an import would do to the published deck, by item key. */
export interface ImportDiff {
  added: string[];
  changed: string[];
  /** Retired earlier and back in this import: served again, with the progress members had. */
  restored: string[];
  /** Published now and missing from the import: retired, their history kept. */
  retired: string[];
  unchanged: string[];
}

/** The hash that decides whether an item changed: its content and the deck it sits in. */
export function hashImportedItem(item: ImportedItem): string {
  return hashContent({ content: item.content, deck: item.deck ?? null });
}

/** Compares an import with the published deck. Pure: the same inputs always give the same lists, in import order. */
export function diffImport(
  published: readonly PublishedItem[],
  imported: readonly ImportedItem[],
): ImportDiff {
  const byKey = new Map(published.map((item) => [item.key, item]));
  const diff: ImportDiff = { added: [], changed: [], restored: [], retired: [], unchanged: [] };
  const seen = new Set<string>();
  for (const item of imported) {
    seen.add(item.key);
    const existing = byKey.get(item.key);
    if (!existing) diff.added.push(item.key);
    else if (existing.retired) diff.restored.push(item.key);
    else if (existing.contentHash !== hashImportedItem(item)) diff.changed.push(item.key);
    else diff.unchanged.push(item.key);
  }
  for (const item of published) if (!item.retired && !seen.has(item.key)) diff.retired.push(item.key);
  return diff;
}
