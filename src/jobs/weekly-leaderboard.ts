import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import {
  type LeaderboardPoster,
  runWeeklyLeaderboardTick,
  WEEKLY_LEADERBOARD_JOB,
} from '../services/weekly-leaderboard.js';

/** Every five minutes: a tick outside Monday morning costs one small query. */
export function scheduleWeeklyLeaderboardJob(deps: Deps, poster: LeaderboardPoster): ScheduledTask {
  return cron.schedule(
    '*/5 * * * *',
    async () => {
      try {
        await runWeeklyLeaderboardTick(deps, poster, deps.clock());
      } catch (error) {
        deps.log.error({ err: error, job: WEEKLY_LEADERBOARD_JOB }, 'weekly leaderboard tick failed');
      }
    },
    { noOverlap: true },
  );
}
