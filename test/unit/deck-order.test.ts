import { describe, expect, it } from 'vitest';
import { orderDecksByNotes } from '../../src/content/deck-order.js';

const sections = [{ id: 'intro' }, { id: 'vm' }, { id: 'container' }, { id: 'docker' }];

function deck(id: string, position: number, ...itemSections: string[]) {
  return { id, position, items: itemSections.map((section) => ({ section })) };
}

describe('deck order', () => {
  it('lists decks in the order of the notes, whatever their file names, and renumbers their positions', () => {
    const read = [
      deck('containers', 0, 'container'),
      deck('docker', 1, 'docker'),
      deck('virtualization', 2, 'vm', 'intro'),
    ];
    expect(orderDecksByNotes(read, sections).map((d) => [d.id, d.position])).toEqual([
      ['virtualization', 0],
      ['containers', 1],
      ['docker', 2],
    ]);
  });

  it('places a deck by the earliest section any of its items comes from', () => {
    const read = [deck('late-start', 0, 'docker', 'vm'), deck('early-only', 1, 'container')];
    expect(orderDecksByNotes(read, sections).map((d) => d.id)).toEqual(['late-start', 'early-only']);
  });

  it('keeps the reading order of decks that start at the same section', () => {
    const read = [deck('b', 0, 'vm'), deck('a', 1, 'vm')];
    expect(orderDecksByNotes(read, sections).map((d) => d.id)).toEqual(['b', 'a']);
  });

  it('leaves the decks it is given untouched', () => {
    const read = [deck('second', 0, 'docker'), deck('first', 1, 'intro')];
    orderDecksByNotes(read, sections);
    expect(read.map((d) => [d.id, d.position])).toEqual([
      ['second', 0],
      ['first', 1],
    ]);
  });
});
