// `npm run content:check [dir]`: validates every deck and prints `file:line: reason` for each problem.
import { formatProblem, loadContent } from './load.js';

const dir = process.argv[2] ?? 'content';
const result = await loadContent(dir);
if (result.ok) {
  const items = result.content.decks.reduce((sum, deck) => sum + deck.items.length, 0);
  console.log(
    `content OK: ${result.content.decks.length} decks, ${items} items, ${result.content.sections.length} sections`,
  );
} else {
  for (const problem of result.problems) console.error(formatProblem(problem));
  console.error(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} found`);
  process.exitCode = 1;
}
