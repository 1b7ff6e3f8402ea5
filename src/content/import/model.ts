import { z } from 'zod';
import {
  clozeSchema,
  flashcardSchema,
  localizedText,
  multipleChoiceSchema,
  orderingSchema,
  scenarioSchema,
} from '../schema.js';

/**
 * The one in-memory deck every import format is read into. Items keep boksup's own item shape (`content/`
 * schema), except that a deck from a group's notes often has no explanation and no note section, so both are
 * optional here. Text from a one-language source fills both languages.
 */

const importedOverrides = {
  explanation: localizedText(1200).optional(),
  section: z.string().optional(),
};

export const importedItemContentSchema = z.discriminatedUnion('kind', [
  flashcardSchema.extend(importedOverrides),
  multipleChoiceSchema.extend(importedOverrides),
  scenarioSchema.extend(importedOverrides),
  orderingSchema.extend(importedOverrides),
  clozeSchema.extend(importedOverrides),
]);
export type ImportedItemContent = z.infer<typeof importedItemContentSchema>;

export type ImportFormat = 'anki-package' | 'anki-text' | 'csv' | 'markdown' | 'yaml';

/** Where something came from, as precisely as the format allows. */
export interface Origin {
  /** 1-based line of a text file. */
  line?: number;
  /** An Anki note: its id and guid. */
  note?: { id: string; guid: string };
  /** An Anki card template name, or the cloze number. */
  card?: string;
  field?: string;
  /** A file inside a package (`collection.anki21b`, `media`). */
  entry?: string;
}

export type ProblemCode =
  | 'file-too-large'
  | 'unknown-format'
  | 'broken-zip'
  | 'broken-zstd'
  | 'broken-sqlite'
  | 'package-too-new'
  | 'empty'
  | 'too-many-items'
  | 'too-long'
  | 'control-character'
  | 'script-removed'
  | 'unmapped-note-type'
  | 'empty-side'
  | 'duplicate-key'
  | 'invalid-item'
  | 'bad-row';

/**
 * A problem found while reading. An `error` stops publishing (nothing is written); a `warning` is shown in the
 * preview and the item still imports.
 */
export interface ImportProblem {
  code: ProblemCode;
  severity: 'error' | 'warning';
  where: Origin;
  /** Plain facts for the message (a limit, a field name, the parser's own words). Never HTML from the file. */
  detail?: string;
}

export interface ImportedItem {
  /** Stable across imports of the same deck: the item's id within the deck (kebab-case, at most 60). */
  key: string;
  content: ImportedItemContent;
  origin: Origin;
  /** The source's own deck name (`Parent::Child` for nested Anki decks). */
  deck?: string;
  tags: string[];
  /** Media files the item referred to: not served, and said so in the preview. */
  media: string[];
}

/** How a note type was turned into items, shown in the preview. */
export interface NoteTypeMapping {
  noteType: string;
  card: string;
  kind: 'flashcard' | 'cloze';
  front: string[];
  back: string[];
  items: number;
}

export interface ImportedDeck {
  format: ImportFormat;
  /** A title found in the file (an Anki top-level deck, a YAML title), if any. */
  title?: string;
  items: ImportedItem[];
  problems: ImportProblem[];
  mappings: NoteTypeMapping[];
}

export const IMPORT_LIMITS = {
  /** Discord's attachment limit for a bot without boosts. */
  maxFileBytes: 20 * 1024 * 1024,
  maxItems: 5_000,
  /** Whatever a package unpacks to: a zip or zstd bomb stops here. */
  maxUnpackedBytes: 200 * 1024 * 1024,
} as const;

export const error = (code: ProblemCode, where: Origin, detail?: string): ImportProblem => ({
  code,
  severity: 'error',
  where,
  ...(detail === undefined ? {} : { detail }),
});

export const warning = (code: ProblemCode, where: Origin, detail?: string): ImportProblem => ({
  code,
  severity: 'warning',
  where,
  ...(detail === undefined ? {} : { detail }),
});

/** Same text in both languages: a deck from a group's notes is written in one. */
export const bothLanguages = (text: string) => ({ ko: text, en: text });
