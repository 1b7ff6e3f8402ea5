import { type UnzipFileInfo, unzipSync } from 'fflate';
import { Decompress } from 'fzstd';
import { readMediaNames, readPackageVersion } from './anki-protobuf.js';
import { error, IMPORT_LIMITS, type ImportProblem } from './model.js';

/**
 * An `.apkg` is a zip (Anki's `rslib/src/import_export/package/`): a `meta` entry (protobuf PackageMetadata)
 * says which collection file is real. Version 3 (Anki 23.10+ default) keeps the collection as
 * `collection.anki21b`, zstd-compressed, and its `media` map as zstd-compressed protobuf; versions 1 and 2 keep
 * `collection.anki2` / `collection.anki21` as plain SQLite and `media` as JSON. New packages also carry a dummy
 * `collection.anki2` that only says "please update Anki", so the file is chosen by `meta`, never by presence
 * alone. Media files themselves are entries `0`, `1`, … and are never unpacked here.
 */

export interface AnkiPackage {
  /** The SQLite bytes of the real collection. */
  collection: Uint8Array;
  collectionEntry: string;
  /** Schema 11 keeps note types and decks as JSON in `col`; schema 18 in tables with protobuf configs. */
  version: 1 | 2 | 3;
  /** Names of the media files the package carries. */
  media: string[];
}

const COLLECTION_FILES = { 1: 'collection.anki2', 2: 'collection.anki21', 3: 'collection.anki21b' } as const;
const WANTED = new Set(['meta', 'media', ...Object.values(COLLECTION_FILES)]);

export type PackageResult = { ok: true; package: AnkiPackage } | { ok: false; problems: ImportProblem[] };

export function readAnkiPackage(bytes: Uint8Array): PackageResult {
  let entries: Record<string, Uint8Array>;
  let declared = 0;
  try {
    entries = unzipSync(bytes, {
      filter: (file: UnzipFileInfo) => {
        if (!WANTED.has(file.name)) return false;
        declared += file.originalSize;
        if (declared > IMPORT_LIMITS.maxUnpackedBytes) throw new UnpackedTooLarge();
        return true;
      },
    });
  } catch (cause) {
    if (cause instanceof UnpackedTooLarge)
      return fail(error('file-too-large', {}, `${IMPORT_LIMITS.maxUnpackedBytes} bytes unpacked`));
    return fail(error('broken-zip', {}, messageOf(cause)));
  }

  let version: 1 | 2 | 3;
  const meta = entries.meta;
  if (meta) {
    let declaredVersion: number;
    try {
      declaredVersion = readPackageVersion(meta);
    } catch (cause) {
      return fail(error('broken-zip', { entry: 'meta' }, messageOf(cause)));
    }
    if (declaredVersion !== 1 && declaredVersion !== 2 && declaredVersion !== 3)
      return fail(error('package-too-new', { entry: 'meta' }, `version ${declaredVersion}`));
    version = declaredVersion;
  } else {
    version = entries['collection.anki21'] ? 2 : 1;
  }

  const collectionEntry = COLLECTION_FILES[version];
  const stored = entries[collectionEntry];
  if (!stored || stored.length === 0) return fail(error('empty', { entry: collectionEntry }));
  const collection = version === 3 ? unzstd(stored, collectionEntry) : { ok: true as const, bytes: stored };
  if (!collection.ok) return fail(collection.problem);
  if (collection.bytes.length === 0) return fail(error('empty', { entry: collectionEntry }));

  const media = readMedia(entries.media, version);
  if (!media.ok) return fail(media.problem);
  return {
    ok: true,
    package: { collection: collection.bytes, collectionEntry, version, media: media.names },
  };
}

type Step<T> = ({ ok: true } & T) | { ok: false; problem: ImportProblem };

function readMedia(bytes: Uint8Array | undefined, version: 1 | 2 | 3): Step<{ names: string[] }> {
  if (!bytes || bytes.length === 0) return { ok: true, names: [] };
  if (version === 3) {
    const unpacked = unzstd(bytes, 'media');
    if (!unpacked.ok) return unpacked;
    try {
      return { ok: true, names: readMediaNames(unpacked.bytes) };
    } catch (cause) {
      return { ok: false, problem: error('broken-zip', { entry: 'media' }, messageOf(cause)) };
    }
  }
  try {
    const map = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    const names = map && typeof map === 'object' ? Object.values(map as Record<string, unknown>) : [];
    return { ok: true, names: names.filter((name): name is string => typeof name === 'string') };
  } catch (cause) {
    return { ok: false, problem: error('broken-zip', { entry: 'media' }, messageOf(cause)) };
  }
}

/** zstd, decompressed in chunks so that a frame that claims or unpacks to too much stops early. */
function unzstd(bytes: Uint8Array, entry: string): Step<{ bytes: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = new Decompress((chunk) => {
      total += chunk.length;
      if (total > IMPORT_LIMITS.maxUnpackedBytes) throw new UnpackedTooLarge();
      chunks.push(chunk);
    });
    stream.push(bytes, true);
  } catch (cause) {
    if (cause instanceof UnpackedTooLarge)
      return {
        ok: false,
        problem: error('file-too-large', { entry }, `${IMPORT_LIMITS.maxUnpackedBytes} bytes unpacked`),
      };
    return { ok: false, problem: error('broken-zstd', { entry }, messageOf(cause)) };
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, bytes: out };
}

class UnpackedTooLarge extends Error {}

const fail = (problem: ImportProblem): PackageResult => ({ ok: false, problems: [problem] });

export function messageOf(cause: unknown): string {
  return (cause instanceof Error ? cause.message : String(cause)).slice(0, 200);
}
