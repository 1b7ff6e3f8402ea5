import type { AwayPeriod } from './backlog.js';
import type { StoredStreak } from './streaks.js';

/** A member's settings and stored streak, as every layer reads them. */
export interface UserSettings {
  userId: string;
  localeOverride: 'ko' | 'en' | null;
  /** The Discord client locale of the member's latest interaction, for messages sent outside one. */
  lastLocale: string | null;
  /** IANA zone, or null to follow the server's, then the bot's default. */
  timezone: string | null;
  dailyNewLimit: number;
  targetRetention: number;
  leaderboardOptOut: boolean;
  streak: StoredStreak;
  /** A message key to show the member on their next command (for example: reminders paused). */
  pendingNotice: string | null;
  /** The member's latest break (`/settings away`), past or coming; null if they never took one. */
  away: AwayPeriod | null;
}

/** What a member may change with `/settings`. */
export interface UserSettingsPatch {
  localeOverride?: 'ko' | 'en' | null;
  timezone?: string | null;
  dailyNewLimit?: number;
  targetRetention?: number;
  leaderboardOptOut?: boolean;
  away?: AwayPeriod | null;
}

/** A server's settings (`/admin`). */
export interface GuildSettings {
  guildId: string;
  timezone: string | null;
  reminderChannelId: string | null;
  leaderboardChannelId: string | null;
  /** Members with this role may manage the server's own decks, besides those with Manage Server. */
  deckRoleId: string | null;
  /** The language of posts in the server's channels (`/admin language`), or null to follow `discordLocale`. */
  localeOverride: 'ko' | 'en' | null;
  /** The server's preferred locale as Discord last reported it. */
  discordLocale: string | null;
}
