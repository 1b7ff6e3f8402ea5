// Builds Anki packages the way Anki writes them (ankitects/anki, rslib/src/storage/schema11.sql and the
// upgrades to schema 18; rslib/src/import_export/package/ for the zip layout), for tests and the committed fixtures.
import { createHash } from 'node:crypto';
import { compress, init as initZstd } from '@bokuweb/zstd-wasm';
import { zipSync } from 'fflate';
import protobuf from 'protobufjs/minimal.js';
import initSqlJs, { type Database } from 'sql.js';

export interface NoteTypeSpec {
  id: number;
  name: string;
  kind: 'normal' | 'cloze';
  /** Notetype.Config.original_stock_kind: 1 basic, 2 and reversed, 4 typing, 5 cloze, 0 custom. */
  stockKind: number;
  fields: string[];
  templates: { name: string; qfmt: string; afmt: string }[];
}

export interface NoteSpec {
  id: number;
  guid: string;
  noteType: number;
  fields: string[];
  tags: string[];
  /** One card per template ordinal (or cloze ordinal, number − 1), each in a deck. */
  /** `originalDeck`: the card sits in a filtered deck (`did`) and came from this one (`odid`). */
  cards: { ord: number; deck: number; originalDeck?: number }[];
}

export interface CollectionSpec {
  /** Deck id → `Parent::Child` name; deck 1 "Default" always exists, as in Anki. */
  decks: Record<number, string>;
  noteTypes: NoteTypeSpec[];
  notes: NoteSpec[];
}

export interface MediaFile {
  name: string;
  bytes: Uint8Array;
}

const SCHEMA11 = `create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null,
  odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);`;

// Schema 18 as the upgrades leave it (14: deck_config, config, tags; 15: fields, templates, notetypes, decks;
// 17: tags; 18: graves). `collate unicase` is Anki's own collation: the tables are created with `nocase` and
// the stored schema text is then set to `unicase`, byte for byte what Anki writes.
const SCHEMA18_EXTRA = `create table deck_config (id integer primary key not null, name text not null collate nocase,
  mtime_secs integer not null, usn integer not null, config blob not null);
create table config (key text not null primary key, usn integer not null, mtime_secs integer not null,
  val blob not null) without rowid;
create table fields (ntid integer not null, ord integer not null, name text not null collate nocase,
  config blob not null, primary key (ntid, ord)) without rowid;
create unique index idx_fields_name_ntid on fields (name, ntid);
create table templates (ntid integer not null, ord integer not null, name text not null collate nocase,
  mtime_secs integer not null, usn integer not null, config blob not null, primary key (ntid, ord)) without rowid;
create unique index idx_templates_name_ntid on templates (name, ntid);
create index idx_templates_usn on templates (usn);
create table notetypes (id integer not null primary key, name text not null collate nocase,
  mtime_secs integer not null, usn integer not null, config blob not null);
create unique index idx_notetypes_name on notetypes (name);
create index idx_notetypes_usn on notetypes (usn);
create table decks (id integer primary key not null, name text not null collate nocase, mtime_secs integer not null,
  usn integer not null, common blob not null, kind blob not null);
create unique index idx_decks_name on decks (name);
create table tags (tag text not null primary key collate nocase, usn integer not null, collapsed boolean not null,
  config blob null) without rowid;
drop table graves;
create table graves (oid integer not null, type integer not null, usn integer not null,
  primary key (oid, type)) without rowid;
create index idx_graves_pending on graves (usn);`;

const MOD = 1_700_000_000;
const CSS = '.card { font-family: arial; font-size: 20px; text-align: center; }';

let sql: ReturnType<typeof initSqlJs> | undefined;
let zstdReady: Promise<void> | undefined;

const stripHtml = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ');
/** Anki's `csum`: the first 8 hex digits of the SHA-1 of the first field without HTML, as an integer. */
const checksum = (text: string) =>
  Number.parseInt(createHash('sha1').update(stripHtml(text)).digest('hex').slice(0, 8), 16);

