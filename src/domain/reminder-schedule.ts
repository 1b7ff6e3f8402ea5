/**
 * When a daily reminder fires, and which local day a firing counts for.
 *
 * The one invariant: at most one firing is handled per local day of the member's zone. A firing is
 * "handled" when the scheduler claims it (sent or deliberately skipped), and the day it was handled for
 * is kept as `lastFiredDay`. Every function here respects that day, so neither a DST change, a missed
 * minute nor a change of zone or time can produce a second reminder on the same local day.
 *
 * Pure: every function takes `now` (or `after`) and reads no clock. The wall-clock rules (gaps, overlaps)
 * are those of `nextReminderAt` in local-time.ts; this module only asks it for one day's firing at a time.
 */
import { localDate, nextReminderAt, startOfLocalDay } from './local-time.js';

/** A reminder's wall time in its zone. */
export interface ReminderTime {
  hour: number;
  minute: number;
  zone: string;
}

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' + n days, by plain UTC date arithmetic (a local date is a label, not 24 hours). */
function plusDays(day: string, n: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms))
    throw new RangeError(`Expected a local date 'YYYY-MM-DD', got ${JSON.stringify(day)}`);
  return new Date(ms + n * DAY_MS).toISOString().slice(0, 10);
}

// A tick plans dozens of reminders, and members share zones and times: one day's firing of one wall time
// in one zone never changes, so it is remembered. The cache holds numbers only and is emptied when large.
const firingCache = new Map<string, number | null>();
const FIRING_CACHE_LIMIT = 50_000;

/**
 * The instant of the firing on local day `day` in the reminder's zone, or `null` when the zone skipped
 * that day (or its firing would belong to another day).
 *
 * @throws RangeError for an unknown zone, a malformed day or a time outside 00:00..23:59.
 */
export function firingOnDay(time: ReminderTime, day: string): Date | null {
  const key = `${time.zone}|${time.hour}|${time.minute}|${day}`;
  let cached = firingCache.get(key);
  if (cached === undefined) {
    const dayStart = startOfLocalDay(day, time.zone);
    const firing = nextReminderAt({ ...time, after: new Date(dayStart.getTime() - 1) });
    cached = localDate(firing, time.zone) === day ? firing.getTime() : null;
    if (firingCache.size >= FIRING_CACHE_LIMIT) firingCache.clear();
    firingCache.set(key, cached);
  }
  return cached === null ? null : new Date(cached);
}

/**
 * The next firing strictly after `after` whose local day is later than `lastFiredDay`, so that a
 * reminder moved later in the day (or to a zone behind) does not fire twice on a day already handled.
 *
 * @throws RangeError for an unknown zone or a time outside 00:00..23:59.
 */
export function nextFiring(time: ReminderTime & { after: Date; lastFiredDay: string | null }): Date {
  return firstFiringAfter(time, localDate(time.after, time.zone));
}

function firstFiringAfter(
  time: ReminderTime & { after: Date; lastFiredDay: string | null },
  today: string,
): Date {
  let day = time.lastFiredDay !== null && time.lastFiredDay >= today ? plusDays(time.lastFiredDay, 1) : today;
  // Tomorrow always has a firing unless a zone skipped a whole day, so a week is a generous bound.
  for (let i = 0; i < 8; i += 1) {
    const firing = firingOnDay(time, day);
    if (firing !== null && firing.getTime() > time.after.getTime()) return firing;
    day = plusDays(day, 1);
  }
  throw new RangeError(`No ${time.hour}:${time.minute} in ${time.zone} within a week of ${day}`);
}

/** What a tick does with a reminder it claimed. */
export interface ClaimPlan {
  /** The local day to remind the member for now, or `null` when there is nothing to send. */
  fireDay: string | null;
  lastFiredDay: string | null;
  nextFireAt: Date;
}

/**
 * Plans a claimed reminder (its stored next firing has come) at `now`:
 * - today's firing has passed and today is not handled yet → remind now, for today. This covers the
 *   minute itself and a bot that was down at the minute and came back the same local day.
 * - otherwise (the missed firing's day is over, or today is already handled) → send nothing: a
 *   reminder for a day gone is never sent.
 * Either way the next firing is the first one after `now` on a day not yet handled.
 */
export function planClaimedReminder(
  time: ReminderTime & { lastFiredDay: string | null; now: Date },
): ClaimPlan {
  const today = localDate(time.now, time.zone);
  const todayFiring = firingOnDay(time, today);
  const handled = time.lastFiredDay !== null && time.lastFiredDay >= today;
  const fireDay = todayFiring !== null && todayFiring <= time.now && !handled ? today : null;
  const lastFiredDay = fireDay ?? time.lastFiredDay;
  return {
    fireDay,
    lastFiredDay,
    nextFireAt: firstFiringAfter({ ...time, after: time.now, lastFiredDay }, today),
  };
}

/**
 * Re-expresses the last handled day in a new zone, for a member who changes zone or time.
 *
 * The old firing instant of `lastFiredDay` is located in the old zone and read as a date in the new one.
 * Moving east, that reading can be the next date, which then gets no second reminder; moving west it can
 * be the previous date, so the new zone's "today" still gets its reminder.
 */
export function carryLastFiredDay(p: {
  lastFiredDay: string | null;
  from: ReminderTime;
  toZone: string;
}): string | null {
  if (p.lastFiredDay === null) return null;
  const firing = firingOnDay(p.from, p.lastFiredDay);
  return firing === null ? p.lastFiredDay : localDate(firing, p.toZone);
}
