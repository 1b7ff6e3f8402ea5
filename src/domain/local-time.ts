/**
 * Wall-clock arithmetic in a member's IANA time zone: validation, local dates, day and week boundaries,
 * and the daily reminder instant.
 *
 * Pure: every function takes the instant(s) it reasons about; nothing here reads the clock.
 *
 * Local dates are plain 'YYYY-MM-DD' strings. They compare correctly as strings, survive JSON and
 * database round trips untouched, and cannot silently pick up the host's time zone the way a `Date` can.
 *
 * Offsets come from luxon's `IANAZone` (which reads the platform's tz database through `Intl`). Turning a
 * wall time back into an instant is done here rather than with `DateTime.fromObject`, because luxon picks
 * between the two readings of an ambiguous (fall-back) wall time using a provisional offset taken from the
 * current clock; the reminder rule must not depend on when it happens to be evaluated.
 */
import { DateTime, IANAZone } from 'luxon';

/** A 24-hour wall-clock time. */
export interface LocalTime {
  hour: number;
  minute: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const EARLIEST_FOUR_DIGIT_YEAR_MS = Date.parse('0000-01-01T00:00:00Z');
const FIRST_FIVE_DIGIT_YEAR_MS = Date.parse('+010000-01-01T00:00:00Z');

// Intl accepts some strings that are not IANA names (recent engines take offset zones such as '+09:00');
// requiring a leading letter and the IANA character set keeps what we store a real zone name.
const ZONE_NAME_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const LOCAL_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME_SHAPE = /^(\d{1,2}):(\d{2})$/;

/**
 * Whether `zone` names an IANA time zone the runtime knows, e.g. 'Asia/Seoul', 'UTC', 'Etc/GMT-9'.
 *
 * Offset spellings ('UTC+9', '+09:00') and the empty string are rejected: they carry no DST rules, so a
 * member who typed one would drift by an hour twice a year without noticing.
 */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string') return false;
  if (knownZones.has(zone)) return true;
  // luxon checks by constructing an Intl.DateTimeFormat (tens of microseconds), and every function here
  // validates its zone: remember the names that passed, so a scheduler tick stays cheap.
  const valid = ZONE_NAME_SHAPE.test(zone) && IANAZone.isValidZone(zone);
  if (valid && knownZones.size < 1000) knownZones.add(zone);
  return valid;
}

const knownZones = new Set<string>();

/**
 * The zone a member's days are read in: the first of `candidates` (their own, then their server's) that names a
 * zone the runtime knows, else `fallback` (the bot's default). A stored zone the runtime no longer knows is passed
 * over rather than trusted.
 */
export function pickTimeZone(candidates: readonly (string | null | undefined)[], fallback: string): string {
  return (
    candidates.find((zone): zone is string => typeof zone === 'string' && isValidTimeZone(zone)) ?? fallback
  );
}

function zoneFor(zone: string): IANAZone {
  if (!isValidTimeZone(zone)) throw new RangeError(`Unknown IANA time zone: ${JSON.stringify(zone)}`);
  return IANAZone.create(zone);
}

