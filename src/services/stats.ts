import {
  findDueForecast,
  findItemCounts,
  findMemberVisibility,
  findStudyDays,
} from '../db/repositories/stats.js';
import { findOrCreateUser } from '../db/repositories/users.js';
import type { Deps } from '../deps.js';
import { streakThroughAway } from '../domain/backlog.js';
import { addDays, localDate, startOfLocalDay } from '../domain/local-time.js';
import type { Locale } from '../i18n/messages.js';
import { type Result, refuse } from './refusal.js';
import { resolveTimeZone } from './time-zone.js';

/** Everything the `/stats` card shows; the Discord adapter draws it. */
export interface StatsCardData {
  locale: Locale;
  /** May contain Hangul, emoji, or markup characters; escaped and trimmed to fit. */
  displayName: string;
  /** Used for labels only. */
  generatedAt: Date;
  /** IANA zone, e.g. 'Asia/Seoul'. */
  timezone: string;
  /** The member's local today, 'YYYY-MM-DD': the day the card is drawn for. */
  today: string;
  /** 84 entries (12 weeks), oldest first, one per local day; the last entry is today. */
  activity: { date: string /* YYYY-MM-DD */; reviews: number }[];
  /** 14 entries, today first: items coming due per local day. */
  dueForecast: { date: string; due: number }[];
  /** Retention over the last 30 days: per local day, reviews of items that were due and how many were recalled. */
  retention: { date: string; reviewed: number; recalled: number }[];
  figures: {
    dueToday: number;
    currentStreak: number;
    /** Kept alive by a break (`/settings away_until`) rather than by studying. */
    streakFrozen?: boolean;
    bestStreak: number;
    newItems: number;
    learning: number;
    review: number;
    totalReviews: number;
    /** 0..1, or null when there is nothing to measure yet. */
    retention30d: number | null;
  };
}

export const ACTIVITY_DAYS = 84;
export const FORECAST_DAYS = 14;
export const RETENTION_DAYS = 30;

/**
 * Who may see whose card:
 * - your own: always; only you see it unless you choose to share it in the channel;
 * - another member's, in a server: only if they studied in this server and have not hidden themselves from
 *   leaderboards (the opt-out covers every view of them), and then only you see it; sharing stays theirs.
 */
export type StatsAccess = Result<{ access: 'self' | 'other' }, 'stats-private' | 'stats-not-member'>;

export async function checkStatsAccess(
  deps: Deps,
  p: { viewerId: string; subjectId: string; subjectIsBot: boolean; guildId: string | null },
): Promise<StatsAccess> {
  if (p.subjectIsBot) return refuse('stats-not-member');
  if (p.viewerId === p.subjectId) return { ok: true, access: 'self' };
  if (!p.guildId) return refuse('stats-not-member');
  const visibility = await findMemberVisibility(deps.db, p.guildId, p.subjectId);
  if (!visibility?.studiedHere) return refuse('stats-not-member');
  return visibility.optedOut ? refuse('stats-private') : { ok: true, access: 'other' };
}

/** Everything the `/stats` card shows, read for one member in their own zone. */
export async function gatherStatsCard(
  deps: Deps,
  p: { userId: string; guildId: string | null; displayName: string; locale: Locale; now: Date },
): Promise<StatsCardData> {
  const user = await findOrCreateUser(deps.db, p.userId);
  const zone = await resolveTimeZone(deps, { memberZone: user.timezone, guildId: p.guildId });
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
    today,
    activity,
    dueForecast,
    retention,
    figures: {
      dueToday: dueForecast[0]?.due ?? 0,
      currentStreak: streakThroughAway(user.streak, today, user.away).current,
      streakFrozen: streakThroughAway(user.streak, today, user.away).frozen,
      bestStreak: user.streak.best,
      newItems: counts.fresh,
      learning: counts.learning,
      review: counts.review,
      totalReviews: counts.totalReviews,
      retention30d: reviewed > 0 ? recalled / reviewed : null,
    },
  };
}
