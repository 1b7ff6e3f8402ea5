import { stringify } from 'yaml';
import type { ImportedItemContent } from './model.js';

/**
 * A server deck as boksup YAML (the `content/` schema), for an organizer to edit and import again: each item's
 * key is its `id`, so the re-import lands on the same items and keeps everyone's progress. A text that is the
 * same in both languages is written once, as a plain string.
 */
export function writeDeckYaml(deck: {
  title: string;
  description?: string;
  items: readonly { key: string; content: ImportedItemContent; deck?: string }[];
}): string {
  const document = {
    title: deck.title,
    ...(deck.description ? { description: deck.description } : {}),
    // `id` first, as the built-in decks write it.
    items: deck.items.map(({ key, content, deck: subDeck }) => ({
      id: key,
      ...(subDeck ? { deck: subDeck } : {}),
      ...(collapse(content) as object),
    })),
  };
  return stringify(document, { lineWidth: 0 });
}

function isLocalized(value: unknown): value is { ko: string; en: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('ko') && keys.includes('en');
}

function collapse(value: unknown): unknown {
  if (isLocalized(value)) return value.ko === value.en ? value.ko : value;
  if (Array.isArray(value)) return value.map(collapse);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.map(([k, v]) => [k, collapse(v)]));
  }
  return value;
}
