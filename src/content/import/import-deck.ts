import { finishDeck } from './checks.js';
import { decodeText, detectFormat } from './detect.js';
import { error, IMPORT_LIMITS, type ImportedDeck, type ImportFormat } from './model.js';

// Each format's reader is loaded at its first file: the Anki readers bring sql.js (WebAssembly), fflate, fzstd,
// protobufjs and htmlparser2, which the bot does not need to start, and most servers never import at all.

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
      const { readAnkiPackage } = await import('./anki-package.js');
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
    case 'csv': {
      const { readDelimitedText } = await import('./delimited-text.js');
      return readDelimitedText(text, format);
    }
    case 'markdown': {
      const { readMarkdown } = await import('./markdown.js');
      return readMarkdown(text);
    }
    case 'yaml': {
      const { readYamlDeck } = await import('./yaml-deck.js');
      return readYamlDeck(text);
    }
  }
}

async function readCollection(bytes: Uint8Array, entry: string): Promise<ImportedDeck> {
  const [{ readAnkiCollection }, { itemsFromCollection }] = await Promise.all([
    import('./anki-collection.js'),
    import('./anki-notes.js'),
  ]);
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
