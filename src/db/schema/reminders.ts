import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** A member's daily reminder. `nextFireAt` is the UTC instant of the next local firing. */
export const reminders = pgTable(
  'reminders',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    hour: integer('hour').notNull(),
    minute: integer('minute').notNull(),
    timezone: text('timezone').notNull(),
    /** 'dm' or 'channel'. */
    destination: text('destination').notNull(),
    guildId: text('guild_id'),
    channelId: text('channel_id'),
    nextFireAt: timestamp('next_fire_at', { withTimezone: true }).notNull(),
    /** The member's local day of the last firing handled (sent or skipped): never two on one day. */
    lastFiredDay: date('last_fired_day', { mode: 'string' }),
    paused: boolean('paused').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The tick's claim: active reminders whose instant has come.
  (table) => [index('reminders_next_fire_idx').on(table.nextFireAt).where(sql`paused = false`)],
);
