import protobuf from 'protobufjs/minimal.js';

/**
 * The few protobuf messages an Anki package needs read, by field number from Anki's own `.proto` files
 * (`import_export.proto`: PackageMetadata, MediaEntries; `notetypes.proto`: Notetype.Config,
 * Notetype.Template.Config). Fields not listed are skipped, as any protobuf reader does with fields it does not
 * know, so newer Anki versions that add fields still read.
 */

type FieldValue = number | Uint8Array;

/** Every field of a message, by number, in order; varints as numbers, length-delimited fields as bytes. */
function readFields(bytes: Uint8Array): Map<number, FieldValue[]> {
  const reader = protobuf.Reader.create(bytes);
  const fields = new Map<number, FieldValue[]>();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const number = tag >>> 3;
    const wireType = tag & 7;
    let value: FieldValue | undefined;
    if (wireType === 0) value = reader.int32();
    else if (wireType === 2) value = reader.bytes();
    else reader.skipType(wireType);
    if (value !== undefined) fields.set(number, [...(fields.get(number) ?? []), value]);
  }
  return fields;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const text = (value: FieldValue | undefined) => (value instanceof Uint8Array ? decoder.decode(value) : '');
const int = (value: FieldValue | undefined) => (typeof value === 'number' ? value : 0);

/** PackageMetadata.version: 1 legacy (collection.anki2), 2 legacy (collection.anki21), 3 latest (anki21b). */
export function readPackageVersion(bytes: Uint8Array): number {
  return int(readFields(bytes).get(1)?.[0]);
}

/** MediaEntries: the names of the package's media files, in the order of their zip entries `0`, `1`, … */
export function readMediaNames(bytes: Uint8Array): string[] {
  return (readFields(bytes).get(1) ?? []).map((entry) =>
    entry instanceof Uint8Array ? text(readFields(entry).get(1)?.[0]) : '',
  );
}

/** Notetype.Config.kind: 0 normal, 1 cloze. */
export function readNotetypeKind(bytes: Uint8Array): 'normal' | 'cloze' {
  return int(readFields(bytes).get(1)?.[0]) === 1 ? 'cloze' : 'normal';
}

/** Notetype.Template.Config: the question and answer formats. */
export function readTemplateFormats(bytes: Uint8Array): { qfmt: string; afmt: string } {
  const fields = readFields(bytes);
  return { qfmt: text(fields.get(1)?.[0]), afmt: text(fields.get(2)?.[0]) };
}
