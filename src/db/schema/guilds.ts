import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** A Discord server and its settings. */
export const guilds = pgTable('guilds', {
  id: text('id').primaryKey(),
  timezone: text('timezone'),
  /**
   * The zone the server's leaderboard sums are kept in (`leaderboard_sums`): its zone, or the bot's default, as of
   * the last rebuild. Null until the first rebuild, when the trigger files answers by UTC.
   */
  boardZone: text('board_zone'),
  reminderChannelId: text('reminder_channel_id'),
  leaderboardChannelId: text('leaderboard_channel_id'),
  /** Members with this role may import and publish server decks (besides those with Manage Server). */
  deckRoleId: text('deck_role_id'),
  /** 'ko' | 'en' for posts in the server's channels (`/admin language`), or null to follow `discordLocale`. */
  localeOverride: text('locale_override'),
  /** The server's preferred locale as Discord last reported it (Community settings), null until seen. */
  discordLocale: text('discord_locale'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A member who has studied in a server: leaderboards list only these. */
export const guildMembers = pgTable(
  'guild_members',
  {
    guildId: text('guild_id')
      .notNull()
      .references(() => guilds.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    firstStudiedAt: timestamp('first_studied_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * No longer written (the answer path writes the row once, with a session's first answer) and read by nothing;
     * kept while the release before that still writes it, to be dropped once no running release does.
     */
    lastStudiedAt: timestamp('last_studied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.guildId, table.userId] }),
    index('guild_members_user_idx').on(table.userId),
  ],
);
