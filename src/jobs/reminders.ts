import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import { type ReminderSender, runReminderTick } from '../services/reminder-tick.js';

/** The every-minute cron task; a tick still running when the next minute comes is not overlapped. */
export function scheduleReminderJob(deps: Deps, sender: ReminderSender): ScheduledTask {
  return cron.schedule(
    '* * * * *',
    async () => {
      try {
        await runReminderTick(deps, sender, deps.clock());
      } catch (error) {
        deps.log.error({ err: error }, 'reminder tick failed');
      }
    },
    { noOverlap: true },
  );
}
