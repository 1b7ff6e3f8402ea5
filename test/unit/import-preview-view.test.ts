import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { importDeck } from '../../src/content/import/import-deck.js';
import { buildPreview } from '../../src/content/import/preview.js';
import { fitLines, renderImportSummary } from '../../src/discord/views/import-preview-view.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/import/${name}`, import.meta.url));
const embedLength = (embed: ReturnType<typeof renderImportSummary>) =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);

describe('import preview summary', () => {
  it('shows counts by kind, the mapping of each note type and the media note, in Korean', async () => {
    const preview = buildPreview(await importDeck(await fixture('korean-latest.apkg')), []);
    const embed = renderImportSummary(preview, '파일', 'ko');
    expect(embed.title).toBe('덱 미리 보기: 컨테이너 3주차');
    expect(embed.description).toContain('항목 9개 (플래시카드 5 · 빈칸 채우기 4)');
    expect(embed.description).toContain('새 항목 9 · 바뀐 항목 0 · 되살린 항목 0 · 보관할 항목 0 · 그대로 0');
    expect(embed.fields?.map((field) => field.name)).toEqual([
      '노트 유형을 이렇게 옮겼어요',
      '그림·소리가 있던 항목 1개',
    ]);
    expect(embed.fields?.[0]?.value).toContain(
      '용어 카드 / 용어 → 뜻 → 플래시카드: 앞면 용어, 영문, 뒷면 뜻, 예시 (1)',
    );
    expect(embed.fields?.[1]?.value).toContain('docker-whale.png');
  });

  it('lists problems with where they are, and fits Discord limits however many there are', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `외톨이 칸 ${i}`).join('\n');
    const preview = buildPreview(await importDeck(new TextEncoder().encode(`앞,뒤\n${rows}\n`), 'x.csv'));
    const embed = renderImportSummary(preview, 'x.csv', 'en');
    expect(preview.publishable).toBe(false);
    expect(embed.fields?.[0]?.name).toBe('400 problems');
    expect(embed.fields?.[0]?.value.startsWith('line 2: This row needs two columns')).toBe(true);
    expect(embed.fields?.[0]?.value).toMatch(/…and \d+ more$/);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    expect(embed.description).toContain('Nothing was saved.');
  });

  it('fitLines keeps whole lines and counts what it left out', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `${i}`.repeat(100));
    const fitted = fitLines('en', lines, 350);
    expect(fitted.split('\n')).toEqual([lines[0], lines[1], lines[2], '…and 7 more']);
  });
});
