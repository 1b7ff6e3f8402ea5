import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { CLOZE_GAP } from '../schema.js';
import { finishDeck } from './checks.js';
import {
  error,
  type ImportedDeck,
  type ImportedItem,
  type ImportedItemContent,
  type ImportProblem,
} from './model.js';

/**
 * boksup's own deck file (the `content/` schema): the one format with choice, scenario and ordering items, and
 * what `/deck export` writes. A text may be given once as a plain string (a one-language deck) instead of
 * `{ ko, en }`. The item's `id` is its key, so an exported and edited deck re-imports onto the same items.
 */

const LOCALIZED_KEYS = new Set([
  'front',
  'back',
  'explanation',
  'beyondNotes',
  'question',
  'situation',
  'prompt',
  'text',
  'answer',
  'why',
]);

/** Turns plain strings into `{ ko, en }` wherever the schema expects a localized text. */
function localize(value: unknown, key?: string): unknown {
  if (typeof value === 'string' && key && LOCALIZED_KEYS.has(key)) return { ko: value, en: value };
  if (Array.isArray(value))
    return value.map((entry) =>
      key === 'steps' && typeof entry === 'string' ? { ko: entry, en: entry } : localize(entry, undefined),
    );
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // A cloze answer is localized but `accept` is a list of plain spellings.
      out[k] = k === 'accept' ? v : localize(v, k);
    }
    return out;
  }
  return value;
}

export function readYamlDeck(text: string): ImportedDeck {
  const problems: ImportProblem[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors)
      problems.push(error('invalid-item', { line: e.linePos?.[0]?.line ?? 1 }, e.message.split('\n')[0]));
    return finishDeck('yaml', [], problems);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    problems.push(error('invalid-item', { line: 1 }, (cause as Error).message.slice(0, 200)));
    return finishDeck('yaml', [], problems);
  }
  const itemsNode = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  const lineOfItem = (index: number) => {
    const node = isSeq(itemsNode) ? (itemsNode.items[index] as Node | undefined) : undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  const rawItems = (raw as { items?: unknown } | null)?.items;
  if (!Array.isArray(rawItems)) {
    problems.push(error('invalid-item', { line: 1 }, 'items'));
    return finishDeck('yaml', [], problems);
  }
  const items: ImportedItem[] = rawItems.map((rawItem, index) => {
    const id = (rawItem as { id?: unknown } | null)?.id;
    const key = typeof id === 'string' ? id : `#${index + 1}`;
    // `deck` (a sub-deck such as `Parent::Child`) describes where the item sits, not what it says.
    const { deck, ...rest } = (localize(rawItem) ?? {}) as ImportedItemContent & { deck?: unknown };
    const content = rest as ImportedItemContent;
    const line = lineOfItem(index);
    checkShape(content, line, problems);
    return {
      key,
      content,
      origin: { line },
      tags: [],
      media: [],
      ...(typeof deck === 'string' ? { deck } : {}),
    };
  });
  const title = (raw as { title?: unknown }).title;
  const titleText =
    typeof title === 'string'
      ? title
      : typeof (title as { ko?: unknown })?.ko === 'string'
        ? (title as { ko: string }).ko
        : undefined;
  return finishDeck('yaml', items, problems, titleText ? { title: titleText } : {});
}

/** Rules that need more than one field, as the built-in decks follow them. */
function checkShape(content: ImportedItemContent, line: number, problems: ImportProblem[]): void {
  if ((content.kind === 'multiple_choice' || content.kind === 'scenario') && Array.isArray(content.options)) {
    if (typeof content.answer === 'number' && content.answer >= content.options.length)
      problems.push(error('invalid-item', { line, field: 'answer' }, `${content.answer}`));
  }
  if (content.kind === 'cloze' && content.text && typeof content.text.ko === 'string') {
    for (const language of ['ko', 'en'] as const) {
      const gaps = (content.text[language] ?? '').split(CLOZE_GAP).length - 1;
      if (gaps !== 1)
        problems.push(error('invalid-item', { line, field: `text.${language}` }, `${gaps} ${CLOZE_GAP}`));
    }
  }
}
