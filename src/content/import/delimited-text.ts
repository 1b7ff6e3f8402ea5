import { parse } from 'csv-parse/sync';
import type { AnkiCard, AnkiCollection, AnkiNote, AnkiNoteType } from './anki-collection.js';
import { itemsFromCollection } from './anki-notes.js';
import { clozeNumbers } from './anki-template.js';
import { finishDeck, keyFromAnki, keyFromFront } from './checks.js';
import { htmlToPlainText } from './html-to-markdown.js';
import { error, type ImportedDeck, type ImportProblem } from './model.js';

/**
 * Anki's text export ("Notes in Plain Text") and plain CSV/TSV. Anki's export starts with `#key:value` lines
 * (`rslib/src/import_export/text/csv/metadata.rs`): `#separator`, `#html`, `#tags`, `#columns`, `#notetype`,
 * `#deck`, and `#notetype column`, `#deck column`, `#tags column`, `#guid column` (1-based). The other columns
 * are the note's fields in order. Each row becomes an Anki note and goes through the same mapping as a package,
 * so a row with a guid keeps the same item as the same note imported from an `.apkg`.
 */

interface Header {
  delimiter?: string;
  html?: boolean;
  tags: string[];
  columns?: string[];
  noteType?: string;
  deck?: string;
  noteTypeColumn?: number;
  deckColumn?: number;
  tagsColumn?: number;
  guidColumn?: number;
  /** Lines the header took. */
  lines: number;
}

const DELIMITER_NAMES: Record<string, string> = {
  tab: '\t',
  pipe: '|',
  semicolon: ';',
  colon: ':',
  comma: ',',
  space: ' ',
};
// A first row that names its columns, in the words people use for them.
const HEADER_WORDS =
  /^(front|back|question|answer|q|a|term|definition|word|meaning|앞면|뒷면|질문|답|정답|단어|뜻|문제|해설)$/i;

export function readHeader(text: string): Header {
  const header: Header = { tags: [], lines: 0 };
  const lines = text.split(/\r?\n/);
  for (const line of lines) {
    if (!line.startsWith('#')) break;
    header.lines++;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(1, colon).trim().toLowerCase();
    const value = line.slice(colon + 1);
    const column = Number.parseInt(value.trim(), 10);
    if (key === 'separator')
      header.delimiter = DELIMITER_NAMES[value.trim().toLowerCase()] ?? value.slice(0, 1);
    else if (key === 'html') header.html = value.trim().toLowerCase() === 'true';
    else if (key === 'tags') header.tags = value.split(/\s+/).filter(Boolean);
    else if (key === 'columns') header.columns = value.split(header.delimiter ?? guessDelimiter(value));
    else if (key === 'notetype') header.noteType = value.trim();
    else if (key === 'deck') header.deck = value.trim();
    else if (key === 'notetype column' && column > 0) header.noteTypeColumn = column;
    else if (key === 'deck column' && column > 0) header.deckColumn = column;
    else if (key === 'tags column' && column > 0) header.tagsColumn = column;
    else if (key === 'guid column' && column > 0) header.guidColumn = column;
  }
  return header;
}

function guessDelimiter(line: string): string {
  for (const candidate of ['\t', '|', ';', ',']) if (line.includes(candidate)) return candidate;
  return ',';
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, '<br>');