function legacyModels(spec: CollectionSpec) {
  return Object.fromEntries(
    spec.noteTypes.map((nt) => [
      String(nt.id),
      {
        id: nt.id,
        name: nt.name,
        type: nt.kind === 'cloze' ? 1 : 0,
        mod: MOD,
        usn: -1,
        sortf: 0,
        did: 1,
        tmpls: nt.templates.map((t, ord) => ({
          name: t.name,
          ord,
          qfmt: t.qfmt,
          afmt: t.afmt,
          bqfmt: '',
          bafmt: '',
          did: null,
          bfont: '',
          bsize: 0,
        })),
        flds: nt.fields.map((name, ord) => ({
          name,
          ord,
          sticky: false,
          rtl: false,
          font: 'Arial',
          size: 20,
          media: [],
        })),
        css: CSS,
        latexPre: '',
        latexPost: '',
        latexsvg: false,
        req: nt.templates.map((_, ord) => [ord, 'any', [0]]),
        tags: [],
        vers: [],
      },
    ]),
  );
}

function legacyDecks(spec: CollectionSpec) {
  const decks = { 1: 'Default', ...spec.decks };
  return Object.fromEntries(
    Object.entries(decks).map(([id, name]) => [
      id,
      {
        id: Number(id),
        name,
        mod: MOD,
        usn: -1,
        lrnToday: [0, 0],
        revToday: [0, 0],
        newToday: [0, 0],
        timeToday: [0, 0],
        collapsed: false,
        browserCollapsed: false,
        desc: '',
        dyn: 0,
        conf: 1,
        extendNew: 0,
        extendRev: 0,
      },
    ]),
  );
}

function writeNotesAndCards(db: Database, spec: CollectionSpec): void {
  let cardId = 1_700_000_100_000;
  for (const note of spec.notes) {
    db.run('insert into notes values (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, ?)', [
      note.id,
      note.guid,
      note.noteType,
      MOD,
      note.tags.length ? ` ${note.tags.join(' ')} ` : '',
      note.fields.join('\u001f'),
      stripHtml(note.fields[0] ?? ''),
      checksum(note.fields[0] ?? ''),
      '',
    ]);
    for (const card of note.cards) {
      db.run('insert into cards values (?, ?, ?, ?, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, ?, 0, ?)', [
        cardId++,
        note.id,
        card.deck,
        card.ord,
        MOD,
        note.id % 100_000,
        card.originalDeck ?? 0,
        '',
      ]);
    }
  }
}

/** A schema 11 collection: note types and decks as JSON in `col`. */
export async function buildSchema11(spec: CollectionSpec): Promise<Uint8Array> {
  sql ??= initSqlJs();
  const db = new (await sql).Database();
  db.run(SCHEMA11);
  db.run('insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
    MOD,
    MOD * 1000,
    MOD * 1000,
    JSON.stringify({ nextPos: 1, curModel: spec.noteTypes[0]?.id ?? 1 }),
    JSON.stringify(legacyModels(spec)),
    JSON.stringify(legacyDecks(spec)),
    JSON.stringify({ 1: { id: 1, name: 'Default', mod: 0, usn: 0 } }),
    '{}',
  ]);
  writeNotesAndCards(db, spec);
  const bytes = db.export();
  db.close();
  return bytes;
}

const message = () => protobuf.Writer.create();

