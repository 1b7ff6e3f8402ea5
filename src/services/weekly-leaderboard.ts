import { claimJobRunWithLease, completeJobRun, releaseJobRun } from '../db/repositories/claims.js';
import { findLeaderboardChannels } from '../db/repositories/leaderboard.js';
import type { Deps } from '../deps.js';
import { type Board, type InstantRange, isWeeklyPostDue } from '../domain/leaderboard.js';
import { localDate, pickTimeZone, previousWeekRange } from '../domain/local-time.js';
import { type Locale, serverLocale } from '../i18n/messages.js';
import { loadBoard } from './leaderboard.js';

export const WEEKLY_LEADERBOARD_JOB = 'leaderboard-weekly';
/**
 * How long a claim protects a post in progress. A post takes a second or two; a claim this old and still not
 * completed belongs to a process that died between claiming and completing, and the week is tried again.
 */
export const WEEKLY_POST_LEASE_MS = 15 * 60_000;
/** Last week's XP board of one server, for its leaderboard channel. */
export interface WeeklyBoardPost {
  board: Board;
  range: InstantRange;
  zone: string;
  /** The server's posting language. */
  locale: Locale;
}

/**
 * Posts the weekly board in a channel. 'channel-unavailable': the channel is gone or the bot may not post there,
 * which retrying cannot fix. Anything else that fails is thrown, and a later tick retries.
 */
export type LeaderboardPoster = (
  channelId: string,
  post: WeeklyBoardPost,
) => Promise<'posted' | 'channel-unavailable'>;

export interface WeeklyTickReport {
  /** Guild ids whose board was posted by this call. */
  posted: string[];
  /** Guild ids with nobody on last week's board: nothing posted, the week is done. */
  empty: string[];
  /** Guild ids whose post failed; retried on a later tick unless the failure is permanent. */
  failed: string[];
}

/**
 * One pass of the weekly post: for every server with a leaderboard channel where it is Monday 09:00 or later
 * (server time), post last week's XP board once.
 *
 * Once across replicas: each (server, week) is claimed in `job_runs` under the key `guildId:weekStart` (the
 * Monday as a local date) before anything is sent, and completed after Discord accepted the message. A failed
 * post releases its claim so the next tick (a few minutes later, any replica) retries; a process that dies
 * between claim and completion leaves a claim that expires after {@link WEEKLY_POST_LEASE_MS}. The one gap left
 * is a crash after Discord accepted the message and before completion is written: that week is posted again
 * after the lease, which is preferred to losing it.
 */
export async function runWeeklyLeaderboardTick(
  deps: Deps,
  poster: LeaderboardPoster,
  now: Date,
): Promise<WeeklyTickReport> {
  const report: WeeklyTickReport = { posted: [], empty: [], failed: [] };
  for (const target of await findLeaderboardChannels(deps.db)) {
    const zone = pickTimeZone([target.timezone], deps.config.defaultTimezone);
    if (!isWeeklyPostDue(now, zone)) continue;
    const range = previousWeekRange(now, zone);
    const key = `${target.guildId}:${localDate(range.start, zone)}`;
    const claimed = await claimJobRunWithLease(deps.db, {
      job: WEEKLY_LEADERBOARD_JOB,
      key,
      claimedBy: deps.instanceId,
      now,
      leaseMs: WEEKLY_POST_LEASE_MS,
    });
    if (!claimed) continue;
    const log = deps.log.child({ job: WEEKLY_LEADERBOARD_JOB, key, channelId: target.channelId });
    try {
      const { board } = await loadBoard(deps, { guildId: target.guildId, metric: 'xp', now, range, zone });
      if (board.top.length === 0) {
        report.empty.push(target.guildId);
      } else if (
        (await poster(target.channelId, { board, range, zone, locale: serverLocale(target) })) === 'posted'
      ) {
        report.posted.push(target.guildId);
        log.info({ members: board.ranked }, 'weekly leaderboard posted');
      } else {
        report.failed.push(target.guildId);
        log.warn('weekly leaderboard cannot be posted in this channel; skipping this week');
      }
      await completeJobRun(deps.db, WEEKLY_LEADERBOARD_JOB, key, deps.clock());
    } catch (error) {
      report.failed.push(target.guildId);
      log.warn({ err: error }, 'weekly leaderboard post failed; a later tick retries');
      await releaseJobRun(deps.db, WEEKLY_LEADERBOARD_JOB, key, deps.instanceId).catch(() => {});
    }
  }
  return report;
}
