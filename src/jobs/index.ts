import type { Client } from 'discord.js';
import type { ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import { createQuizPoster } from '../discord/quiz-poster.js';
import { createDiscordReminderSender } from '../discord/reminder-sender.js';
import { schedulePruneClaimsJob } from './prune-claims.js';
import { scheduleQuizJobs } from './quiz.js';
import { scheduleReminderJob } from './reminders.js';
import { scheduleTuningJob } from './tune-parameters.js';
import { restPoster, scheduleWeeklyLeaderboardJob } from './weekly-leaderboard.js';

/** Starts the bot's scheduled jobs and returns them so shutdown can stop them. */
export function startScheduledJobs(deps: Deps, client: Client): ScheduledTask[] {
  return [
    scheduleReminderJob(deps, createDiscordReminderSender(client)),
    scheduleQuizJobs(deps, createQuizPoster(client)),
    scheduleWeeklyLeaderboardJob(deps, restPoster(client.rest)),
    schedulePruneClaimsJob(deps),
    scheduleTuningJob(deps),
  ];
}