export function readDelimitedText(text: string, format: 'anki-text' | 'csv'): ImportedDeck {
  const problems: ImportProblem[] = [];
  const header = readHeader(text);
  const body = text.split(/\r?\n/).slice(header.lines).join('\n');
  const firstLine = body.split('\n').find((line) => line.trim()) ?? '';
  const delimiter = header.delimiter ?? guessDelimiter(firstLine);
  let records: { record: string[]; line: number }[];
  try {
    records = (
      parse(body, {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        info: true,
        raw: true,
        bom: true,
      }) as unknown as { record: string[]; info: { lines: number }; raw: string }[]
    ).map(({ record, info, raw }) => ({
      record,
      line: header.lines + info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0),
    }));
  } catch (cause) {
    const line = (cause as { lines?: number }).lines;
    problems.push(
      error('bad-row', { line: header.lines + (line ?? 1) }, (cause as Error).message.slice(0, 200)),
    );
    return finishDeck(format, [], problems);
  }
  const isHtml =
    header.html ?? records.some(({ record }) => record.some((field) => /<[a-z][^>]*>/i.test(field)));
  const meta = new Set(
    [header.noteTypeColumn, header.deckColumn, header.tagsColumn, header.guidColumn].filter(
      (column): column is number => column !== undefined,
    ),
  );
  if (format === 'csv' && records[0] && records[0].record.every((field) => HEADER_WORDS.test(field.trim())))
    records.shift();

  const collection: AnkiCollection = { noteTypes: new Map(), decks: new Map(), notes: [], cards: [] };
  const lineOf = new Map<string, number>();
  for (const { record, line } of records) {
    const column = (n: number | undefined) => (n === undefined ? undefined : record[n - 1]);
    const fields = record
      .filter((_, index) => !meta.has(index + 1))
      .map((field) => (isHtml ? field : escapeHtml(field)));
    if (fields.length < 2 || !fields[0]?.trim()) {
      problems.push(error('bad-row', { line }, `${fields.length}`));
      continue;
    }
    const noteTypeName = column(header.noteTypeColumn) ?? header.noteType ?? 'Basic';
    const noteType = noteTypeFor(collection, noteTypeName, fields);
    const id = String(line);
    lineOf.set(id, line);
    const guid = column(header.guidColumn)?.trim() ?? '';
    const tags = [...header.tags, ...(column(header.tagsColumn)?.split(/\s+/).filter(Boolean) ?? [])];
    const note: AnkiNote = { id, guid, noteTypeId: noteType.id, fields, tags };
    collection.notes.push(note);
    const deckName = column(header.deckColumn)?.trim() || header.deck;
    const deckId = deckName ? `deck:${deckName}` : '';
    if (deckName) collection.decks.set(deckId, deckName);
    for (const ord of cardOrds(noteType, fields))
      collection.cards.push({ noteId: id, ord, deckId } satisfies AnkiCard);
  }
  const made = itemsFromCollection(collection, {
    originOf: (note) => ({ line: lineOf.get(note.id) ?? 0 }),
    keyOf: (note, ord) =>
      note.guid
        ? keyFromAnki(note.guid, ord)
        : keyFromFront(`${htmlToPlainText(note.fields[0] ?? '').text}${ord > 0 ? `\u001f${ord}` : ''}`),
  });
  problems.push(...made.problems);
  return finishDeck(format, made.items, problems, {
    ...(made.title ? { title: made.title } : {}),
    mappings: format === 'anki-text' ? made.mappings : [],
  });
}

/**
 * A note type for a row, from its name: a cloze type when the name says so or the first field has cloze
 * markers, a reversed pair when the name says "reverse" (Anki's stock names in English and Korean).
 */
function noteTypeFor(collection: AnkiCollection, name: string, fields: string[]): AnkiNoteType {
  const cloze = /cloze|빈칸/i.test(name) || clozeNumbers(fields[0] ?? '').length > 0;
  const reversed = !cloze && /revers|역방향/i.test(name);
  // "Basic (optional reversed card)": the reverse card exists only when the third field ("Add Reverse") is filled.
  const optional = reversed && /optional|선택/i.test(name);
  const id = `${cloze ? 'cloze' : optional ? 'optional' : reversed ? 'reversed' : 'basic'}:${name}`;
  const existing = collection.noteTypes.get(id);
  if (existing) return existing;
  const names = ['Front', 'Back', ...fields.slice(2).map((_, index) => `Field ${index + 3}`)];
  const extra = names
    .slice(optional ? 3 : 2)
    .map((field) => `{{${field}}}`)
    .join('<br>');
  const noteType: AnkiNoteType = cloze
    ? {
        id,
        name,
        kind: 'cloze',
        fields: ['Text', ...names.slice(1)],
        templates: [
          { ord: 0, name: 'Cloze', qfmt: '{{cloze:Text}}', afmt: `{{cloze:Text}}<br>{{Back}}${extra}` },
        ],
      }
    : {
        id,
        name,
        kind: 'normal',
        fields: names,
        templates: [
          { ord: 0, name: 'Card 1', qfmt: '{{Front}}', afmt: `{{FrontSide}}<hr>{{Back}}${extra}` },
          ...(reversed
            ? [{ ord: 1, name: 'Card 2', qfmt: '{{Back}}', afmt: '{{FrontSide}}<hr>{{Front}}' }]
            : []),
        ],
      };
  collection.noteTypes.set(id, noteType);
  return noteType;
}

function cardOrds(noteType: AnkiNoteType, fields: string[]): number[] {
  if (noteType.kind === 'cloze') return clozeNumbers(fields[0] ?? '').map((n) => n - 1);
  const optional = noteType.id.startsWith('optional:');
  const both = Boolean(fields[0]?.trim() && fields[1]?.trim() && (!optional || fields[2]?.trim()));
  return noteType.templates.filter((template) => template.ord === 0 || both).map((template) => template.ord);
}
