/**
 * The order decks are listed and their new items served in: the order of the notes. A deck's place is that of
 * the earliest section any of its items comes from, so a member starts where the notes start; decks that tie keep
 * the order they were read in (file names).
 */
export function orderDecksByNotes<Deck extends { position: number; items: readonly { section: string }[] }>(
  decks: readonly Deck[],
  sections: readonly { id: string }[],
): Deck[] {
  const sectionIndex = new Map(sections.map((section, index) => [section.id, index]));
  const place = (deck: Deck) =>
    Math.min(...deck.items.map((item) => sectionIndex.get(item.section) ?? sections.length), sections.length);
  return decks
    .map((deck, read) => ({ deck, read, place: place(deck) }))
    .sort((a, b) => a.place - b.place || a.read - b.read)
    .map(({ deck }, position) => ({ ...deck, position }));
}
