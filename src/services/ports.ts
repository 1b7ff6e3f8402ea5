import type { QuizPoster } from './quiz.js';
import type { ReminderSender } from './reminder-tick.js';
import type { LeaderboardPoster } from './weekly-leaderboard.js';

/**
 * How services and jobs reach Discord outside an interaction: the adapters are built once, in the composition
 * root, from the process's client; tests pass recording ones.
 */
export interface Ports {
  quiz: QuizPoster;
  reminders: ReminderSender;
  weeklyBoard: LeaderboardPoster;
}
