import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Document, isMap, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { orderDecksByNotes } from './deck-order.js';
import { CONTENT_LIMITS, type ContentLimits, findUnstorableText } from './limits.js';
import {
  CLOZE_GAP,
  deckFileSchema,
  type ItemContent,
  itemSchema,
  type LocalizedText,
  sectionsFileSchema,
} from './schema.js';

/** One problem in a content file, reported as `file:line: reason`. */
export interface ContentProblem {
  file: string;
  line: number;
  reason: string;
}

export interface Section {
  id: string;
  title: LocalizedText;
}

export interface LoadedDeck {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  /** Position of the deck in the listing and in serving new items: the order of the notes (deck-order.ts). */
  position: number;
  items: ItemContent[];
  /** Hash of the deck's own fields, so unchanged decks are not rewritten. */
  hash: string;
}

export interface LoadedContent {
  sections: Section[];
  decks: LoadedDeck[];
}

export type LoadResult = { ok: true; content: LoadedContent } | { ok: false; problems: ContentProblem[] };

export const SECTIONS_FILE = 'sections.yaml';

/** The deck's own fields; items are checked one by one. */
const deckHeaderSchema = deckFileSchema.extend({
  items: z.array(z.unknown()).min(1, { message: 'a deck needs at least one item' }),
});

/** A stable hash of a JSON value (object keys sorted), used to detect changed items and decks. */
export function hashContent(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 32);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface ParsedYaml {
  doc: Document;
  lineAt(offset: number): number;
  lineOf(pathInFile: readonly PropertyKey[]): number;
}

function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return {
    doc,
    lineAt: (offset) => lineCounter.linePos(offset).line,
    lineOf(pathInFile) {
      // Walk up until a node exists: a missing key is reported on the line of its parent.
      for (let depth = pathInFile.length; depth >= 0; depth--) {
        const node = doc.getIn(pathInFile.slice(0, depth) as unknown[], true) as
          | { range?: [number, number, number] }
          | undefined;
        if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
        if (depth > 0) {
          // A pair's key carries the position even when its value is null.
          const parent = doc.getIn(pathInFile.slice(0, depth - 1) as unknown[], true);
          if (isMap(parent)) {
            const pair = parent.items.find(
              (p) => (p.key as { value?: unknown } | null)?.value === pathInFile[depth - 1],
            );
            const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
            if (keyRange) return lineCounter.linePos(keyRange[0]).line;
          }
          if (isSeq(parent)) continue;
        }
      }
      return 1;
    },
  };
}

const UNREADABLE = Symbol('unreadable');

/**
 * The document as plain values. Some documents parse without errors and still cannot be turned into values (an
 * alias whose anchor comes later or never, too many aliases): those become a problem, not an exception.
 */
function toPlainValue(parsed: ParsedYaml, file: string, problems: ContentProblem[]): unknown {
  try {
    return parsed.doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    let line = 1;
    visit(parsed.doc, {
      Alias(_, node) {
        if (line === 1 && node.resolve(parsed.doc) === undefined && node.range)
          line = parsed.lineAt(node.range[0]);
      },
    });
    problems.push({ file, line, reason: `YAML: ${error instanceof Error ? error.message : String(error)}` });
    return UNREADABLE;
  }
}

