import { date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/*
 * Running sums of `review_logs` for server leaderboards, kept by the trigger `review_logs_leaderboard` (see the
 * migration that creates these tables): every insert, update or delete of a review log with a server adjusts
 * them in the same transaction, whichever code path wrote the log (study, Undo, the group quiz). A board then
 * reads one row per member instead of every answer.
 *
 * Days are UTC dates, so the rows do not depend on any server's time zone: a period that starts at local
 * midnight reads whole UTC days here and the partial days at its two ends from `review_logs` itself, which
 * keeps every board exact in any zone, including after a server changes its zone.
 */

/** One member's answers in one server on one UTC day. */
export const leaderboardDaily = pgTable(
  'leaderboard_daily',
  {
    guildId: text('guild_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    xp: integer('xp').notNull(),
    answers: integer('answers').notNull(),
    correct: integer('correct').notNull(),
    lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.day, table.userId] })],
);

/** One member's answers in one server, all time. */
export const leaderboardTotals = pgTable(
  'leaderboard_totals',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    xp: integer('xp').notNull(),
    answers: integer('answers').notNull(),
    correct: integer('correct').notNull(),
    lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.userId] })],
);
