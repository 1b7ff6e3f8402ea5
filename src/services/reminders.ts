import { deleteReminder, findReminder, saveReminder } from '../db/repositories/reminders.js';
import type { Deps } from '../deps.js';
import { isValidTimeZone, parseLocalTime } from '../domain/local-time.js';
import { carryLastFiredDay, nextFiring } from '../domain/reminder-schedule.js';
import type { Reminder, ReminderDestination } from '../domain/reminders.js';
import type { UserSettings } from '../domain/settings.js';
import { type Result, refuse } from './refusal.js';
import { resolveTimeZone } from './time-zone.js';

export type SetReminderRefusal = 'bad-time' | 'bad-timezone' | 'channel-needs-guild';

export interface SetReminderInput {
  time: string;
  /** An IANA zone, or null for the member's zone (their own, else the server's, else the default). */
  timezone: string | null;
  /** null keeps the current reminder's destination (a DM for a new one). */
  where: ReminderDestination | null;
  guildId: string | null;
  channelId: string | null;
}

/**
 * Sets (or replaces, un-pausing) the member's daily reminder. Everything is checked before anything is
 * stored. The day already handled is carried over into the new zone and time, so changing either never
 * brings a second reminder on a day that already had one.
 */
export async function setReminder(
  deps: Deps,
  user: UserSettings,
  input: SetReminderInput,
): Promise<Result<{ reminder: Reminder }, SetReminderRefusal>> {
  const time = parseLocalTime(input.time);
  if (!time) return refuse('bad-time', input.time);
  if (input.timezone !== null && !isValidTimeZone(input.timezone))
    return refuse('bad-timezone', input.timezone);
  if (input.where === 'channel' && (!input.guildId || !input.channelId)) return refuse('channel-needs-guild');
  const previous = await findReminder(deps.db, user.userId);
  const keepChannel = input.where === null && previous?.destination === 'channel';
  const zone =
    input.timezone ?? (await resolveTimeZone(deps, { memberZone: user.timezone, guildId: input.guildId }));
  const schedule = rescheduled(deps.clock(), previous, { ...time, zone });
  const saved = await saveReminder(
    deps.db,
    {
      userId: user.userId,
      hour: time.hour,
      minute: time.minute,
      timezone: zone,
      ...(keepChannel && previous
        ? { destination: 'channel', guildId: previous.guildId, channelId: previous.channelId }
        : {
            destination: input.where ?? 'dm',
            // The server is kept for a reminder re-set from a DM: its reminder channel is the DM fallback.
            guildId: input.guildId ?? previous?.guildId ?? null,
            channelId: input.where === 'channel' ? input.channelId : null,
          }),
      ...schedule,
    },
    deps.clock(),
  );
  return { ok: true, reminder: saved };
}

function rescheduled(
  now: Date,
  previous: Reminder | null,
  time: { hour: number; minute: number; zone: string },
): { nextFireAt: Date; lastFiredDay: string | null } {
  const lastFiredDay = previous
    ? carryLastFiredDay({
        lastFiredDay: previous.lastFiredDay,
        from: { hour: previous.hour, minute: previous.minute, zone: previous.timezone },
        toZone: time.zone,
      })
    : null;
  return { lastFiredDay, nextFireAt: nextFiring({ ...time, after: now, lastFiredDay }) };
}

/**
 * Moves the member's reminder to their new zone when they change it in `/settings`, if the reminder was
 * following their previous zone (one set in a zone of its own choosing stays there).
 */
export async function followZoneChange(
  deps: Deps,
  userId: string,
  change: { from: string; to: string },
): Promise<void> {
  const reminder = await findReminder(deps.db, userId);
  if (!reminder || reminder.timezone !== change.from || change.from === change.to) return;
  const time = { hour: reminder.hour, minute: reminder.minute, zone: change.to };
  await saveReminder(
    deps.db,
    { ...reminder, timezone: change.to, ...rescheduled(deps.clock(), reminder, time) },
    deps.clock(),
  );
}

export const showReminder = (deps: Deps, userId: string) => findReminder(deps.db, userId);
export const turnOffReminder = (deps: Deps, userId: string) => deleteReminder(deps.db, userId);
