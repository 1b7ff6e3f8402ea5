import {
  findLeaderboardTotals,
  findMemberStreaks,
  findPeriodSums,
  findRankedBoard,
  rebuildLeaderboardSums,
} from '../db/repositories/leaderboard.js';
import type { Deps } from '../deps.js';
import {
  type Board,
  boardFromRanked,
  buildBoard,
  type InstantRange,
  LEADERBOARD_SIZE,
  type LeaderboardMetric,
  type LeaderboardPeriod,
  type MemberTotals,
  minAnswersFor,
  periodRange,
  type StoredPeriod,
  storedPeriodOf,
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
 *
 * A range that is a stored period (this week, this month, all time, or last week for the weekly post) is read
 * from the running sums, ranked by the database; any other range is summed from the log and ranked here.
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
  const key = storedPeriodOf(range, zone);
  const viewer = p.viewer ? { viewer: p.viewer } : {};
  if (p.metric !== 'streak' && key) {
    const read = () =>
      findRankedBoard(deps.db, {
        guildId: p.guildId,
        key,
        zone,
        metric: p.metric as Exclude<LeaderboardMetric, 'streak'>,
        minAnswers: minAnswersFor(p.metric),
        size: LEADERBOARD_SIZE,
        viewerId: p.viewer && !p.viewer.optedOut ? p.viewer.userId : null,
      });
    let ranked = await read();
    if (!ranked.zoneMatches && (await rebuildSums(deps, p.guildId, zone))) ranked = await read();
    if (ranked.zoneMatches) {
      const board = boardFromRanked({
        metric: p.metric,
        rows: ranked.rows,
        ranked: ranked.ranked,
        ...viewer,
      });
      return { board, range, zone };
    }
  }
  const [totals, storedStreaks] = await Promise.all([
    loadTotals(deps, { guildId: p.guildId, key, range, zone }),
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
  const board = buildBoard({ metric: p.metric, totals, streaks, ...viewer });
  return { board, range, zone };
}

/** Every listed member's sums over `range`: from the running sums when it is a stored period, else from the log. */
async function loadTotals(
  deps: Deps,
  p: { guildId: string; key: StoredPeriod | null; range: InstantRange | null; zone: string },
): Promise<MemberTotals[]> {
  if (p.key) {
    const read = () =>
      findPeriodSums(deps.db, { guildId: p.guildId, key: p.key as StoredPeriod, zone: p.zone });
    let sums = await read();
    if (!sums.zoneMatches && (await rebuildSums(deps, p.guildId, p.zone))) sums = await read();
    if (sums.zoneMatches) return sums.totals;
  }
  return findLeaderboardTotals(deps.db, { guildId: p.guildId, range: p.range });
}

/**
 * Rebuilds a server's sums in the zone its boards are read in, after that zone changed without its settings
 * saying so (the bot's default changed) or before the first board. A zone the database does not know cannot be
 * kept: its boards are then summed from the log on every read, which is exact but slower.
 */
async function rebuildSums(deps: Deps, guildId: string, zone: string): Promise<boolean> {
  try {
    await rebuildLeaderboardSums(deps.db, guildId, zone);
    return true;
  } catch (error) {
    deps.log.warn(
      { err: error, guildId, zone },
      'leaderboard sums cannot be kept in this zone; summing the log',
    );
    return false;
  }
}