function instantMs(instant: Date, label: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${label} is not a valid Date`);
  return ms;
}

/**
 * A local date as the UTC midnight that starts it (epoch milliseconds), or NaN when `value` is not a real date
 * 'YYYY-MM-DD'. Date-only arithmetic is done on these with `Date`'s own proleptic Gregorian calendar: it runs with
 * every answer (the streak and the elapsed days), where luxon's parse and format took tens of microseconds.
 */
function utcMidnightOf(value: string): number {
  if (!LOCAL_DATE_SHAPE.test(value)) return Number.NaN;
  const ms = Date.parse(`${value}T00:00:00Z`);
  // The round trip rejects a day the month does not have ('2026-02-30'), which Date.parse carries into the next.
  return Number.isNaN(ms) || utcDateOf(ms) !== value ? Number.NaN : ms;
}

/**
 * The date 'YYYY-MM-DD' of a UTC instant, or null outside the four-digit years (the ISO string's first ten
 * characters are the date for years 0000–9999; beyond them it grows a sign).
 */
function utcDateOf(ms: number): string | null {
  if (!(ms >= EARLIEST_FOUR_DIGIT_YEAR_MS && ms < FIRST_FIVE_DIGIT_YEAR_MS)) return null;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether `value` is a real local date 'YYYY-MM-DD' (not '2026-02-30'). */
export function isLocalDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(utcMidnightOf(value));
}

/** The UTC midnight of a local date (see utcMidnightOf); throws when it is not one. */
function assertLocalDate(localDate: string): number {
  const ms = utcMidnightOf(localDate);
  if (Number.isNaN(ms))
    throw new RangeError(`Expected a local date 'YYYY-MM-DD', got ${JSON.stringify(localDate)}`);
  return ms;
}

/** The month (1–12), day of the month and weekday (0 Monday … 6 Sunday) of a local date. */
export function calendarOf(localDate: string): { month: number; day: number; weekday: number } {
  assertLocalDate(localDate);
  const date = DateTime.fromISO(localDate, { zone: 'utc' });
  return { month: date.month, day: date.day, weekday: date.weekday - 1 };
}

function assertLocalTime(hour: number, minute: number): void {
  if (
    !Number.isInteger(hour) ||
    hour < 0 ||
    hour > 23 ||
    !Number.isInteger(minute) ||
    minute < 0 ||
    minute > 59
  ) {
    throw new RangeError(`Expected a wall time 00:00..23:59, got ${hour}:${minute}`);
  }
}

/**
 * Parses a 24-hour 'HH:MM' or 'H:MM' wall time, as typed into a slash-command option.
 *
 * Input is NFKC-normalised first so that Korean IME output (full-width '：' and digits, ideographic
 * spaces) is accepted; surrounding whitespace is ignored. '24:00', '9:60', '9' and '9:5' are rejected.
 *
 * @returns the hour (0..23) and minute (0..59), or `null` when the text is not such a time.
 */
export function parseLocalTime(text: string): LocalTime | null {
  const match = LOCAL_TIME_SHAPE.exec(text.normalize('NFKC').trim());
  const hourText = match?.[1];
  const minuteText = match?.[2];
  if (hourText === undefined || minuteText === undefined) return null;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/**
 * The calendar date ('YYYY-MM-DD') that the wall clock in `zone` shows at `instant`.
 *
 * @throws RangeError for an unknown zone or an invalid Date.
 */
export function localDate(instant: Date, zone: string): string {
  const ms = instantMs(instant, 'instant');
  const wall = wallClockMs(ms, zoneFor(zone));
  const inFourDigitYears = utcDateOf(wall);
  if (inFourDigitYears !== null) return inFourDigitYears;
  const date = DateTime.fromMillis(ms, { zone: zoneFor(zone) }).toISODate();
  if (date === null) throw new RangeError(`Cannot express ${instant.toISOString()} as a date in ${zone}`);
  return date;
}

/**
 * Calendar arithmetic on a local date, independent of any zone (a local day is a label, not 24 hours).
 *
 * @param n - whole days to add; negative moves back.
 * @throws RangeError for a malformed date or a non-integer `n`.
 */
export function addDays(localDate: string, n: number): string {
  const start = assertLocalDate(localDate);
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`);
  const shifted = utcDateOf(start + n * DAY_MS);
  if (shifted === null) throw new RangeError(`${localDate} + ${n} days is out of range`);
  return shifted;
}

/**
 * The candidate instants at which `zone` shows the wall time `wallMs` (a local date-time encoded as if it
 * were UTC). There are two during a fall-back overlap and none inside a spring-forward gap.
 *
 * Like the Temporal reference algorithm, this assumes a zone changes offset at most once within a day on
 * either side, which holds for every rule in the tz database.
 */
