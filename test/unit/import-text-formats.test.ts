import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { keyFromAnki, keyFromFront } from '../../src/content/import/checks.js';
import { detectFormat } from '../../src/content/import/detect.js';
import { importDeck } from '../../src/content/import/import-deck.js';
import type { ImportedDeck } from '../../src/content/import/model.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/import/${name}`, import.meta.url));
const encode = (text: string) => new TextEncoder().encode(text);
const fronts = (deck: ImportedDeck) =>
  deck.items.map(({ content }) =>
    content.kind === 'flashcard'
      ? content.front.ko
      : content.kind === 'cloze'
        ? content.text.ko
        : content.kind === 'ordering'
          ? content.prompt.ko
          : content.question.ko,
  );

describe("Anki's text export", () => {
  it('keeps the same item keys as the same notes in a package, by guid', async () => {
    const text = await importDeck(await fixture('korean-notes.txt'), 'korean-notes.txt');
    const apkg = await importDeck(await fixture('korean-latest.apkg'));
    expect(text.format).toBe('anki-text');
    expect(text.problems).toEqual([]);
    const keys = text.items.map((item) => item.key);
    expect(keys).toEqual([
      keyFromAnki('b7#Kx2!qPa', 0),
      keyFromAnki('Hq9]zL0m$e', 0),
      keyFromAnki('Hq9]zL0m$e', 1),
      keyFromAnki('Zr5/Yk1+uc', 0),
      keyFromAnki('Zr5/Yk1+uc', 1),
      keyFromAnki('Zr5/Yk1+uc', 2),
    ]);
    for (const item of text.items) {
      expect(item.content).toEqual(apkg.items.find((other) => other.key === item.key)?.content);
    }
  });

  it('reads the deck, tags and line of each row from its columns', async () => {
    const text = await importDeck(await fixture('korean-notes.txt'));
    expect(text.items[0]).toMatchObject({
      deck: '컨테이너 3주차::도커',
      tags: ['docker', '3주차'],
      origin: { line: 7 },
      media: ['docker-whale.png'],
    });
    expect(text.items.at(-1)?.origin).toEqual({ line: 9, card: 'c3' });
  });

  it('makes the reverse card of an optional-reversed note only when "Add Reverse" is filled', async () => {
    const text = [
      '#separator:tab',
      '#notetype:Basic (optional reversed card)',
      '앞1\t뒤1\ty',
      '앞2\t뒤2\t',
    ].join('\n');
    const deck = await importDeck(encode(text), 'x.txt');
    expect(deck.problems).toEqual([]);
    expect(fronts(deck)).toEqual(['앞1', '뒤1', '앞2']);
    expect(deck.items[0]?.content).toMatchObject({ back: { ko: '뒤1' } });
  });

  it('honours #separator and #html:false (text stays text)', async () => {
    const deck = await importDeck(encode('#separator:Pipe\n#html:false\n<b>굵게</b>가 아님|뒤\n'), 'x.txt');
    expect(deck.items[0]?.content).toMatchObject({
      front: { ko: '\\<b\\>굵게\\</b\\>가 아님' },
      back: { ko: '뒤' },
    });
  });
});

describe('plain CSV', () => {
  it('skips a header row, reads quoted multi-line fields and keys items by their front', async () => {
    const deck = await importDeck(await fixture('plain.csv'), 'plain.csv');
    expect(deck.format).toBe('csv');
    expect(deck.problems).toEqual([]);
    expect(fronts(deck)).toEqual(['컨테이너란?', '이미지와 컨테이너의 차이는?', '포트 매핑 옵션은?']);
    expect(deck.items[1]?.content).toMatchObject({
      back: { ko: '이미지는 템플릿이고,\n컨테이너는 실행 중인 인스턴스다' },
    });
    expect(deck.items.map((item) => item.origin.line)).toEqual([2, 3, 5]);
    expect(deck.items[0]?.key).toBe(keyFromFront('컨테이너란?'));
    // Spacing and case do not change the key; rewording does.
    expect(keyFromFront('  컨테이너란 ?')).not.toBe(keyFromFront('컨테이너란?'));
    expect(keyFromFront('Docker  IS')).toBe(keyFromFront('docker is'));
  });

  it('reports a row with one column on its line', async () => {
    const deck = await importDeck(encode('질문,답\n혼자인 칸\n또,하나\n'), 'x.csv');
    expect(deck.problems).toEqual([{ code: 'bad-row', severity: 'error', where: { line: 2 }, detail: '1' }]);
  });

  it('reports two rows with the same front as a duplicate, naming the first', async () => {
    const deck = await importDeck(encode('도커란?,도구\n도커란?,다른 답\n'), 'x.csv');
    expect(deck.problems).toEqual([
      { code: 'duplicate-key', severity: 'error', where: { line: 2, card: 'Card 1' }, detail: 'line 1' },
    ]);
  });
});

