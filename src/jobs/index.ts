import type { ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import { schedulePruneClaimsJob } from './prune-claims.js';
import { scheduleQuizJobs } from './quiz.js';
import { scheduleReminderJob } from './reminders.js';
import { scheduleTuningJob } from './tune-parameters.js';
import { scheduleWeeklyLeaderboardJob } from './weekly-leaderboard.js';

/** Starts the bot's scheduled jobs and returns them so shutdown can stop them. They reach Discord through ports. */
export function startScheduledJobs(deps: Deps): ScheduledTask[] {
  return [
    scheduleReminderJob(deps, deps.ports.reminders),
    scheduleQuizJobs(deps, deps.ports.quiz),
    scheduleWeeklyLeaderboardJob(deps, deps.ports.weeklyBoard),
    schedulePruneClaimsJob(deps),
    scheduleTuningJob(deps),
  ];
}
