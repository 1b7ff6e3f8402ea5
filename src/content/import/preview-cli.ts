// `npm run deck:preview -- <file> [--en]`: reads a deck file as `/deck import` would and prints the preview in
// the terminal (format, counts, how note types were mapped, media, every problem with where it is, three sample
// items). Exits 1 when the file could not be published as it is. Nothing is written anywhere.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeImportProblem } from '../../discord/views/import-problems.js';
import type { Locale } from '../../i18n/messages.js';
import { importDeck } from './import-deck.js';
import type { ImportedItem } from './model.js';
import { buildPreview, KIND_ORDER } from './preview.js';

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));
const locale: Locale = args.includes('--en') ? 'en' : 'ko';
if (!file) {
  console.error('usage: npm run deck:preview -- <file.apkg|.txt|.csv|.md|.yaml> [--en]');
  process.exit(2);
}

const deck = await importDeck(await readFile(file), path.basename(file));
const preview = buildPreview(deck);
console.log(`${path.basename(file)}: ${preview.format}${preview.title ? `, "${preview.title}"` : ''}`);
const counts = KIND_ORDER.filter((kind) => preview.counts[kind]).map(
  (kind) => `${kind} ${preview.counts[kind]}`,
);
console.log(`${preview.total} items${counts.length ? `: ${counts.join(', ')}` : ''}`);
for (const m of preview.mappings) {
  console.log(
    `  ${m.noteType} / ${m.card} → ${m.kind}: front ${m.front.join(', ')}; back ${m.back.join(', ')} (${m.items})`,
  );
}
if (preview.withMedia.length > 0) {
  const files = new Set(preview.withMedia.flatMap((item) => item.media));
  console.log(`${preview.withMedia.length} items referred to media (not shown): ${[...files].join(', ')}`);
}
for (const problem of [...preview.errors, ...preview.warnings]) {
  console.log(
    `${problem.severity === 'error' ? 'error' : 'note '} ${describeImportProblem(locale, problem)}`,
  );
}
for (const [index, item] of preview.samples.entries()) console.log(`\n[${index + 1}] ${describeItem(item)}`);
console.log(preview.publishable ? '\nready to publish' : '\nnot publishable as it is');
process.exitCode = preview.publishable ? 0 : 1;

function describeItem({ key, deck: subDeck, content }: ImportedItem): string {
  const head = `${content.kind} ${key}${subDeck ? ` (${subDeck})` : ''}`;
  switch (content.kind) {
    case 'flashcard':
      return `${head}\n${content.front[locale]}\n---\n${content.back[locale]}`;
    case 'cloze':
      return `${head}\n${content.text[locale]}\n--- ${content.answer[locale]}`;
    case 'ordering':
      return `${head}\n${content.prompt[locale]}\n${content.steps.map((step) => `- ${step[locale]}`).join('\n')}`;
    default:
      return `${head}\n${content.question[locale]}\n${content.options.map((o) => `- ${o.text[locale]}`).join('\n')}`;
  }
}