describe('Markdown notes', () => {
  it('reads Q::A, Q:::A both ways, multi-line ? cards and ==highlight== gaps', async () => {
    const deck = await importDeck(await fixture('notes.md'), 'notes.md');
    expect(deck.format).toBe('markdown');
    expect(deck.title).toBe('컨테이너 3주차');
    expect(deck.problems).toEqual([]);
    expect(fronts(deck)).toEqual([
      '도커는 무엇인가?',
      '이미지',
      '읽기 전용 템플릿',
      'Dockerfile → build → 이미지 순서에서\n빌드 명령은?',
      '도커 이미지는 ___에 push 하고 pull로 받는다.',
      '도커 이미지는 레지스트리에 push 하고 ___로 받는다.',
    ]);
    expect(deck.items.map((item) => item.origin.line)).toEqual([3, 4, 4, 6, 11, 11]);
    expect(deck.items[3]?.content).toMatchObject({ back: { ko: '`docker build`' } });
    expect(deck.items[5]?.content).toMatchObject({ kind: 'cloze', answer: { ko: 'pull' } });
  });
});

describe('boksup YAML', () => {
  it('reads choice, ordering and cloze items, plain strings standing for both languages', async () => {
    const deck = await importDeck(await fixture('deck.yaml'), 'deck.yaml');
    expect(deck.problems).toEqual([]);
    expect(deck.title).toBe('컨테이너 4주차');
    expect(deck.items.map((item) => [item.key, item.content.kind, item.origin.line])).toEqual([
      ['k8s-pod', 'flashcard', 6],
      ['ecs-launch-type', 'multiple_choice', 10],
      ['deploy-order', 'ordering', 19],
      ['bilingual', 'cloze', 23],
    ]);
    expect(deck.items[2]?.content).toMatchObject({
      steps: [{ ko: '빌드', en: '빌드' }, { ko: '푸시' }, { ko: '배포' }],
    });
    expect(deck.items[3]?.content).toMatchObject({ answer: { en: 'blueprint' }, accept: ['설계도'] });
  });

  it('reports a bad id and an answer out of range on their lines', async () => {
    const yaml = [
      'items:',
      '  - id: Not Kebab',
      '    kind: flashcard',
      '    front: 앞',
      '    back: 뒤',
      '  - id: choice',
      '    kind: multiple_choice',
      '    question: 질문',
      '    options: [{ text: 가 }, { text: 나, why: 아님 }]',
      '    answer: 5',
    ].join('\n');
    const deck = await importDeck(encode(yaml), 'deck.yml');
    expect(deck.problems).toEqual([
      expect.objectContaining({ code: 'invalid-item', where: { line: 6, field: 'answer' }, detail: '5' }),
      expect.objectContaining({ code: 'invalid-item', where: { line: 2, field: 'id' } }),
    ]);
  });
});

describe('format detection by content', () => {
  it('recognizes each format whatever the file is called', async () => {
    expect(detectFormat(await fixture('korean-legacy.apkg'), 'deck.txt')).toBe('anki-package');
    expect(detectFormat(await fixture('korean-notes.txt'), 'notes.csv')).toBe('anki-text');
    expect(detectFormat(await fixture('notes.md'), 'notes.txt')).toBe('markdown');
    expect(detectFormat(await fixture('deck.yaml'), 'deck.txt')).toBe('yaml');
    expect(detectFormat(await fixture('plain.csv'), 'cards')).toBe('csv');
    expect(detectFormat(encode('SQLite format 3\u0000rest'), 'x')).toBe('anki-collection');
  });

  it('refuses bytes that are not UTF-8 text or a known binary', async () => {
    const deck = await importDeck(Uint8Array.of(0xff, 0xfe, 0x00, 0xd8, 0x41), 'x.bin');
    expect(deck.problems).toEqual([
      { code: 'unknown-format', severity: 'error', where: {}, detail: 'not-utf8' },
    ]);
  });

  it('refuses an empty file', async () => {
    expect((await importDeck(new Uint8Array(), 'x.csv')).problems).toEqual([
      { code: 'empty', severity: 'error', where: {} },
    ]);
  });
});
