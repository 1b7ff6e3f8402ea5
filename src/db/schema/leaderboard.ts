import { date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/*
 * Running sums of `review_logs` for server leaderboards, kept by the trigger `review_logs_leaderboard` (see the
 * migration that creates this table): every insert, update or delete of a review log adjusts them in the same
 * transaction, whichever code path wrote the log (study, Undo, the group quiz). A board then reads exactly one row
 * per member of the period it shows and ranks them in SQL.
 *
 * A week and a month start at local midnight in the zone recorded in `guilds.board_zone`; the trigger files each
 * answer under the week and month that contain it there. A board read in another zone (the server changed its
 * zone, or the bot's default changed) rebuilds that server's rows from the log first, so the sums never answer for
 * a zone they were not kept in.
 */

/** The periods kept, as `period`; the all-time row has `period_start` = '-infinity'. */
export const STORED_PERIODS = ['week', 'month', 'all'] as const;

/** One member's answers in one server over one period (this week, this month, all time). */
export const leaderboardSums = pgTable(
  'leaderboard_sums',
  {
    guildId: text('guild_id').notNull(),
    period: text('period', { enum: STORED_PERIODS }).notNull(),
    /** The period's first local date in the server's board zone (a Monday, a 1st), or '-infinity' for 'all'. */
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    xp: integer('xp').notNull(),
    answers: integer('answers').notNull(),
    correct: integer('correct').notNull(),
    lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.period, table.periodStart, table.userId] })],
);
