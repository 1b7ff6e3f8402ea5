import { readFile } from 'node:fs/promises';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { keyFromAnki } from '../../src/content/import/checks.js';
import { importDeck } from '../../src/content/import/import-deck.js';
import type { ImportedDeck } from '../../src/content/import/model.js';
import { DECKS, KOREAN_DECK } from '../fixtures/import/korean-deck.js';
import {
  buildLatestPackage,
  buildLegacyPackage,
  buildSchema11,
  buildSchema18,
  type CollectionSpec,
  zstd,
} from '../support/anki-package-builder.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/import/${name}`, import.meta.url));
const front = (deck: ImportedDeck, key: string) => {
  const content = deck.items.find((item) => item.key === key)?.content;
  return content?.kind === 'flashcard'
    ? content.front.ko
    : content?.kind === 'cloze'
      ? content.text.ko
      : undefined;
};
const codes = (deck: ImportedDeck) => deck.problems.map((problem) => problem.code);

describe('Anki packages', () => {
  it('reads the legacy (schema 11) and the current (schema 18, zstd) package into the same items', async () => {
    const legacy = await importDeck(await fixture('korean-legacy.apkg'), 'korean-legacy.apkg');
    const latest = await importDeck(await fixture('korean-latest.apkg'), 'korean-latest.apkg');
    expect(legacy.problems).toEqual([]);
    expect(latest.problems).toEqual([]);
    expect(latest.items).toEqual(legacy.items);
    // One item per card: 1 basic, 2 reversed, 1 typed, 3 + 1 cloze, 1 custom. The dummy collection.anki2 is not read.
    expect(latest.items).toHaveLength(9);
    expect(latest.title).toBe('컨테이너 3주차');
    expect(new Set(latest.items.map((item) => item.deck))).toEqual(
      new Set(['컨테이너 3주차::도커', '컨테이너 3주차::ECS']),
    );
  });

  it('reads a package written by a script: no meta, only collection.anki2 (the oldest layout)', async () => {
    const bytes = zipSync({
      'collection.anki2': await buildSchema11(KOREAN_DECK),
      media: new TextEncoder().encode('{}'),
    });
    const deck = await importDeck(bytes, 'genanki.apkg');
    expect(deck.problems).toEqual([]);
    expect(deck.items).toEqual((await importDeck(await fixture('korean-legacy.apkg'))).items);
  });

  it('reads a bare collection file (SQLite) as well as a package', async () => {
    const deck = await importDeck(await buildSchema18(KOREAN_DECK), 'collection.anki21');
    expect(deck.problems).toEqual([]);
    expect(deck.items).toHaveLength(9);
  });

  it('puts a card that sits in a filtered deck in the deck it came from', async () => {
    const filtered = 1_700_000_000_009;
    const [first, ...rest] = KOREAN_DECK.notes;
    if (!first) throw new Error('fixture changed');
    const moved = { ...first, cards: [{ ord: 0, deck: filtered, originalDeck: DECKS.ecs }] };
    const spec = {
      ...KOREAN_DECK,
      decks: { ...KOREAN_DECK.decks, [filtered]: 'Filtered Deck 1' },
      notes: [moved, ...rest],
    };
    const deck = await importDeck(await buildLatestPackage(spec));
    expect(deck.items[0]?.deck).toBe('컨테이너 3주차::ECS');
  });

  it('keys every item by its note guid and card ordinal', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    const expected = KOREAN_DECK.notes.flatMap((note) =>
      note.cards.map((card) => keyFromAnki(note.guid, card.ord)),
    );
    expect(deck.items.map((item) => item.key)).toEqual(expected);
    expect(deck.items[0]?.origin).toEqual({
      note: { id: '1700000010001', guid: 'b7#Kx2!qPa' },
      card: 'Card 1',
    });
  });

  it('reduces HTML to Discord markdown and notes the media a card referred to', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    const [basic] = deck.items;
    expect(basic?.content).toMatchObject({
      kind: 'flashcard',
      front: { ko: '**도커**는 어떤 도구인가?' },
      back: { ko: '애플리케이션을 *컨테이너*로 패키징하는 도구다.' },
    });
    expect(basic?.media).toEqual(['docker-whale.png']);
    expect(deck.items.filter((item) => item.media.length > 0)).toHaveLength(1);
  });

  it('makes one cloze item per cloze number, with hints, the others revealed', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    const note = KOREAN_DECK.notes[3];
    if (!note) throw new Error('fixture changed');
    const [c1, c2, c3] = [0, 1, 2].map((ord) =>
      deck.items.find((item) => item.key === keyFromAnki(note.guid, ord)),
    );
    expect(c1?.content).toMatchObject({
      kind: 'cloze',
      text: { ko: '도커 동작 과정: ___ → build → 이미지 → push → pull → run' },
      answer: { ko: 'Dockerfile' },
      explanation: { ko: '*레지스트리*를 거쳐 다른 서버에서 실행한다.' },
    });
    expect(c2?.content).toMatchObject({
      text: { ko: '도커 동작 과정: Dockerfile → ___ (명령) → 이미지 → push → pull → run' },
    });
    expect(c3?.content).toMatchObject({ answer: { ko: 'push' } });
  });

  it('shows a cloze number with several gaps as a flashcard, as Anki shows it', async () => {
    const deck = await importDeck(await fixture('korean-legacy.apkg'));
    const key = keyFromAnki('Jt7@Ws4^io', 0);
    expect(deck.items.find((item) => item.key === key)?.content).toMatchObject({
      kind: 'flashcard',
      front: { ko: '[…]는 […]의 컨테이너 오케스트레이션 서비스다.' },
      back: { ko: '**ECS**는 **AWS**의 컨테이너 오케스트레이션 서비스다.' },
    });
  });

  it('asks for the typed answer of "type in the answer" notes, and maps custom note types by their templates', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    expect(front(deck, keyFromAnki('p{3Vn8&rTw', 0))).toBe('Dockerfile로 이미지를 만드는 명령은?\n___');
    expect(deck.items.find((item) => item.key === keyFromAnki('p{3Vn8&rTw', 0))?.content).toMatchObject({
      answer: { ko: 'docker build' },
    });
    expect(deck.mappings).toContainEqual({
      noteType: '용어 카드',
      card: '용어 → 뜻',
      kind: 'flashcard',
      front: ['용어', '영문'],
      back: ['뜻', '예시'],
      items: 1,
    });
    expect(front(deck, keyFromAnki('Ux2%Lp6*ab', 0))).toBe('태스크 정의\ntask definition');
  });
});

