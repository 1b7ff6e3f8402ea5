import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import { messageOf } from './anki-package.js';
import { readNotetypeKind, readTemplateFormats } from './anki-protobuf.js';
import { error, type ImportProblem } from './model.js';

/**
 * Reads an Anki collection (SQLite) into plain values. Two layouts exist (`rslib/src/storage/`): schema 11 keeps
 * note types and decks as JSON in the `col` row; schema 18 (packages from Anki 23.10 on) keeps them in the
 * `notetypes`, `fields`, `templates` and `decks` tables, with protobuf `config` blobs and deck names joined by
 * U+001F. Notes and cards have the same columns in both. The database is opened in memory by SQLite compiled to
 * WebAssembly: nothing from the file reaches the bot's own database or the file system.
 */

export interface AnkiTemplate {
  ord: number;
  name: string;
  qfmt: string;
  afmt: string;
}

export interface AnkiNoteType {
  id: string;
  name: string;
  kind: 'normal' | 'cloze';
  fields: string[];
  templates: AnkiTemplate[];
}

export interface AnkiNote {
  id: string;
  guid: string;
  noteTypeId: string;
  fields: string[];
  tags: string[];
}

export interface AnkiCard {
  noteId: string;
  ord: number;
  deckId: string;
}

export interface AnkiCollection {
  noteTypes: Map<string, AnkiNoteType>;
  /** Deck id → name, nested decks as `Parent::Child`. */
  decks: Map<string, string>;
  notes: AnkiNote[];
  cards: AnkiCard[];
}

let sqlJs: ReturnType<typeof initSqlJs> | undefined;

export type CollectionResult =
  | { ok: true; collection: AnkiCollection }
  | { ok: false; problems: ImportProblem[] };

export async function readAnkiCollection(bytes: Uint8Array, entry: string): Promise<CollectionResult> {
  sqlJs ??= initSqlJs();
  const SQL = await sqlJs;
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    allowUnicaseSchema(db);
    const hasTables = rows(db, "select name from sqlite_master where type = 'table' and name = 'notetypes'");
    const collection = hasTables.length > 0 ? readSchema18(db) : readSchema11(db);
    return { ok: true, collection };
  } catch (cause) {
    return { ok: false, problems: [error('broken-sqlite', { entry }, messageOf(cause))] };
  } finally {
    db?.close();
  }
}

/**
 * Schema 18 declares `COLLATE unicase` on names, a collation Anki registers itself; SQLite refuses to read
 * tables and indexes that use a collation it does not know. This is a private in-memory copy that is only read,
 * so its schema text is switched to the built-in `nocase`, and the schema reloaded.
 */
function allowUnicaseSchema(db: Database): void {
  const uses = rows(db, "select 1 from sqlite_master where sql like '%unicase%'");
  if (uses.length === 0) return;
  db.run(`pragma writable_schema = on;
    update sqlite_master set sql = replace(replace(sql, 'collate unicase', 'collate nocase'), 'COLLATE unicase', 'COLLATE nocase')
      where sql like '%unicase%';
    pragma writable_schema = reset;`);
}

function rows(db: Database, sql: string): SqlValue[][] {
  return db.exec(sql)[0]?.values ?? [];
}

const str = (value: SqlValue | undefined) =>
  value === null || value === undefined ? '' : value instanceof Uint8Array ? '' : String(value);
const blob = (value: SqlValue | undefined) => (value instanceof Uint8Array ? value : new Uint8Array());

function readNotesAndCards(db: Database): Pick<AnkiCollection, 'notes' | 'cards'> {
  const notes = rows(
    db,
    'select cast(id as text), guid, cast(mid as text), flds, tags from notes order by id',
  ).map(([id, guid, mid, flds, tags]) => ({
    id: str(id),
    guid: str(guid),
    noteTypeId: str(mid),
    fields: str(flds).split('\u001f'),
    tags: str(tags).split(' ').filter(Boolean),
  }));
  // A card moved into a filtered deck still belongs to its original deck (odid).
  const cards = rows(
    db,
    'select cast(nid as text), ord, cast(case when odid != 0 then odid else did end as text) from cards order by nid, ord',
  ).map(([nid, ord, did]) => ({ noteId: str(nid), ord: Number(ord), deckId: str(did) }));
  return { notes, cards };
}

function readSchema18(db: Database): AnkiCollection {
  const noteTypes = new Map<string, AnkiNoteType>();
  for (const [id, name, config] of rows(db, 'select cast(id as text), name, config from notetypes')) {
    noteTypes.set(str(id), {
      id: str(id),
      name: str(name),
      kind: readNotetypeKind(blob(config)),
      fields: [],
      templates: [],
    });
  }
  // Anki's exporter leaves the fields of note types it removed: only fields of a listed note type count.
  for (const [ntid, name] of rows(db, 'select cast(ntid as text), name from fields order by ntid, ord')) {
    noteTypes.get(str(ntid))?.fields.push(str(name));
  }
  for (const [ntid, ord, name, config] of rows(
    db,
    'select cast(ntid as text), ord, name, config from templates order by ntid, ord',
  )) {
    noteTypes
      .get(str(ntid))
      ?.templates.push({ ord: Number(ord), name: str(name), ...readTemplateFormats(blob(config)) });
  }
  const decks = new Map(
    rows(db, 'select cast(id as text), name from decks').map(([id, name]) => [
      str(id),
      str(name).split('\u001f').join('::'),
    ]),
  );
  return { noteTypes, decks, ...readNotesAndCards(db) };
}

interface LegacyModel {
  id?: unknown;
  name?: unknown;
  type?: unknown;
  flds?: { name?: unknown; ord?: unknown }[];
  tmpls?: { name?: unknown; ord?: unknown; qfmt?: unknown; afmt?: unknown }[];
}

function readSchema11(db: Database): AnkiCollection {
  const [models, decksJson] = rows(db, 'select models, decks from col limit 1')[0] ?? [];
  if (models === undefined) throw new Error('the col table has no row');
  const noteTypes = new Map<string, AnkiNoteType>();
  for (const [id, raw] of Object.entries(parseObject(str(models)))) {
    const model = raw as LegacyModel;
    const byOrd = <T extends { ord?: unknown }>(list: T[] | undefined) =>
      [...(Array.isArray(list) ? list : [])].sort((a, b) => Number(a.ord) - Number(b.ord));
    noteTypes.set(id, {
      id,
      name: str(model.name as SqlValue),
      kind: model.type === 1 ? 'cloze' : 'normal',
      fields: byOrd(model.flds).map((field) => str(field.name as SqlValue)),
      templates: byOrd(model.tmpls).map((template, index) => ({
        ord: typeof template.ord === 'number' ? template.ord : index,
        name: str(template.name as SqlValue),
        qfmt: str(template.qfmt as SqlValue),
        afmt: str(template.afmt as SqlValue),
      })),
    });
  }
  const decks = new Map<string, string>();
  for (const [id, raw] of Object.entries(parseObject(str(decksJson)))) {
    decks.set(id, str((raw as { name?: SqlValue }).name));
  }
  return { noteTypes, decks, ...readNotesAndCards(db) };
}

function parseObject(json: string): Record<string, unknown> {
  if (!json.trim()) return {};
  const value = JSON.parse(json) as unknown;
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
