import { readAnkiCollection } from './anki-collection.js';
import { itemsFromCollection } from './anki-notes.js';
import { readAnkiPackage } from './anki-package.js';
import { finishDeck } from './checks.js';
import { readDelimitedText } from './delimited-text.js';
import { decodeText, detectFormat } from './detect.js';
import { readMarkdown } from './markdown.js';
import { error, IMPORT_LIMITS, type ImportedDeck, type ImportFormat } from './model.js';
import { readYamlDeck } from './yaml-deck.js';

/**
 * Reads an uploaded deck file in any supported format into one deck model. Never throws for bad input: every
 * problem is reported with where it is, and a deck with an error cannot be published.
 */
export async function importDeck(bytes: Uint8Array, fileName = ''): Promise<ImportedDeck> {
  if (bytes.length > IMPORT_LIMITS.maxFileBytes)
    return finishDeck(
      'csv',
      [],
      [error('file-too-large', {}, `${bytes.length}/${IMPORT_LIMITS.maxFileBytes}`)],
    );
  if (bytes.length === 0) return finishDeck(guessFormat(fileName), [], [error('empty', {})]);
  const format = detectFormat(bytes, fileName);
  switch (format) {
    case 'anki-package': {
      const read = readAnkiPackage(bytes);
      if (!read.ok) return finishDeck('anki-package', [], read.problems);
      return readCollection(read.package.collection, read.package.collectionEntry);
    }
    case 'anki-collection':
      return readCollection(bytes, fileName || 'collection');
    case 'not-utf8':
    case 'unknown':
      return finishDeck(guessFormat(fileName), [], [error('unknown-format', {}, format)]);
  }
  const text = decodeText(bytes) ?? '';
  switch (format) {
    case 'anki-text':
    case 'csv':
      return readDelimitedText(text, format);
    case 'markdown':
      return readMarkdown(text);
    case 'yaml':
      return readYamlDeck(text);
  }
}

async function readCollection(bytes: Uint8Array, entry: string): Promise<ImportedDeck> {
  const read = await readAnkiCollection(bytes, entry);
  if (!read.ok) return finishDeck('anki-package', [], read.problems);
  const made = itemsFromCollection(read.collection);
  return finishDeck('anki-package', made.items, made.problems, {
    mappings: made.mappings,
    where: { entry },
    ...(made.title ? { title: made.title } : {}),
  });
}

function guessFormat(fileName: string): ImportFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'apkg' || extension === 'colpkg') return 'anki-package';
  if (extension === 'md') return 'markdown';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  return 'csv';
}
