import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import { advanceQuizzes, findQuizzesToWatch, type QuizPoster } from '../services/quiz.js';

/** How often every replica looks for ended questions; also how far ahead it sets exact timers. */
const TICK_SECONDS = 5;

/**
 * The quiz clock. A cron tick every few seconds closes any question that has ended (after a restart too, since the
 * end time is in the database), and sets an in-process timer for each question ending before the next tick so the
 * reveal comes on time rather up to a tick late. Every replica runs this; `advanceQuizzes` lets exactly one of them
 * act on each question.
 */
export function scheduleQuizJobs(deps: Deps, poster: QuizPoster): ScheduledTask {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  const advance = async () => {
    if (stopped) return;
    try {
      await advanceQuizzes(deps, poster, deps.clock());
    } catch (error) {
      deps.log.error({ err: error }, 'quiz tick failed');
    }
  };

  const watch = async () => {
    const now = deps.clock();
    const ending = await findQuizzesToWatch(deps, new Date(now.getTime() + TICK_SECONDS * 1000));
    for (const { quizId, endsAt } of ending) {
      const key = `${quizId}:${endsAt.getTime()}`;
      if (timers.has(key) || stopped) continue;
      const timer = setTimeout(
        () => {
          timers.delete(key);
          void advance();
        },
        Math.max(0, endsAt.getTime() - now.getTime()),
      );
      timer.unref();
      timers.set(key, timer);
    }
  };

  const task = cron.schedule(
    `*/${TICK_SECONDS} * * * * *`,
    async () => {
      await advance();
      try {
        await watch();
      } catch (error) {
        deps.log.error({ err: error }, 'quiz timers could not be set');
      }
    },
    { noOverlap: true },
  );
  task.on('task:stopped', () => {
    stopped = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });
  return task;
}
