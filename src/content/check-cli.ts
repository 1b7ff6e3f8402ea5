// `npm run content:check [dir]`: validates every deck and prints `file:line: reason` for each problem, then the
// length-giveaway figures of the choice questions per deck and language.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findBiasProblems, formatDeckBias, measureDeck } from './bias.js';
import { type ContentProblem, formatProblem, type LoadedDeck, loadContent } from './load.js';

const dir = process.argv[2] ?? 'content';
const result = await loadContent(dir);
if (result.ok) {
  const { decks, sections } = result.content;
  const items = decks.reduce((sum, deck) => sum + deck.items.length, 0);
  for (const deck of decks) for (const bias of measureDeck(deck)) console.log(formatDeckBias(bias));
  const problems = await Promise.all(
    findBiasProblems(decks).map((problem) =>
      locate(
        problem,
        decks.find((deck) => deck.id === problem.deckId),
      ),
    ),
  );
  if (problems.length === 0) {
    console.log(`content OK: ${decks.length} decks, ${items} items, ${sections.length} sections`);
  } else {
    report(problems);
  }
} else {
  report(result.problems);
}

function report(problems: ContentProblem[]): void {
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(`${problems.length} problem${problems.length === 1 ? '' : 's'} found`);
  process.exitCode = 1;
}

/** A deck's file is named after its id (the loader checks it); the item is found by its `id:` line. */
async function locate(
  problem: { deckId: string; itemId?: string; reason: string },
  deck: LoadedDeck | undefined,
): Promise<ContentProblem> {
  const file = path.join(dir, `${deck?.id ?? problem.deckId}.yaml`);
  let line = 1;
  if (problem.itemId) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    const index = lines.findIndex((text) =>
      new RegExp(`^\\s*-?\\s*id:\\s*${problem.itemId}\\s*$`).test(text),
    );
    if (index >= 0) line = index + 1;
  }
  return { file, line, reason: problem.itemId ? `${problem.itemId}: ${problem.reason}` : problem.reason };
}
