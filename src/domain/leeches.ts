/**
 * Leeches: items a member keeps forgetting, and the items a whole group forgets most.
 *
 * For one member an item is a leech once it has lapsed (been forgotten after it was learned) several times and
 * FSRS rates it near the top of its difficulty scale (1–10). Anki flags leeches at 8 lapses; a study group
 * meets each item far less often than an Anki user meets a card, so the bar is lower. The next time a leech
 * comes up the member sees its explanation before the question; after a few misses in one day it is put
 * aside until the next local day, so one item cannot eat a whole session.
 */

export const LEECH_LAPSES = 4;
export const LEECH_DIFFICULTY = 8;
/** Misses of a leech in one local day after which it waits until tomorrow. */
export const LEECH_MISSES_PER_DAY = 2;

export function isLeech(memory: { lapses: number; difficulty: number }): boolean {
  return memory.lapses >= LEECH_LAPSES && memory.difficulty >= LEECH_DIFFICULTY;
}

/**
 * When a leech just missed again should come back: at the start of the member's next local day once it has
 * been missed `LEECH_MISSES_PER_DAY` times today, otherwise null (the normal schedule stands).
 */
export function leechSuspendedUntil(p: {
  memory: { lapses: number; difficulty: number };
  missesToday: number;
  startOfTomorrow: Date;
}): Date | null {
  return isLeech(p.memory) && p.missesToday >= LEECH_MISSES_PER_DAY ? p.startOfTomorrow : null;
}

/** One member's record on one item, from their review log (answers given once the item was learned). */
export interface MemberItemRecord {
  itemId: string;
  userId: string;
  /** Answers given in the review state (the item was learned and due to be remembered). */
  reviews: number;
  /** Of those, the ones rated Again. */
  lapses: number;
  /** Of those, the ones with FSRS' prediction kept (answers logged before it was kept have none) ... */
  predictedReviews: number;
  /** ... the sum of those predictions ... */
  predictedSum: number;
  /** ... and the ones among them rated Again. */
  predictedLapses: number;
}

export interface GroupLeech {
  itemId: string;
  /** Members who answered it in the review state. */
  members: number;
  /** Share of those members who forgot it at least once. */
  lapseRate: number;
  /** Mean over members of (predicted recall − actual recall): how much worse it goes than FSRS expects. */
  recallGap: number;
}

export const MIN_MEMBERS_FOR_GROUP_LEECH = 3;

/**
 * The items the group forgets most. Members are counted, not reviews, so one member drilling an item twenty
 * times does not make it look hard for everyone: ranked by the share of members who forgot it, then by how
 * far actual recall falls below FSRS' prediction (a large gap on an item everyone rates well suggests it is
 * badly written rather than hard).
 */
export function rankGroupLeeches(
  records: readonly MemberItemRecord[],
  options: { minMembers?: number; limit?: number } = {},
): GroupLeech[] {
  const minMembers = options.minMembers ?? MIN_MEMBERS_FOR_GROUP_LEECH;
  const byItem = new Map<string, { members: number; lapsed: number; gapSum: number; gapMembers: number }>();
  for (const record of records) {
    if (record.reviews <= 0) continue;
    const entry = byItem.get(record.itemId) ?? { members: 0, lapsed: 0, gapSum: 0, gapMembers: 0 };
    entry.members += 1;
    if (record.lapses > 0) entry.lapsed += 1;
    if (record.predictedReviews > 0) {
      const actual = (record.predictedReviews - record.predictedLapses) / record.predictedReviews;
      entry.gapSum += record.predictedSum / record.predictedReviews - actual;
      entry.gapMembers += 1;
    }
    byItem.set(record.itemId, entry);
  }
  const ranked: GroupLeech[] = [];
  for (const [itemId, entry] of byItem) {
    if (entry.members < minMembers || entry.lapsed === 0) continue;
    ranked.push({
      itemId,
      members: entry.members,
      lapseRate: entry.lapsed / entry.members,
      recallGap: entry.gapMembers === 0 ? 0 : entry.gapSum / entry.gapMembers,
    });
  }
  ranked.sort(
    (a, b) =>
      b.lapseRate - a.lapseRate ||
      b.recallGap - a.recallGap ||
      b.members - a.members ||
      a.itemId.localeCompare(b.itemId),
  );
  return ranked.slice(0, options.limit ?? 10);
}
