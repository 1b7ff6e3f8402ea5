// Writes the Anki package fixtures in both layouts from one deck description:
//   test/fixtures/import/korean-legacy.apkg  (package version 2, schema 11, as "Support older Anki versions")
//   test/fixtures/import/korean-latest.apkg  (package version 3, schema 18, zstd: Anki 23.10+ default)
// Run with `npm run fixtures:anki` after changing the deck or the builder; the outputs are committed.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KOREAN_DECK, WHALE_PNG } from '../test/fixtures/import/korean-deck.js';
import { buildLatestPackage, buildLegacyPackage } from '../test/support/anki-package-builder.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'import');
const media = [{ name: 'docker-whale.png', bytes: WHALE_PNG }];
const outputs = {
  'korean-legacy.apkg': await buildLegacyPackage(KOREAN_DECK, media),
  'korean-latest.apkg': await buildLatestPackage(KOREAN_DECK, media),
};
for (const [name, bytes] of Object.entries(outputs)) {
  await writeFile(path.join(dir, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}