/** A schema 18 collection: note types, fields, templates and decks in tables with protobuf configs. */
export async function buildSchema18(spec: CollectionSpec): Promise<Uint8Array> {
  sql ??= initSqlJs();
  const db = new (await sql).Database();
  db.run(SCHEMA11);
  db.run(SCHEMA18_EXTRA);
  db.run("insert into col values (1, ?, ?, ?, 18, 0, 0, 0, '', '', '', '', '')", [
    MOD,
    MOD * 1000,
    MOD * 1000,
  ]);
  db.run("insert into deck_config values (1, 'Default', ?, -1, ?)", [MOD, new Uint8Array()]);
  for (const nt of spec.noteTypes) {
    const config = message();
    if (nt.kind === 'cloze') config.uint32(8).int32(1);
    config.uint32(26).string(CSS).uint32(72).int32(nt.stockKind);
    db.run('insert into notetypes values (?, ?, ?, -1, ?)', [nt.id, nt.name, MOD, config.finish()]);
    nt.fields.forEach((name, ord) => {
      const fieldConfig = message().uint32(26).string('Arial').uint32(32).uint32(20).finish();
      db.run('insert into fields values (?, ?, ?, ?)', [nt.id, ord, name, fieldConfig]);
    });
    nt.templates.forEach((t, ord) => {
      const templateConfig = message().uint32(10).string(t.qfmt).uint32(18).string(t.afmt).finish();
      db.run('insert into templates values (?, ?, ?, ?, -1, ?)', [nt.id, ord, t.name, MOD, templateConfig]);
    });
  }
  // Deck.KindContainer { normal: Normal { config_id: 1 } }; names use U+001F between levels.
  const normalKind = message().uint32(10).fork().uint32(8).int64(1).ldelim().finish();
  for (const [id, name] of Object.entries({ 1: 'Default', ...spec.decks })) {
    db.run('insert into decks values (?, ?, ?, -1, ?, ?)', [
      Number(id),
      name.split('::').join('\u001f'),
      MOD,
      new Uint8Array(),
      normalKind,
    ]);
  }
  writeNotesAndCards(db, spec);
  db.run(`pragma writable_schema = on;
    update sqlite_master set sql = replace(sql, 'collate nocase', 'collate unicase') where sql like '%collate nocase%';
    pragma writable_schema = off;`);
  const bytes = db.export();
  db.close();
  return bytes;
}

/** The stand-in collection every package carries as `collection.anki2`: one note asking to update Anki. */
async function dummyCollection(): Promise<Uint8Array> {
  return buildSchema11({
    decks: {},
    noteTypes: [
      {
        id: 1,
        name: 'Basic',
        kind: 'normal',
        stockKind: 1,
        fields: ['Front', 'Back'],
        templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }],
      },
    ],
    notes: [
      {
        id: 1,
        guid: 'dummy',
        noteType: 1,
        fields: ['Please update to the latest Anki version, then import the .colpkg/.apkg file again.', ''],
        tags: [],
        cards: [{ ord: 0, deck: 1 }],
      },
    ],
  });
}

export async function zstd(bytes: Uint8Array): Promise<Uint8Array> {
  zstdReady ??= initZstd();
  await zstdReady;
  return compress(bytes, 3);
}

// A fixed time keeps rebuilt fixtures byte-for-byte the same.
const STORED = { level: 0, mtime: new Date('2026-01-01T00:00:00Z') } as const;
const DEFLATED = { level: 6, mtime: STORED.mtime } as const;

/** Package version 2 (`collection.anki21`, JSON media map), as "Support older Anki versions" exports. */
export async function buildLegacyPackage(spec: CollectionSpec, media: MediaFile[] = []): Promise<Uint8Array> {
  const files: Record<string, [Uint8Array, typeof STORED | typeof DEFLATED]> = {
    meta: [message().uint32(8).int32(2).finish(), STORED],
    'collection.anki21': [await buildSchema11(spec), DEFLATED],
    'collection.anki2': [await dummyCollection(), STORED],
  };
  media.forEach((file, index) => {
    files[String(index)] = [file.bytes, STORED];
  });
  const map = Object.fromEntries(media.map((file, index) => [String(index), file.name]));
  files.media = [new TextEncoder().encode(JSON.stringify(map)), STORED];
  return zipSync(files);
}

/** Package version 3 (Anki 23.10+ default): `collection.anki21b` and every media file zstd-compressed. */
export async function buildLatestPackage(spec: CollectionSpec, media: MediaFile[] = []): Promise<Uint8Array> {
  const files: Record<string, [Uint8Array, typeof STORED]> = {
    meta: [message().uint32(8).int32(3).finish(), STORED],
    'collection.anki21b': [await zstd(await buildSchema18(spec)), STORED],
    'collection.anki2': [await dummyCollection(), STORED],
  };
  const entries = message();
  for (const [index, file] of media.entries()) {
    files[String(index)] = [await zstd(file.bytes), STORED];
    const sha1 = createHash('sha1').update(file.bytes).digest();
    entries
      .uint32(10)
      .fork()
      .uint32(10)
      .string(file.name)
      .uint32(16)
      .uint32(file.bytes.length)
      .uint32(26)
      .bytes(sha1)
      .ldelim();
  }
  files.media = [await zstd(entries.finish()), STORED];
  return zipSync(files);
}
