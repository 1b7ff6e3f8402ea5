import { findLeaderboardTotals, findMemberStreaks } from '../db/repositories/leaderboard.js';
import type { Deps } from '../deps.js';
import {
  type Board,
  buildBoard,
  type InstantRange,
  type LeaderboardMetric,
  type LeaderboardPeriod,
  periodRange,
} from '../domain/leaderboard.js';
import { localDate, pickTimeZone } from '../domain/local-time.js';
import { effectiveStreak } from '../domain/streaks.js';
import { resolveTimeZone } from './time-zone.js';

export interface LoadedBoard {
  board: Board;
  /** The instants the board covers; null for all time. */
  range: InstantRange | null;
  /** The server's zone, in which the period was read. */
  zone: string;
}

/**
 * One server's board for a period (read in the server's zone) or an explicit range (the weekly post's last
 * week), ranked by `metric`, with the viewer's own standing when a viewer is given.
 */
export async function loadBoard(
  deps: Deps,
  p: {
    guildId: string;
    metric: LeaderboardMetric;
    now: Date;
    period?: LeaderboardPeriod;
    range?: InstantRange;
    viewer?: { userId: string; optedOut: boolean };
    zone?: string;
  },
): Promise<LoadedBoard> {
  const zone = p.zone ?? (await resolveTimeZone(deps, { guildId: p.guildId }));
  const range = p.range ?? periodRange(p.period ?? 'week', p.now, zone);
  const [totals, storedStreaks] = await Promise.all([
    findLeaderboardTotals(deps.db, { guildId: p.guildId, range }),
    p.metric === 'streak' ? findMemberStreaks(deps.db, p.guildId) : Promise.resolve([]),
  ]);
  // A streak is counted in each member's own day: it is alive through the end of their local today. Most
  // members share a handful of zones, so each zone's today is worked out once.
  const todayIn = new Map<string, string>();
  const todayOf = (memberZone: string | null) => {
    const key = pickTimeZone([memberZone], zone);
    let today = todayIn.get(key);
    if (today === undefined) {
      today = localDate(p.now, key);
      todayIn.set(key, today);
    }
    return today;
  };
  const streaks = new Map(
    storedStreaks.map(
      (member) => [member.userId, effectiveStreak(member, todayOf(member.timezone))] as const,
    ),
  );
  const board = buildBoard({
    metric: p.metric,
    totals,
    streaks,
    ...(p.viewer ? { viewer: p.viewer } : {}),
  });
  return { board, range, zone };
}
