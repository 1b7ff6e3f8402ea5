import { describe, expect, it } from 'vitest';
import { formatProblem, loadContent } from '../../src/content/load.js';
import { BROKEN_CONTENT_DIR, FIXTURE_CONTENT_DIR } from '../support/content.js';

describe('content loader', () => {
  it('loads the fixture deck with every item kind', async () => {
    const result = await loadContent(FIXTURE_CONTENT_DIR);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.content.decks.map((deck) => deck.id)).toEqual(['fixture']);
    expect(new Set(result.content.decks[0]?.items.map((item) => item.kind))).toEqual(
      new Set(['flashcard', 'multiple_choice', 'scenario', 'ordering', 'cloze']),
    );
  });

  it('reports every problem of a broken deck with its file and line', async () => {
    const result = await loadContent(BROKEN_CONTENT_DIR);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map((problem) => formatProblem(problem, BROKEN_CONTENT_DIR));
    expect(lines).toEqual(
      expect.arrayContaining([
        'broken.yaml:13: items[0].front.en: missing English translation',
        'broken.yaml:20: duplicate item id "dup-item" (also in broken.yaml)',
        'broken.yaml:22: unknown section "nowhere"',
        'broken.yaml:29: answer index 5 is out of range (2 options)',
      ]),
    );
  });

  it('reports a directory without decks instead of loading nothing', async () => {
    const result = await loadContent(`${FIXTURE_CONTENT_DIR}/does-not-exist`);
    expect(result.ok).toBe(false);
  });
});