function instantsShowingWall(wallMs: number, zone: IANAZone): number[] {
  const offsets = new Set([wallMs - DAY_MS, wallMs, wallMs + DAY_MS].map((t) => zone.offset(t)));
  const found: number[] = [];
  for (const offset of offsets) {
    const candidate = wallMs - offset * MINUTE_MS;
    if (zone.offset(candidate) === offset) found.push(candidate);
  }
  return found.sort((a, b) => a - b);
}

function wallClockMs(instant: number, zone: IANAZone): number {
  return instant + offsetMinutes(instant, zone) * MINUTE_MS;
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const OFFSETS_KEPT = 4096;
const quarterHourOffsets = new Map<string, number>();

/**
 * The zone's offset from UTC at `instant`, in minutes. luxon reads it through Intl's formatToParts, several
 * microseconds a time, and every answer reads a few local dates; so the offset is kept per quarter hour of UTC.
 * A quarter hour whose first and last milliseconds show the same offset shows it throughout, as no zone changes
 * its offset twice within fifteen minutes; one with a change inside is not kept, and is asked of luxon each time.
 */
function offsetMinutes(instant: number, zone: IANAZone): number {
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  const key = `${zone.name} ${quarter}`;
  const kept = quarterHourOffsets.get(key);
  if (kept !== undefined) return kept;
  const start = quarter * QUARTER_HOUR_MS;
  const offset = zone.offset(start);
  if (zone.offset(start + QUARTER_HOUR_MS - 1) !== offset) return zone.offset(instant);
  // Oldest first out: the quarter hours asked for are, nearly always, the few around now.
  if (quarterHourOffsets.size >= OFFSETS_KEPT)
    quarterHourOffsets.delete(quarterHourOffsets.keys().next().value as string);
  quarterHourOffsets.set(key, offset);
  return offset;
}

/**
 * The first instant at which the wall clock in `zone`, on or after midnight of `date`, reads
 * `hour:minute` or later:
 * - a wall time that occurs once: that instant;
 * - one that occurs twice (fall-back overlap): the first occurrence;
 * - one skipped by a spring-forward gap: the transition instant, i.e. the first instant after the gap,
 *   when the clock jumps past `hour:minute` (America/New_York, 2026-03-08 02:30 → 03:00 EDT = 07:00Z).
 *
 * The result can fall on a later local date only when the gap swallows the rest of the day (Pacific/Apia
 * skipped 2011-12-30 entirely); callers decide what that means for them.
 */
function firstInstantAtWallTime(date: string, hour: number, minute: number, zone: IANAZone): number {
  const [year = Number.NaN, month = Number.NaN, day = Number.NaN] = date.split('-').map(Number);
  const wallMs = Date.UTC(year, month - 1, day, hour, minute);
  const exact = instantsShowingWall(wallMs, zone)[0];
  if (exact !== undefined) return exact;

  // In a gap the two offsets bracket the transition: read with the later offset the wall time lands
  // before it, read with the earlier offset it lands after it. Bisect down to the millisecond.
  const offsets = [wallMs - DAY_MS, wallMs + DAY_MS].map((t) => zone.offset(t));
  let before = wallMs - Math.max(...offsets) * MINUTE_MS;
  let after = wallMs - Math.min(...offsets) * MINUTE_MS;
  if (!(wallClockMs(before, zone) < wallMs && wallClockMs(after, zone) >= wallMs)) {
    // Unreachable with real tz data; fall back to luxon's own forward shift rather than fail a job.
    return DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toMillis();
  }
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (wallClockMs(mid, zone) >= wallMs) after = mid;
    else before = mid;
  }
  return after;
}

