import { describe, expect, it } from 'vitest';
import { formatProblem, loadContent } from '../../src/content/load.js';
import { BROKEN_CONTENT_DIR, CONTROL_CHARACTERS_DIR, FIXTURE_CONTENT_DIR } from '../support/content.js';

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

  it('refuses control characters (NUL included) with the file and line of each, before anything stores them', async () => {
    const result = await loadContent(CONTROL_CHARACTERS_DIR);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map((problem) => formatProblem(problem, CONTROL_CHARACTERS_DIR));
    expect(lines).toEqual([
      'controls.yaml:13: items[0].front.ko: control character U+0000 at position 5 (PostgreSQL cannot store it)',
      'controls.yaml:29: items[1].back.en: control character U+0007 at position 13',
      'controls.yaml:32: items[1].explanation.en: control character U+001B at position 8',
    ]);
  });

  it('refuses a deck over the item or size limit, and content over the total', async () => {
    const tooMany = await loadContent(FIXTURE_CONTENT_DIR, { maxItemsPerDeck: 3 });
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok)
      expect(tooMany.problems.map((problem) => formatProblem(problem, FIXTURE_CONTENT_DIR))).toEqual([
        expect.stringMatching(/^fixture\.yaml:\d+: the deck has \d+ items; a deck holds at most 3$/),
      ]);
    const tooBig = await loadContent(FIXTURE_CONTENT_DIR, { maxDeckBytes: 1000 });
    expect(tooBig.ok).toBe(false);
    if (!tooBig.ok)
      expect(tooBig.problems.map((problem) => formatProblem(problem, FIXTURE_CONTENT_DIR))).toEqual([
        expect.stringMatching(/^fixture\.yaml:1: the file is \d+ bytes; a deck file holds at most 1000$/),
      ]);
    const tooMuch = await loadContent(FIXTURE_CONTENT_DIR, { maxItemsTotal: 3 });
    expect(tooMuch.ok).toBe(false);
    if (!tooMuch.ok)
      expect(tooMuch.problems[0]?.reason).toMatch(/^the decks hold \d+ items; at most 3 in all$/);
  });

  it('reports a directory without decks instead of loading nothing', async () => {
    const result = await loadContent(`${FIXTURE_CONTENT_DIR}/does-not-exist`);
    expect(result.ok).toBe(false);
  });
});
