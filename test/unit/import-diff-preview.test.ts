import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { diffImport, hashImportedItem, type PublishedItem } from '../../src/content/import/diff.js';
import { writeDeckYaml } from '../../src/content/import/export-yaml.js';
import { importDeck } from '../../src/content/import/import-deck.js';
import type { ImportedItem } from '../../src/content/import/model.js';
import { buildPreview } from '../../src/content/import/preview.js';
import { KOREAN_DECK } from '../fixtures/import/korean-deck.js';
import { buildLatestPackage } from '../support/anki-package-builder.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/import/${name}`, import.meta.url));
const published = (items: readonly ImportedItem[]): PublishedItem[] =>
  items.map((item) => ({ key: item.key, contentHash: hashImportedItem(item), retired: false }));

describe('diff of an import against the published deck', () => {
  it('a re-import of the same file changes nothing', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    const diff = diffImport(published(deck.items), deck.items);
    expect(diff).toEqual({
      added: [],
      changed: [],
      restored: [],
      retired: [],
      unchanged: deck.items.map((i) => i.key),
    });
  });

  it('an edited package: edited notes change in place, new ones are added, removed ones retired', async () => {
    const before = await importDeck(await fixture('korean-latest.apkg'));
    const [first, second, , ...rest] = KOREAN_DECK.notes;
    if (!first || !second) throw new Error('fixture changed');
    const added = { ...first, id: 1_700_000_020_001, guid: 'new-note-1', fields: ['새 질문', '새 답'] };
    const edited = { ...first, fields: ['<b>도커</b>는 어떤 도구인가요?', first.fields[1] ?? ''] };
    // The typed-answer note (third) is dropped.
    const after = await importDeck(
      await buildLatestPackage({ ...KOREAN_DECK, notes: [edited, second, ...rest, added] }),
    );
    const diff = diffImport(published(before.items), after.items);
    expect(diff.changed).toEqual([before.items[0]?.key]);
    expect(diff.added).toEqual([after.items.at(-1)?.key]);
    expect(diff.retired).toEqual([before.items[3]?.key]);
    expect(diff.unchanged).toHaveLength(before.items.length - 2);
  });

  it('an item retired earlier and back in the import is restored, not added', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    const [first, ...rest] = published(deck.items);
    if (!first) throw new Error('fixture changed');
    const diff = diffImport([{ ...first, retired: true }, ...rest], deck.items);
    expect(diff.restored).toEqual([first.key]);
    expect(diff.added).toEqual([]);
    expect(diff.retired).toEqual([]);
  });
});

describe('import preview', () => {
  it('counts by kind, says how note types were mapped, which items had media, and picks three samples', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    const preview = buildPreview(deck);
    expect(preview).toMatchObject({
      format: 'anki-package',
      title: '컨테이너 3주차',
      total: 9,
      counts: { flashcard: 5, cloze: 4 },
      errors: [],
      warnings: [],
      publishable: true,
      withMedia: [{ key: deck.items[0]?.key, media: ['docker-whale.png'] }],
    });
    expect(preview.samples.map((item) => item.key)).toEqual(
      [deck.items[0], deck.items[4], deck.items[8]].map((item) => item?.key),
    );
    expect(preview.mappings).toHaveLength(7);
    expect(preview.diff).toBeUndefined();
  });

  it('is not publishable with an error, and carries the diff on a re-import', async () => {
    const deck = await importDeck(new TextEncoder().encode('도커란?,도구\n도커란?,다른 답\n'), 'x.csv');
    const preview = buildPreview(deck, []);
    expect(preview.publishable).toBe(false);
    expect(preview.errors.map((problem) => problem.code)).toEqual(['duplicate-key']);
    expect(preview.diff?.added).toEqual([deck.items[0]?.key]);
  });
});

describe('export as boksup YAML', () => {
  it('round-trips: an exported deck imports onto the same keys with the same content', async () => {
    const original = await importDeck(await fixture('korean-latest.apkg'));
    const yaml = writeDeckYaml({ title: '컨테이너 3주차', items: original.items });
    const again = await importDeck(new TextEncoder().encode(yaml), 'export.yaml');
    expect(again.format).toBe('yaml');
    expect(again.problems).toEqual([]);
    expect(again.title).toBe('컨테이너 3주차');
    expect(again.items.map(({ key, content, deck }) => ({ key, content, deck }))).toEqual(
      original.items.map(({ key, content, deck }) => ({ key, content, deck })),
    );
    // So a re-import of the exported file changes nothing.
    expect(diffImport(published(original.items), again.items).unchanged).toHaveLength(original.items.length);
  });

  it('writes a one-language text once and keeps two languages apart', async () => {
    const deck = await importDeck(await fixture('deck.yaml'));
    const yaml = writeDeckYaml({ title: 'x', items: deck.items });
    expect(yaml).toContain('front: 쿠버네티스에서 배포하는 가장 작은 단위는?\n');
    expect(yaml).toContain(
      "    text:\n      ko: 태스크 정의는 ECS의 ___이다.\n      en: A task definition is ECS's ___.\n",
    );
  });
});