const LANGUAGE_NAMES: Record<string, string> = { ko: 'Korean', en: 'English' };

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.at(-1);
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    if (typeof key === 'string' && key in LANGUAGE_NAMES)
      return `${where}missing ${LANGUAGE_NAMES[key]} translation`;
    return `${where}missing required field`;
  }
  if (issue.code === 'unrecognized_keys')
    return `${where}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_union' && key === 'kind') return `${where}unknown item kind`;
  return `${where}${issue.message}`;
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part),
    '',
  );
}

function countGaps(text: string): number {
  return text.split(CLOZE_GAP).length - 1;
}

/**
 * Reads every deck in `dir` and checks it; collects all problems rather than stopping at the first. Everything a
 * database could refuse is checked here (text it cannot store, sizes), so a deck that passes syncs.
 */
export async function loadContent(
  dir: string,
  limitsOverride: Partial<ContentLimits> = {},
): Promise<LoadResult> {
  const limits = { ...CONTENT_LIMITS, ...limitsOverride };
  const problems: ContentProblem[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.yaml') || name.endsWith('.yml')).sort();
  } catch {
    return { ok: false, problems: [{ file: dir, line: 1, reason: 'content directory cannot be read' }] };
  }

  const sections = await loadSections(dir, names, problems);
  const sectionIds = new Set(sections.map((section) => section.id));
  const decks: LoadedDeck[] = [];
  const itemOwners = new Map<string, string>();
  const deckIds = new Set<string>();
  let totalItems = 0;

  for (const name of names.filter((n) => n !== SECTIONS_FILE)) {
    const file = path.join(dir, name);
    const { size } = await stat(file);
    if (size > limits.maxDeckBytes) {
      problems.push({
        file,
        line: 1,
        reason: `the file is ${size} bytes; a deck file holds at most ${limits.maxDeckBytes}`,
      });
      continue;
    }
    const text = await readFile(file, 'utf8');
    const parsed = parseYaml(text);
    const report = (at: readonly PropertyKey[], reason: string) =>
      problems.push({ file, line: parsed.lineOf(at), reason });
    if (parsed.doc.errors.length > 0) {
      for (const error of parsed.doc.errors) {
        problems.push({
          file,
          line: error.linePos?.[0]?.line ?? 1,
          reason: `YAML: ${error.message.split('\n')[0]}`,
        });
      }
      continue;
    }
    // The header and each item are checked separately, so one bad item does not hide the problems of the others.
    const raw = toPlainValue(parsed, file, problems);
    if (raw === UNREADABLE) continue;
    for (const problem of findUnstorableText(raw))
      report(problem.path, `${formatPath(problem.path)}: ${problem.reason}`);
    const header = deckHeaderSchema.safeParse(raw);
    if (!header.success) for (const issue of header.error.issues) report(issue.path, describeIssue(issue));
    const rawItems = (raw as { items?: unknown } | null)?.items;
    if (Array.isArray(rawItems)) {
      totalItems += rawItems.length;
      if (rawItems.length > limits.maxItemsPerDeck) {
        report(
          ['items'],
          `the deck has ${rawItems.length} items; a deck holds at most ${limits.maxItemsPerDeck}`,
        );
        continue;
      }
    }
    const validItems: ItemContent[] = [];
    if (Array.isArray(rawItems)) {
      rawItems.forEach((rawItem: unknown, index) => {
        const at = (...rest: PropertyKey[]) => ['items', index, ...rest];
        const rawId = (rawItem as { id?: unknown } | null)?.id;
        if (typeof rawId === 'string') {
          const owner = itemOwners.get(rawId);
          if (owner) report(at('id'), `duplicate item id "${rawId}" (also in ${owner})`);
          else itemOwners.set(rawId, name);
        }
        const rawSection = (rawItem as { section?: unknown } | null)?.section;
        if (typeof rawSection === 'string' && !sectionIds.has(rawSection))
          report(at('section'), `unknown section "${rawSection}"`);
        const itemResult = itemSchema.safeParse(rawItem);
        if (!itemResult.success) {
          for (const issue of itemResult.error.issues)
            report([...at(), ...issue.path], describeIssue({ ...issue, path: [...at(), ...issue.path] }));
          return;
        }
        checkItem(itemResult.data, at, report);
        validItems.push(itemResult.data);
      });
    }
    if (!header.success || !Array.isArray(rawItems) || validItems.length !== rawItems.length) continue;
    const deck = { ...header.data, items: validItems };
    const expectedId = name.replace(/\.ya?ml$/, '');
    if (deck.id !== expectedId)
      report(['id'], `deck id "${deck.id}" must match the file name "${expectedId}"`);
    if (deckIds.has(deck.id)) report(['id'], `duplicate deck id "${deck.id}"`);
    deckIds.add(deck.id);
    decks.push({
      id: deck.id,
      title: deck.title,
      description: deck.description,
      position: decks.length,
      items: deck.items,
      hash: hashContent({ title: deck.title, description: deck.description }),
    });
  }

  if (totalItems > limits.maxItemsTotal) {
    problems.push({
      file: dir,
      line: 1,
      reason: `the decks hold ${totalItems} items; at most ${limits.maxItemsTotal} in all`,
    });
  }
  if (decks.length === 0 && problems.length === 0) {
    problems.push({ file: dir, line: 1, reason: 'no deck files found' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, content: { sections, decks: orderDecksByNotes(decks, sections) } };
}

async function loadSections(dir: string, names: string[], problems: ContentProblem[]): Promise<Section[]> {
  const file = path.join(dir, SECTIONS_FILE);
  if (!names.includes(SECTIONS_FILE)) {
    problems.push({ file, line: 1, reason: 'missing: the list of note sections that items refer to' });
    return [];
  }
  const parsed = parseYaml(await readFile(file, 'utf8'));
  if (parsed.doc.errors.length > 0) {
    problems.push({ file, line: parsed.doc.errors[0]?.linePos?.[0]?.line ?? 1, reason: 'YAML syntax error' });
    return [];
  }
  const raw = toPlainValue(parsed, file, problems);
  if (raw === UNREADABLE) return [];
  for (const problem of findUnstorableText(raw))
    problems.push({
      file,
      line: parsed.lineOf(problem.path),
      reason: `${formatPath(problem.path)}: ${problem.reason}`,
    });
  const result = sectionsFileSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({ file, line: parsed.lineOf(issue.path), reason: describeIssue(issue) });
    }
    return [];
  }
  const seen = new Set<string>();
  result.data.sections.forEach((section, index) => {
    if (seen.has(section.id)) {
      problems.push({
        file,
        line: parsed.lineOf(['sections', index, 'id']),
        reason: `duplicate section id "${section.id}"`,
      });
    }
    seen.add(section.id);
  });
  return result.data.sections;
}

type Reporter = (at: readonly PropertyKey[], reason: string) => void;

/** Checks that need more than one field: answer in range, a reason on every wrong option, one gap per cloze. */
function checkItem(item: ItemContent, at: (...rest: PropertyKey[]) => PropertyKey[], report: Reporter): void {
  if (item.kind === 'multiple_choice' || item.kind === 'scenario') {
    if (item.answer >= item.options.length) {
      report(at('answer'), `answer index ${item.answer} is out of range (${item.options.length} options)`);
    }
    item.options.forEach((option, optionIndex) => {
      if (optionIndex !== item.answer && !option.why) {
        report(at('options', optionIndex), 'a wrong option needs a "why" explaining why it is wrong');
      }
    });
  }
  if (item.kind === 'cloze') {
    for (const language of ['ko', 'en'] as const) {
      const gaps = countGaps(item.text[language]);
      if (gaps !== 1)
        report(at('text', language), `cloze text must have exactly one ${CLOZE_GAP} gap (found ${gaps})`);
    }
  }
}

export function formatProblem(problem: ContentProblem, relativeTo = process.cwd()): string {
  return `${path.relative(relativeTo, problem.file) || problem.file}:${problem.line}: ${problem.reason}`;
}
