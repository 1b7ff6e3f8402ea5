import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CLOZE_GAP,
  type DeckFile,
  deckFileSchema,
  type ItemContent,
  sectionsFileSchema,
} from '../../src/content/schema.js';

/**
 * Coverage of the week-3 (Docker) study decks in `content/`: enough items of each kind, every section of
 * the notes covered, and every learner-facing string present in Korean (with Hangul) and English.
 */

const CONTENT_DIR = new URL('../../content/', import.meta.url);
const SECTIONS_FILE = 'sections.yaml';
const HANGUL = /[\uAC00-\uD7A3]/;

const MIN_TOTAL = 100;
const MIN_FLASHCARDS = 45;
const MIN_CHOICE_QUESTIONS = 30; // multiple_choice + scenario
const MIN_ORDERING = 6;
const MIN_CLOZE = 10;
const MIN_PER_SECTION = 4;

interface LoadedDeck {
  file: string;
  deck: DeckFile;
}

function readYaml(file: string): unknown {
  return parse(readFileSync(new URL(file, CONTENT_DIR), 'utf8'));
}

function loadDecks(): LoadedDeck[] {
  const files = readdirSync(CONTENT_DIR)
    .filter((file) => file.endsWith('.yaml') && file !== SECTIONS_FILE)
    .sort();
  return files.map((file) => {
    const result = deckFileSchema.safeParse(readYaml(file));
    if (!result.success) {
      throw new Error(
        `${file} does not match deckFileSchema: ${JSON.stringify(result.error.issues, null, 2)}`,
      );
    }
    return { file, deck: result.data };
  });
}

const decks = loadDecks();
const items: ItemContent[] = decks.flatMap(({ deck }) => deck.items);
const sectionIds = sectionsFileSchema.parse(readYaml(SECTIONS_FILE)).sections.map((section) => section.id);

function countKind(...kinds: ItemContent['kind'][]): number {
  return items.filter((item) => kinds.includes(item.kind)).length;
}

/** The field a learner reads first: the one that must be written in Korean. */
function mainPrompt(item: ItemContent): { ko: string; en: string } {
  switch (item.kind) {
    case 'flashcard':
      return item.front;
    case 'multiple_choice':
      return item.question;
    case 'scenario':
      return item.situation;
    case 'ordering':
      return item.prompt;
    case 'cloze':
      return item.text;
  }
}

/** Every `{ ko, en }` pair anywhere inside a value, with its path. */
function localizedFields(value: unknown, path: string): { path: string; ko: unknown; en: unknown }[] {
  if (Array.isArray(value)) {
    return value.flatMap((entry, index) => localizedFields(entry, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('ko' in record || 'en' in record) {
      return [{ path, ko: record.ko, en: record.en }];
    }
    return Object.entries(record).flatMap(([key, entry]) => localizedFields(entry, `${path}.${key}`));
  }
  return [];
}

const isFilled = (text: unknown): boolean => typeof text === 'string' && text.trim().length > 0;

describe('study decks', () => {
  it('exist and each deck id matches its file name', () => {
    expect(decks.length).toBeGreaterThanOrEqual(3);
    for (const { file, deck } of decks) {
      expect(deck.id).toBe(file.replace(/\.yaml$/, ''));
    }
  });

  it('use item ids that are unique across all decks', () => {
    const ids = items.map((item) => item.id);
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(duplicates).toEqual([]);
  });

  it('name only sections listed in sections.yaml', () => {
    const unknown = items.filter((item) => !sectionIds.includes(item.section)).map((item) => item.id);
    expect(unknown).toEqual([]);
  });
});

describe('deck coverage', () => {
  it(`has at least ${MIN_TOTAL} items`, () => {
    expect(items.length).toBeGreaterThanOrEqual(MIN_TOTAL);
  });

  it(`has at least ${MIN_FLASHCARDS} flashcards`, () => {
    expect(countKind('flashcard')).toBeGreaterThanOrEqual(MIN_FLASHCARDS);
  });

  it(`has at least ${MIN_CHOICE_QUESTIONS} multiple-choice or scenario questions`, () => {
    expect(countKind('multiple_choice', 'scenario')).toBeGreaterThanOrEqual(MIN_CHOICE_QUESTIONS);
  });

  it(`has at least ${MIN_ORDERING} ordering items`, () => {
    expect(countKind('ordering')).toBeGreaterThanOrEqual(MIN_ORDERING);
  });

  it(`has at least ${MIN_CLOZE} cloze items`, () => {
    expect(countKind('cloze')).toBeGreaterThanOrEqual(MIN_CLOZE);
  });

  it.each(sectionIds)(`covers section %s with at least ${MIN_PER_SECTION} items`, (sectionId) => {
    expect(items.filter((item) => item.section === sectionId).length).toBeGreaterThanOrEqual(MIN_PER_SECTION);
  });
});

describe('deck items', () => {
  it('fill every localized field in both Korean and English', () => {
    const empty = items.flatMap((item) =>
      localizedFields(item, item.id)
        .filter((field) => !isFilled(field.ko) || !isFilled(field.en))
        .map((field) => field.path),
    );
    expect(empty).toEqual([]);
  });

  it('write the main prompt of every item in Korean (Hangul)', () => {
    const notKorean = items.filter((item) => !HANGUL.test(mainPrompt(item).ko)).map((item) => item.id);
    expect(notKorean).toEqual([]);
  });

  it('explain why every wrong option is wrong, and point the answer at an existing option', () => {
    const problems: string[] = [];
    for (const item of items) {
      if (item.kind !== 'multiple_choice' && item.kind !== 'scenario') continue;
      if (item.answer >= item.options.length) problems.push(`${item.id}: answer ${item.answer} out of range`);
      item.options.forEach((option, index) => {
        if (index === item.answer) return;
        if (!option.why || !isFilled(option.why.ko) || !isFilled(option.why.en)) {
          problems.push(`${item.id}: option ${index} has no why`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('give every cloze exactly one gap in each language', () => {
    const problems = items.flatMap((item) => {
      if (item.kind !== 'cloze') return [];
      return (['ko', 'en'] as const)
        .filter((lang) => item.text[lang].split(CLOZE_GAP).length !== 2)
        .map((lang) => `${item.id} (${lang})`);
    });
    expect(problems).toEqual([]);
  });
});
