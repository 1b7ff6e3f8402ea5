/**
 * Reading an uploaded deck: an Anki package of NOTES basic and cloze notes (half each, HTML in every field), in
 * both layouts (version 2: schema 11, deflate; version 3: schema 18, zstd), from the bytes to the checked deck
 * model and its preview. The reference is reading the same bytes' zip entries alone, in the same run.
 *
 *   npx tsx bench/deck-import.ts        (NOTES=500 and 3300 by default, the larger just under the 5,000-item limit; RUNS=5)
 */
import { unzipSync } from 'fflate';
import { importDeck } from '../src/content/import/import-deck.js';
import { buildPreview } from '../src/content/import/preview.js';
import { KOREAN_DECK } from '../test/fixtures/import/korean-deck.js';
import {
  buildLatestPackage,
  buildLegacyPackage,
  type CollectionSpec,
  type NoteSpec,
} from '../test/support/anki-package-builder.js';
import { type BenchRow, log, median, runIfMain } from './lib.js';

const SIZES = (process.env.NOTES ?? '500,3300').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 5);

function deckOf(notes: number): CollectionSpec {
  const [basic, , , cloze] = KOREAN_DECK.noteTypes;
  if (!basic || !cloze) throw new Error('fixture changed');
  const list: NoteSpec[] = Array.from({ length: notes }, (_, i) =>
    i % 2 === 0
      ? {
          id: 1_700_000_100_000 + i,
          guid: `basic-${i}`,
          noteType: basic.id,
          fields: [
            `<b>질문 ${i}</b>: 컨테이너는 무엇인가?`,
            `<div>답 ${i}</div><div><i>애플리케이션</i>을 묶은 단위</div>`,
          ],
          tags: ['bench'],
          cards: [{ ord: 0, deck: 1_700_000_000_002 }],
        }
      : {
          id: 1_700_000_100_000 + i,
          guid: `cloze-${i}`,
          noteType: cloze.id,
          fields: [`{{c1::도커}}는 ${i}번째 {{c2::컨테이너::힌트}} 도구다.`, '<i>덧붙임</i>'],
          tags: ['bench'],
          cards: [
            { ord: 0, deck: 1_700_000_000_002 },
            { ord: 1, deck: 1_700_000_000_002 },
          ],
        },
  );
  return { ...KOREAN_DECK, notes: list };
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const notes of SIZES) {
    const spec = deckOf(notes);
    for (const [layout, build] of [
      ['v2 schema 11', buildLegacyPackage],
      ['v3 schema 18 zstd', buildLatestPackage],
    ] as const) {
      const bytes = await build(spec);
      await importDeck(bytes); // warm-up: WebAssembly compiled, JIT settled
      const imports: number[] = [];
      const unzips: number[] = [];
      let items = 0;
      for (let i = 0; i < RUNS; i++) {
        imports.push(
          await time(async () => {
            const deck = await importDeck(bytes);
            buildPreview(deck);
            items = deck.items.length;
          }),
        );
        unzips.push(await time(() => unzipSync(bytes)));
      }
      log(`${notes} notes, ${layout}: ${items} items, ${bytes.length} bytes`);
      const unzip = median(unzips);
      const value = median(imports);
      rows.push({
        bench: 'deck import',
        figure: `${notes} notes (${items} items), ${layout}, ${(bytes.length / 1024).toFixed(0)} KiB`,
        value: Math.round(value),
        unit: 'ms',
        reference: { name: 'unzip alone', value: Math.round(unzip * 10) / 10, unit: 'ms' },
        ratio: Math.round((value / Math.max(unzip, 0.1)) * 10) / 10,
        target: '< 60 s for a few hundred notes',
        pass: value < 60_000,
      });
    }
  }
  return rows;
}

runIfMain(import.meta.url, 'deck-import', run);