/** A copy of the deck with one note changed. */
function withNote(change: (fields: string[]) => string[]): CollectionSpec {
  const [first, ...rest] = KOREAN_DECK.notes;
  if (!first) throw new Error('fixture changed');
  return { ...KOREAN_DECK, notes: [{ ...first, fields: change(first.fields) }, ...rest] };
}

describe('bad Anki packages are refused, naming the problem and where it is', () => {
  it('a truncated zip', async () => {
    const bytes = await fixture('korean-legacy.apkg');
    const deck = await importDeck(bytes.subarray(0, 2000), 'cut.apkg');
    expect(codes(deck)).toEqual(['broken-zip']);
    expect(deck.items).toEqual([]);
  });

  it('a collection that is not SQLite', async () => {
    const entries = unzipSync(await fixture('korean-legacy.apkg'));
    entries['collection.anki21'] = new TextEncoder().encode('not a database at all, just some text');
    const deck = await importDeck(zipSync(entries));
    expect(deck.problems).toEqual([
      expect.objectContaining({ code: 'broken-sqlite', where: { entry: 'collection.anki21' } }),
    ]);
  });

  it('a collection.anki21b whose zstd stream is broken', async () => {
    const entries = unzipSync(await fixture('korean-latest.apkg'));
    const collection = entries['collection.anki21b'];
    if (!collection) throw new Error('fixture changed');
    entries['collection.anki21b'] = collection.subarray(0, 100);
    const deck = await importDeck(zipSync(entries));
    expect(deck.problems).toEqual([
      expect.objectContaining({ code: 'broken-zstd', where: { entry: 'collection.anki21b' } }),
    ]);
  });

  it('a package from a newer Anki than this reader knows', async () => {
    const entries = unzipSync(await fixture('korean-latest.apkg'));
    entries.meta = Uint8Array.of(0x08, 0x09);
    expect(codes(await importDeck(zipSync(entries)))).toEqual(['package-too-new']);
  });

  it('an empty package: no notes', async () => {
    const deck = await importDeck(await buildLatestPackage({ ...KOREAN_DECK, notes: [] }));
    expect(codes(deck)).toEqual(['empty']);
  });

  it('a package whose collection entry is missing', async () => {
    const entries = unzipSync(await fixture('korean-latest.apkg'));
    delete entries['collection.anki21b'];
    expect(deck(await importDeck(zipSync(entries)))).toEqual([
      { code: 'empty', entry: 'collection.anki21b' },
    ]);
  });

  it('a zstd frame that unpacks past the limit', async () => {
    const entries = unzipSync(await fixture('korean-latest.apkg'));
    entries['collection.anki21b'] = Uint8Array.from(await zstd(new Uint8Array(201 * 1024 * 1024)));
    expect(codes(await importDeck(zipSync(entries)))).toEqual(['file-too-large']);
  });

  it('HTML with a script: dropped from the text, and reported on its note and field', async () => {
    const spec = withNote(([question = '', answer = '']) => [
      `${question}<script>alert("x")</script>`,
      answer,
    ]);
    const deck = await importDeck(await buildLegacyPackage(spec));
    expect(deck.problems).toEqual([
      {
        code: 'script-removed',
        severity: 'error',
        where: { note: { id: '1700000010001', guid: 'b7#Kx2!qPa' }, card: 'Card 1', field: 'Front' },
      },
    ]);
    expect(JSON.stringify(deck.items)).not.toContain('alert');
  });

  it('a NUL or other control character in a field', async () => {
    const spec = withNote(([question = '', answer = '']) => [question, `${answer}\u0000`]);
    const deck = await importDeck(await buildLatestPackage(spec));
    expect(deck.problems).toEqual([
      expect.objectContaining({
        code: 'control-character',
        detail: 'U+0000',
        where: expect.objectContaining({ field: 'back' }),
      }),
    ]);
  });

  it('a field longer than Discord can show', async () => {
    const spec = withNote(([question = '']) => [question, '가'.repeat(801)]);
    const deck = await importDeck(await buildLatestPackage(spec));
    expect(deck.problems).toEqual([
      expect.objectContaining({
        code: 'too-long',
        detail: '800',
        where: expect.objectContaining({
          note: expect.objectContaining({ guid: 'b7#Kx2!qPa' }),
          field: 'back',
        }),
      }),
    ]);
  });

  it('a note type whose template names no field', async () => {
    const [basic, ...others] = KOREAN_DECK.noteTypes;
    if (!basic) throw new Error('fixture changed');
    const spec: CollectionSpec = {
      ...KOREAN_DECK,
      noteTypes: [
        { ...basic, templates: [{ name: '그림만', qfmt: '<img src="x.png">', afmt: '{{FrontSide}}' }] },
        ...others,
      ],
    };
    const deck = await importDeck(await buildLegacyPackage(spec));
    expect(deck.problems).toEqual([
      { code: 'unmapped-note-type', severity: 'error', where: { card: '그림만' }, detail: 'Basic' },
    ]);
  });

  it('image occlusion notes, which need their picture', async () => {
    const spec = withNote(() => ['ignored', '']);
    const [first, ...rest] = spec.notes;
    if (!first) throw new Error('fixture changed');
    const occlusion = {
      ...first,
      noteType: 1_690_000_000_004,
      fields: ['{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1}}', ''],
    };
    const deck = await importDeck(await buildLegacyPackage({ ...spec, notes: [occlusion, ...rest] }));
    expect(deck.problems).toEqual([
      { code: 'unmapped-note-type', severity: 'error', where: { card: 'cloze' }, detail: 'Cloze' },
    ]);
  });

  it('more than 5,000 items', async () => {
    const [note] = KOREAN_DECK.notes;
    if (!note) throw new Error('fixture changed');
    const notes = Array.from({ length: 5001 }, (_, index) => ({
      ...note,
      id: 1_700_000_100_000 + index,
      guid: `g${index}`,
      fields: [`질문 ${index}`, `답 ${index}`],
    }));
    const deck = await importDeck(await buildLegacyPackage({ ...KOREAN_DECK, notes }));
    expect(deck.problems).toEqual([
      {
        code: 'too-many-items',
        severity: 'error',
        where: { entry: 'collection.anki21' },
        detail: '5001/5000',
      },
    ]);
  });

  it('a file over 20 MB', async () => {
    const deck = await importDeck(new Uint8Array(20 * 1024 * 1024 + 1), 'big.apkg');
    expect(codes(deck)).toEqual(['file-too-large']);
  });
});

function deck(imported: ImportedDeck) {
  return imported.problems.map((problem) => ({ code: problem.code, entry: problem.where.entry }));
}
