import { findGroupLeechRecords } from '../db/repositories/memory-insights.js';
import type { Deps } from '../deps.js';
import { type GroupLeech, rankGroupLeeches } from '../domain/leeches.js';

/** How far back the group's leech list looks: long enough for most items to have come back a few times. */
export const GROUP_LEECH_DAYS = 90;

/** The items a server's members forget most (for `/admin leeches`), with their content. */
export async function loadGroupLeeches(
  deps: Deps,
  p: { guildId: string; now: Date },
): Promise<
  (GroupLeech & { headline: { ko: string; en: string } | null; section: { ko: string; en: string } | null })[]
> {
  const since = new Date(p.now.getTime() - GROUP_LEECH_DAYS * 86_400_000);
  const records = await findGroupLeechRecords(deps.db, { guildId: p.guildId, since });
  return rankGroupLeeches(records).map((leech) => {
    const found = deps.catalog.findItem(leech.itemId);
    return {
      ...leech,
      headline: found ? itemHeadline(found.item) : null,
      section: found?.section?.title ?? null,
    };
  });
}

type Item = NonNullable<ReturnType<Deps['catalog']['findItem']>>['item'];

/** The line that names an item in a list: what the member is asked. */
export function itemHeadline(item: Item): { ko: string; en: string } {
  switch (item.kind) {
    case 'flashcard':
      return item.front;
    case 'multiple_choice':
    case 'scenario':
      return item.question;
    case 'ordering':
      return item.prompt;
    case 'cloze':
      return item.text;
  }
}
