import { boolean, date, integer, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';
import { DEFAULT_TARGET_RETENTION } from '../../domain/scheduling.js';
import { DEFAULT_DAILY_NEW_LIMIT } from '../../domain/session.js';

/** A Discord user who has used the bot. Settings live here; the streak is kept incrementally on each answer. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  /** 'ko' | 'en', or null to follow the Discord client's locale. */
  localeOverride: text('locale_override'),
  /**
   * The Discord client locale of the member's latest interaction: what reminders and other messages sent outside
   * an interaction are written in when the member set no language.
   */
  lastLocale: text('last_locale'),
  /** IANA zone, or null to follow the server's, then the bot's default. */
  timezone: text('timezone'),
  dailyNewLimit: integer('daily_new_limit').notNull().default(DEFAULT_DAILY_NEW_LIMIT),
  targetRetention: real('target_retention').notNull().default(DEFAULT_TARGET_RETENTION),
  leaderboardOptOut: boolean('leaderboard_opt_out').notNull().default(false),
  streakCurrent: integer('streak_current').notNull().default(0),
  streakBest: integer('streak_best').notNull().default(0),
  /** The member's local day of their last review, in the zone in force then. */
  streakLastDay: date('streak_last_day', { mode: 'string' }),
  /** Away (`/settings away`): from this local day, back on `awayUntil`. No reminders; the streak is frozen. */
  awayFrom: date('away_from', { mode: 'string' }),
  awayUntil: date('away_until', { mode: 'string' }),
  /** The member asked the bot to forget their own FSRS parameters: later fits use only answers after this. */
  tuningResetAt: timestamp('tuning_reset_at', { withTimezone: true }),
  /** Something to tell the member the next time they use a command (for example: reminders paused). */
  pendingNotice: text('pending_notice'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