/**
 * The first instant of local day `localDate` in `zone`.
 *
 * Usually local midnight; where midnight itself is skipped by a DST change (e.g. America/Santiago) it is
 * the instant the clock jumps into the day. A day a zone skipped entirely has no instants, so its start
 * equals the next day's start and the half-open range [start(d), start(d + 1)) is empty.
 *
 * @throws RangeError for an unknown zone or a malformed date.
 */
export function startOfLocalDay(localDate: string, zone: string): Date {
  assertLocalDate(localDate);
  return new Date(firstInstantAtWallTime(localDate, 0, 0, zoneFor(zone)));
}

/**
 * The next daily reminder: the first instant strictly after `after` at which the wall clock in `zone`
 * shows `hour:minute`, with exactly one firing per local day.
 *
 * - Fall-back (the wall time occurs twice): fires at the first occurrence only, so the member is not
 *   reminded twice on the same day (01:30 America/New_York on 2026-11-01 → 05:30Z, never 06:30Z).
 * - Spring-forward (the wall time does not exist): fires at the first instant after the gap, when the
 *   clock jumps past the wall time (02:30 America/New_York on 2026-03-08 → 03:00 EDT = 07:00Z). That is
 *   half an hour earlier than luxon's "shift forward by the gap" reading, and is what an alarm clock does.
 * - A local day a zone skipped entirely gets no firing.
 *
 * Each firing lies on the local day it belongs to and firings increase strictly from day to day, so
 * feeding a firing back as `after` always yields a later local day's firing. A member who changes zone
 * is rescheduled by calling this with the new zone and `after` = now.
 *
 * @throws RangeError for an unknown zone, an invalid `after`, or a time outside 00:00..23:59.
 */
export function nextReminderAt(p: { hour: number; minute: number; zone: string; after: Date }): Date {
  assertLocalTime(p.hour, p.minute);
  const afterMs = instantMs(p.after, 'after');
  const zone = zoneFor(p.zone);
  // Starting a day early costs one lookup and covers a zone whose fall-back crosses midnight, where an
  // instant can carry an earlier local date than the instant before it.
  let day = addDays(localDate(p.after, p.zone), -1);
  // Tomorrow always has a firing unless a whole local day was skipped, so a week is a generous bound.
  for (let i = 0; i < 8; i += 1) {
    const firing = firstInstantAtWallTime(day, p.hour, p.minute, zone);
    if (firing > afterMs && localDate(new Date(firing), p.zone) === day) return new Date(firing);
    day = addDays(day, 1);
  }
  throw new RangeError(`No ${p.hour}:${p.minute} in ${p.zone} within a week of ${p.after.toISOString()}`);
}

/**
 * The local day a reminder firing belongs to (for "already reminded today" bookkeeping).
 *
 * Because {@link nextReminderAt} only returns instants on the day they belong to, this is simply the
 * local date of the firing.
 */
export function reminderLocalDay(firesAt: Date, zone: string): string {
  return localDate(firesAt, zone);
}

/**
 * Monday 00:00 local (see {@link startOfLocalDay}) of the ISO week containing `instant` in `zone`; the
 * start of a weekly leaderboard period.
 */
export function mondayWeekStart(instant: Date, zone: string): Date {
  return startOfLocalDay(mondayOf(localDate(instant, zone)), zone);
}

/**
 * The full local week (Monday to Monday) before the one containing `instant`, as the half-open range
 * [start, end): `end` is this week's {@link mondayWeekStart}. It is not always 168 hours long: a week
 * containing a DST change has 167 or 169.
 */
export function previousWeekRange(instant: Date, zone: string): { start: Date; end: Date } {
  const thisMonday = mondayOf(localDate(instant, zone));
  return {
    start: startOfLocalDay(addDays(thisMonday, -7), zone),
    end: startOfLocalDay(thisMonday, zone),
  };
}

function mondayOf(date: string): string {
  const isoWeekday = DateTime.fromISO(date, { zone: 'utc' }).weekday; // 1 = Monday … 7 = Sunday
  return addDays(date, 1 - isoWeekday);
}
