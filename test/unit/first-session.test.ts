import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { DEFAULT_DAILY_NEW_LIMIT, planSessionQueue } from '../../src/domain/session.js';

/**
 * What a new member meets first: the decks as written, served new in deck position then file order (the order
 * the database hands new items out in), planned into a first session with the default daily limit.
 */
const CONTENT_DIR = fileURLToPath(new URL('../../content/', import.meta.url));

describe('a new member’s first session over the study decks', async () => {
  const result = await loadContent(CONTENT_DIR);
  if (!result.ok) throw new Error(`content does not load: ${JSON.stringify(result.problems)}`);
  const { decks, sections } = result.content;
  const items = [...decks].sort((a, b) => a.position - b.position).flatMap((deck) => deck.items);
  const queue = planSessionQueue({
    due: [],
    newItemIds: items.map((item) => item.id),
    newLeftToday: DEFAULT_DAILY_NEW_LIMIT,
  });
  const served = queue.map((id) => items.find((item) => item.id === id));

  it('starts where the notes start', () => {
    expect(served[0]?.section).toBe(sections[0]?.id);
  });

  it('meets a flashcard, a scenario, a cloze and an ordering item', () => {
    const kinds = new Set(served.map((item) => item?.kind));
    for (const kind of ['flashcard', 'scenario', 'cloze', 'ordering']) expect(kinds).toContain(kind);
  });

  it('stays within the first sections of the notes, in their order', () => {
    const sectionIndex = served.map((item) => sections.findIndex((section) => section.id === item?.section));
    expect(Math.max(...sectionIndex)).toBeLessThanOrEqual(1);
    expect(sectionIndex).toEqual([...sectionIndex].sort((a, b) => a - b));
  });
});
