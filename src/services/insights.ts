import {
  findGroupLeechRecords,
  findRecentAnswers,
  findStartedMemories,
} from '../db/repositories/memory-insights.js';
import { findActiveParameterSets } from '../db/repositories/parameter-sets.js';
import { findItemCounts } from '../db/repositories/stats.js';
import { findOrCreateUser } from '../db/repositories/users.js';
import type { Deps } from '../deps.js';
import { forecastWorkload, trueRetention } from '../domain/forecast.js';
import { type GroupLeech, rankGroupLeeches } from '../domain/leeches.js';
import { chooseParameters, type ParameterLevel } from '../domain/tuning/levels.js';

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

/** How far back true retention looks, as the card's retention panel does. */
export const TRUE_RETENTION_DAYS = 30;
export const WORKLOAD_DAYS = 30;

export interface MemoryOutlook {
  /** Share of learned items recalled when due, over the last 30 days; null without such answers. */
  trueRetention: number | null;
  targetRetention: number;
  /** Expected reviews on each of the next 30 days, at the member's target and parameters. */
  workload: number[];
  /** Which parameters schedule the member now. */
  level: ParameterLevel;
}

/** What `/stats` adds: retention against the target, and what the target costs over the next 30 days. */
export async function loadMemoryOutlook(
  deps: Deps,
  p: { userId: string; guildId: string | null; now: Date },
): Promise<MemoryOutlook> {
  const user = await findOrCreateUser(deps.db, p.userId);
  const since = new Date(p.now.getTime() - TRUE_RETENTION_DAYS * 86_400_000);
  const [answers, memories, counts, sets] = await Promise.all([
    findRecentAnswers(deps.db, { userId: p.userId, since }),
    findStartedMemories(deps.db, p.userId),
    findItemCounts(deps.db, p.userId),
    findActiveParameterSets(deps.db, { userId: p.userId, guildId: p.guildId }),
  ]);
  const choice = chooseParameters(sets);
  const workload = forecastWorkload({
    states: memories,
    newItemsLeft: counts.fresh,
    dailyNewLimit: user.dailyNewLimit,
    targetRetention: user.targetRetention,
    parameters: choice.parameters,
    now: p.now,
    days: WORKLOAD_DAYS,
  });
  return {
    trueRetention: trueRetention(answers),
    targetRetention: user.targetRetention,
    workload,
    level: choice.level,
  };
}
