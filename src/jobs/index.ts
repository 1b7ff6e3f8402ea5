import type { Client } from 'discord.js';
import type { ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';

/** Starts the bot's scheduled jobs and returns them so shutdown can stop them. */
export function startScheduledJobs(_deps: Deps, _client: Client): ScheduledTask[] {
  return [];
}
