/**
 * Planning a study session: what to review, in what order, and how many new items the member may still meet today.
 */

export const SESSION_LENGTH = 20;
export const DEFAULT_DAILY_NEW_LIMIT = 20;
export const MAX_DAILY_NEW_LIMIT = 200;

export interface DueCandidate {
  itemId: string;
  due: Date;
}

/**
 * The queue for a session: due items first, the most overdue first (they are the most likely to be forgotten),
 * then new items in deck order (decks are written so that earlier items prepare later ones), up to the number of
 * new items left for today and the session length.
 */
export function planSessionQueue(p: {
  due: readonly DueCandidate[];
  newItemIds: readonly string[];
  newLeftToday: number;
  sessionLength?: number;
}): string[] {
  const length = p.sessionLength ?? SESSION_LENGTH;
  const dueIds = [...p.due]
    .sort((a, b) => a.due.getTime() - b.due.getTime())
    .map((candidate) => candidate.itemId);
  const queue = dueIds.slice(0, length);
  const newCount = Math.max(0, Math.min(p.newLeftToday, length - queue.length));
  queue.push(...p.newItemIds.filter((id) => !queue.includes(id)).slice(0, newCount));
  return queue;
}

/** New items still allowed today, given how many the member has already started. */
export function newItemsLeftToday(dailyLimit: number, startedToday: number): number {
  return Math.max(0, dailyLimit - startedToday);
}

/** `▰▰▰▱▱▱▱ 7/20` */
export function progressBar(done: number, total: number, width = 10): string {
  const safeTotal = Math.max(1, total);
  const filled = Math.min(width, Math.round((Math.min(done, safeTotal) / safeTotal) * width));
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)} ${done}/${total}`;
}
