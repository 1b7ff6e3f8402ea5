import {
  findDueForecast,
  findItemCounts,
  findMemberVisibility,
  findStudyDays,
} from '../db/repositories/stats.js';
import { findOrCreateUser } from '../db/repositories/users.js';
import type { Deps } from '../deps.js';
import type { StatsCardData } from '../discord/views/stats-card.js';
import { addDays, localDate, startOfLocalDay } from '../domain/local-time.js';
import { effectiveStreak } from '../domain/streaks.js';
import type { Locale } from '../i18n/messages.js';
import { resolveTimezone } from './study.js';

export const ACTIVITY_DAYS = 84;
export const FORECAST_DAYS = 14;
export const RETENTION_DAYS = 30;

/**
 * Who may see whose card:
 * - your own: always; only you see it unless you choose to share it in the channel;
 * - another member's, in a server: only if they studied in this server and have not hidden themselves from
 *   leaderboards (the opt-out covers every view of them), and then only you see it; sharing stays theirs.
 */
export type StatsAccess = 'self' | 'other' | 'private' | 'not-member';

export async function checkStatsAccess(
  deps: Deps,
  p: { viewerId: string; subjectId: string; guildId: string | null },
): Promise<StatsAccess> {
  if (p.viewerId === p.subjectId) return 'self';
  if (!p.guildId) return 'not-member';
  const visibility = await findMemberVisibility(deps.db, p.guildId, p.subjectId);
  if (!visibility?.studiedHere) return 'not-member';
  return visibility.optedOut ? 'private' : 'other';
}

/** Everything the `/stats` card shows, read for one member in their own zone. */
export async function gatherStatsCard(
  deps: Deps,
  p: { userId: string; guildId: string | null; displayName: string; locale: Locale; now: Date },
): Promise<StatsCardData> {
  const user = await findOrCreateUser(deps.db, p.userId);
  const zone = await resolveTimezone(deps, user, p.guildId);
  const today = localDate(p.now, zone);
  const dayStart = (offset: number) => startOfLocalDay(addDays(today, offset), zone);
  const [days, forecast, counts] = await Promise.all([
    findStudyDays(deps.db, { userId: p.userId, zone, from: dayStart(1 - ACTIVITY_DAYS), to: dayStart(1) }),
    findDueForecast(deps.db, { userId: p.userId, zone, now: p.now, until: dayStart(FORECAST_DAYS) }),
    findItemCounts(deps.db, p.userId),
  ]);
  const byDay = new Map(days.map((day) => [day.date, day]));
  const dueByDay = new Map(forecast.map((day) => [day.date, day.due]));
  const activity = Array.from({ length: ACTIVITY_DAYS }, (_, i) => {
    const date = addDays(today, i + 1 - ACTIVITY_DAYS);
    return { date, reviews: byDay.get(date)?.reviews ?? 0 };
  });
  const retention = Array.from({ length: RETENTION_DAYS }, (_, i) => {
    const date = addDays(today, i + 1 - RETENTION_DAYS);
    const day = byDay.get(date);
    return { date, reviewed: day?.reviewed ?? 0, recalled: day?.recalled ?? 0 };
  });
  const dueForecast = Array.from({ length: FORECAST_DAYS }, (_, i) => {
    const date = addDays(today, i);
    return { date, due: dueByDay.get(date) ?? 0 };
  });
  const reviewed = retention.reduce((sum, day) => sum + day.reviewed, 0);
  const recalled = retention.reduce((sum, day) => sum + day.recalled, 0);
  return {
    locale: p.locale,
    displayName: p.displayName,
    generatedAt: p.now,
    timezone: zone,
    activity,
    dueForecast,
    retention,
    figures: {
      dueToday: dueForecast[0]?.due ?? 0,
      currentStreak: effectiveStreak(user.streak, today),
      bestStreak: user.streak.best,
      newItems: counts.fresh,
      learning: counts.learning,
      review: counts.review,
      totalReviews: counts.totalReviews,
      retention30d: reviewed > 0 ? recalled / reviewed : null,
    },
  };
}
