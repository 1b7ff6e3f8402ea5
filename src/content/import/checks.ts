import { createHash } from 'node:crypto';
import {
  error,
  IMPORT_LIMITS,
  type ImportedDeck,
  type ImportedItem,
  type ImportedItemContent,
  type ImportFormat,
  type ImportProblem,
  importedItemContentSchema,
  type NoteTypeMapping,
  type Origin,
} from './model.js';

// Tab, line feed and carriage return are text; every other C0 control, DEL and the C1 controls are not, and a
// NUL in particular cannot be stored in PostgreSQL text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The first control character in `text`, as `U+0000`, or undefined. */
export function findControlCharacter(text: string): string | undefined {
  const match = CONTROL.exec(text);
  return match
    ? `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
    : undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);

/** An Anki card keeps its item across imports by its note's guid and its card ordinal. */
export function keyFromAnki(guid: string, ord: number): string {
  return `anki-${digest(`${guid}\u001f${ord}`)}`;
}

/**
 * A card from CSV or Markdown has no id of its own: its front is its identity. Case, spacing and width are
 * ignored, so fixing a double space keeps the item; rewording the question makes a new one.
 */
export function keyFromFront(front: string): string {
  return `card-${digest(front.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim())}`;
}

/** The string fields of an item with their limits, to name the field that breaks one. */
function textFields(content: ImportedItemContent): { field: string; text: string }[] {
  const fields: { field: string; text: string }[] = [];
  const add = (field: string, value: { ko: string; en: string } | undefined) => {
    if (value) for (const language of ['ko', 'en'] as const) fields.push({ field, text: value[language] });
  };
  add('explanation', content.explanation);
  switch (content.kind) {
    case 'flashcard':
      add('front', content.front);
      add('back', content.back);
      break;
    case 'cloze':
      add('text', content.text);
      add('answer', content.answer);
      content.accept.forEach((text) => void fields.push({ field: 'accept', text }));
      break;
    case 'multiple_choice':
    case 'scenario':
      if (content.kind === 'scenario') add('situation', content.situation);
      add('question', content.question);
      content.options.forEach((option, index) => {
        add(`options[${index}]`, option.text);
        add(`options[${index}].why`, option.why);
      });
      break;
    case 'ordering':
      add('prompt', content.prompt);
      content.steps.forEach((step, index) => void add(`steps[${index}]`, step));
      break;
  }
  return fields;
}

/**
 * Checks one item against boksup's item schema (which carries Discord's display limits) and for control
 * characters. Returns the item when it can be published, and reports every problem with its origin.
 */
export function checkItem(item: ImportedItem, problems: ImportProblem[]): ImportedItem | undefined {
  let ok = true;
  const reported = new Set<string>();
  for (const { field, text } of textFields(item.content)) {
    const control = findControlCharacter(text);
    if (control && !reported.has(field)) {
      reported.add(field);
      problems.push(error('control-character', { ...item.origin, field }, control));
      ok = false;
    }
  }
  const parsed = importedItemContentSchema.safeParse(item.content);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.filter((p) => p !== 'ko' && p !== 'en').join('.');
      const where = { ...item.origin, ...(field ? { field } : {}) };
      if (issue.code === 'too_big') problems.push(error('too-long', where, `${issue.maximum}`));
      else problems.push(error('invalid-item', where, issue.message));
    }
    // One language's copy of a field breaks the same way as the other's: report it once.
    dedupeLast(problems);
    return undefined;
  }
  return ok ? { ...item, content: parsed.data } : undefined;
}

function dedupeLast(problems: ImportProblem[]): void {
  const seen = new Set<string>();
  for (let index = 0; index < problems.length; index++) {
    const id = JSON.stringify(problems[index]);
    if (seen.has(id)) problems.splice(index--, 1);
    else seen.add(id);
  }
}

/**
 * Checks the items as a deck: every item valid, keys unique, within the item limit, not empty. Items that fail
 * are dropped from the result, and their problems are errors, so such a deck cannot be published as it is.
 */
export function finishDeck(
  format: ImportFormat,
  candidates: ImportedItem[],
  problems: ImportProblem[],
  extra: { title?: string; mappings?: NoteTypeMapping[]; where?: Origin } = {},
): ImportedDeck {
  const items: ImportedItem[] = [];
  const firstByKey = new Map<string, ImportedItem>();
  for (const candidate of candidates) {
    const earlier = firstByKey.get(candidate.key);
    if (earlier) {
      problems.push(error('duplicate-key', candidate.origin, describeOrigin(earlier.origin)));
      continue;
    }
    firstByKey.set(candidate.key, candidate);
    const item = checkItem(candidate, problems);
    if (item) items.push(item);
  }
  if (candidates.length > IMPORT_LIMITS.maxItems) {
    problems.push(
      error('too-many-items', extra.where ?? {}, `${candidates.length}/${IMPORT_LIMITS.maxItems}`),
    );
  }
  if (candidates.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push(error('empty', extra.where ?? {}));
  }
  return {
    format,
    ...(extra.title ? { title: extra.title } : {}),
    items,
    problems,
    mappings: extra.mappings ?? [],
  };
}

/** A short English-neutral description of an origin, used inside a problem's detail. */
export function describeOrigin(origin: Origin): string {
  if (origin.line !== undefined) return `line ${origin.line}`;
  if (origin.note) return `note ${origin.note.id}`;
  return origin.entry ?? '';
}
