import { updateUserSettings } from '../db/repositories/users.js';
import type { Deps } from '../deps.js';
import { planAway } from '../domain/backlog.js';
import { isValidTimeZone, localDate } from '../domain/local-time.js';
import { MAX_TARGET_RETENTION, MIN_TARGET_RETENTION } from '../domain/scheduling.js';
import { MAX_DAILY_NEW_LIMIT } from '../domain/session.js';
import type { UserSettings, UserSettingsPatch } from '../domain/settings.js';
import { type Result, refuse } from './refusal.js';
import { followZoneChange } from './reminders.js';
import { resolveTimeZone } from './time-zone.js';
import { resetLearnedParameters } from './tuning.js';

/** What `/settings` was given; null leaves a setting as it is. */
export interface SettingsInput {
  language: 'ko' | 'en' | 'auto' | null;
  dailyNew: number | null;
  retention: number | null;
  timezone: string | null;
  leaderboard: boolean | null;
  /** 'YYYY-MM-DD' to be away until that day, 'off' to come back now. */
  awayUntil: string | null;
  /** Forget the parameters fitted to the member's own answers. */
  resetLearning: boolean | null;
}

export type SettingsResult = Result<
  { user: UserSettings; zone: string; changed: boolean; learningReset: boolean | null },
  'bad-timezone' | 'bad-retention' | 'bad-daily-new' | 'bad-away-date'
>;

/**
 * Changes the member's settings. Every value is checked before anything is saved: one bad value changes nothing.
 * A daily reminder that followed the member's old zone moves with them.
 */
export async function changeSettings(
  deps: Deps,
  p: { user: UserSettings; guildId: string | null; input: SettingsInput },
): Promise<SettingsResult> {
  const { input } = p;
  if (input.timezone !== null && !isValidTimeZone(input.timezone))
    return refuse('bad-timezone', input.timezone);
  if (
    input.retention !== null &&
    !(input.retention >= MIN_TARGET_RETENTION && input.retention <= MAX_TARGET_RETENTION)
  )
    return refuse('bad-retention');
  if (
    input.dailyNew !== null &&
    !(Number.isInteger(input.dailyNew) && input.dailyNew >= 0 && input.dailyNew <= MAX_DAILY_NEW_LIMIT)
  )
    return refuse('bad-daily-new');
  const patch: UserSettingsPatch = {};
  if (input.awayUntil !== null) {
    const zone = await resolveTimeZone(deps, { memberZone: p.user.timezone, guildId: p.guildId });
    const planned = planAway(input.awayUntil, localDate(deps.clock(), zone), p.user.away);
    if (!planned.ok) return refuse('bad-away-date', input.awayUntil.slice(0, 20));
    patch.away = planned.away;
  }
  if (input.language !== null) patch.localeOverride = input.language === 'auto' ? null : input.language;
  if (input.dailyNew !== null) patch.dailyNewLimit = input.dailyNew;
  if (input.retention !== null) patch.targetRetention = input.retention;
  if (input.timezone !== null) patch.timezone = input.timezone;
  if (input.leaderboard !== null) patch.leaderboardOptOut = !input.leaderboard;

  const learningReset = input.resetLearning
    ? await resetLearnedParameters(deps, { userId: p.user.userId, now: deps.clock() })
    : null;
  const changed = Object.keys(patch).length > 0 || learningReset !== null;
  const zoneOf = (user: UserSettings) =>
    resolveTimeZone(deps, { memberZone: user.timezone, guildId: p.guildId });
  const zoneBefore = input.timezone === null ? null : await zoneOf(p.user);
  const user = changed ? await updateUserSettings(deps.db, p.user.userId, patch, deps.clock()) : p.user;
  const zone = await zoneOf(user);
  if (zoneBefore !== null) await followZoneChange(deps, user.userId, { from: zoneBefore, to: zone });
  return { ok: true, user, zone, changed, learningReset };
}
