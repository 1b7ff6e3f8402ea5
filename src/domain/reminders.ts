/**
 * Whether a member's daily reminder should actually be sent when it fires.
 *
 * The rule, in order:
 * 1. Already reviewed today (stored `lastDay` is the member's local today) → don't send: the reminder's
 *    job is done, whatever is still due. A `lastDay` after today (clock skew, or a zone change that moved
 *    the local date back) counts as reviewed today too.
 * 2. Otherwise the streak is at risk whenever it is alive (see `effectiveStreak`): it ends tonight
 *    without a review. Nothing being due does not make it safe, because the member can still keep it by
 *    reviewing ahead or learning new items, so → send.
 * 3. Nothing due and no living streak → don't send: there is nothing to do and nothing to lose.
 * 4. Otherwise (items are due) → send, with the due count and the streak for the message.
 */
import { type AwayPeriod, isAway } from './backlog.js';
import { effectiveStreak } from './streaks.js';

export type ReminderDestination = 'dm' | 'channel';

export interface Reminder {
  userId: string;
  hour: number;
  minute: number;
  timezone: string;
  destination: ReminderDestination;
  /** The server the reminder was set in (for the DM fallback channel), or null when set in a DM. */
  guildId: string | null;
  /** For `destination: 'channel'`: the channel to post in. */
  channelId: string | null;
  nextFireAt: Date;
  lastFiredDay: string | null;
  paused: boolean;
}

/** Why a reminder was not sent; useful for logs and tests. */
export type ReminderSkipReason = 'already-reviewed-today' | 'nothing-due-and-streak-safe' | 'away';

/** The outcome of {@link decideReminder}. */
export type ReminderDecision =
  | { send: false; reason: ReminderSkipReason }
  | { send: true; dueCount: number; streak: number; streakAtRisk: boolean };

/**
 * Applies the reminder rule above.
 *
 * @param p.dueCount - items due for the member now.
 * @param p.streak - the stored streak fields (`current` may be stale; it is read through `effectiveStreak`).
 * @param p.today - the member's local date at the firing, normally `reminderLocalDay(firesAt, zone)`.
 * @returns `streak` is the still-living streak (0 if it has already lapsed); `streakAtRisk` is true
 *   whenever that streak is above 0, since by rule 1 the member has not reviewed today.
 */
export function decideReminder(p: {
  dueCount: number;
  streak: { current: number; lastDay: string | null };
  today: string;
  /** The member's latest break: no reminders inside it. */
  away?: AwayPeriod | null;
}): ReminderDecision {
  if (p.away && p.today >= p.away.from && isAway(p.away.until, p.today))
    return { send: false, reason: 'away' };
  if (p.streak.lastDay !== null && p.streak.lastDay >= p.today) {
    return { send: false, reason: 'already-reviewed-today' };
  }
  const streak = effectiveStreak(p.streak, p.today);
  const streakAtRisk = streak > 0;
  const dueCount = Number.isFinite(p.dueCount) ? Math.max(p.dueCount, 0) : 0;
  if (dueCount === 0 && !streakAtRisk) return { send: false, reason: 'nothing-due-and-streak-safe' };
  return { send: true, dueCount, streak, streakAtRisk };
}
