import type { ImportFormat } from './model.js';

/**
 * Which format a file is in, decided by its bytes first and its name only to break a tie: people rename files,
 * and Anki's text export is a `.txt` whatever it holds.
 */

export type DetectedFormat = ImportFormat | 'anki-collection' | 'unknown' | 'not-utf8';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const SQLITE = new TextEncoder().encode('SQLite format 3\u0000');
const ANKI_HEADER =
  /^#(separator|html|tags|columns|notetype|deck|notetype column|deck column|tags column|guid column|if matches|match scope):/i;

const startsWith = (bytes: Uint8Array, magic: ArrayLike<number>) =>
  bytes.length >= magic.length &&
  Array.prototype.every.call(magic, (byte: number, i: number) => bytes[i] === byte);

export function detectFormat(bytes: Uint8Array, fileName = ''): DetectedFormat {
  if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return 'anki-package';
  if (startsWith(bytes, SQLITE)) return 'anki-collection';
  const text = decodeText(bytes);
  if (text === undefined) return 'not-utf8';
  return detectTextFormat(text, fileName);
}

/** UTF-8 text without a byte-order mark, or undefined when the bytes are not UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function detectTextFormat(text: string, fileName = ''): DetectedFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const lines = text.split(/\r?\n/).filter((line) => line.trim());
  if (lines.length === 0) return 'unknown';
  if (lines[0] && ANKI_HEADER.test(lines[0])) return 'anki-text';
  if (/^items\s*:/m.test(text) && (/^\s*-\s+id\s*:/m.test(text) || /^\s*kind\s*:/m.test(text))) return 'yaml';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';

  const markdownLike = lines.filter(
    (line) => /\S\s*:{2,3}\s*\S/.test(line) || /^\s*\?\??\s*$/.test(line) || /==[^=]+==/.test(line),
  ).length;
  const tabbed = lines.filter((line) => line.includes('\t')).length;
  const commas = lines.filter((line) => /[,;]/.test(line)).length;
  if (tabbed >= lines.length * 0.8) return 'csv';
  if (markdownLike >= Math.max(1, lines.length * 0.3)) return 'markdown';
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  if (commas >= lines.length * 0.8 || ['csv', 'tsv', 'txt'].includes(extension)) return 'csv';
  return 'unknown';
}
