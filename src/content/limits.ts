/**
 * What a deck may hold beyond its schema, checked before the database is opened: text PostgreSQL can store, and
 * sizes that keep start-up bounded in time and memory.
 */

export interface ContentLimits {
  /** Bytes of one deck file. */
  maxDeckBytes: number;
  /** Items in one deck. */
  maxItemsPerDeck: number;
  /** Items in all decks together. */
  maxItemsTotal: number;
}

export const CONTENT_LIMITS: ContentLimits = {
  maxDeckBytes: 32 * 1024 * 1024,
  maxItemsPerDeck: 50_000,
  maxItemsTotal: 100_000,
};

// C0 controls other than tab, newline and carriage return, DEL, and C1 controls: invisible in Discord, and NUL is
// refused by PostgreSQL outright.
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;
// A surrogate without its pair cannot be encoded as UTF-8: the driver would silently store U+FFFD instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextProblem {
  path: PropertyKey[];
  reason: string;
}

/**
 * Every string in `value` (a parsed deck) holding a control character or an unpaired surrogate. YAML aliases can
 * make the parsed tree share nodes or even contain itself (`&a [*a]`), so each object is visited once.
 */
export function findUnstorableText(
  value: unknown,
  at: PropertyKey[] = [],
  seen: WeakSet<object> = new WeakSet(),
): TextProblem[] {
  if (typeof value === 'string') {
    const control = CONTROL_CHARACTER.exec(value);
    if (control) {
      const code = control[0].charCodeAt(0);
      const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      const note = code === 0 ? ' (PostgreSQL cannot store it)' : '';
      return [{ path: at, reason: `control character ${hex} at position ${control.index + 1}${note}` }];
    }
    const surrogate = LONE_SURROGATE.exec(value);
    if (surrogate)
      return [
        { path: at, reason: `unpaired surrogate at position ${surrogate.index + 1} (not valid Unicode)` },
      ];
    return [];
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (Array.isArray(value))
    return value.flatMap((entry, index) => findUnstorableText(entry, [...at, index], seen));
  return Object.entries(value).flatMap(([key, entry]) => findUnstorableText(entry, [...at, key], seen));
}
