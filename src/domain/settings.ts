import type { StoredStreak } from './streaks.js';

/** A member's settings and stored streak, as every layer reads them. */
export interface UserSettings {
  userId: string;
  localeOverride: 'ko' | 'en' | null;
  /** IANA zone, or null to follow the server's, then the bot's default. */
  timezone: string | null;
  dailyNewLimit: number;
  targetRetention: number;
  leaderboardOptOut: boolean;
  streak: StoredStreak;
  /** A message key to show the member on their next command (for example: reminders paused). */
  pendingNotice: string | null;
}

/** What a member may change with `/settings`. */
export interface UserSettingsPatch {
  localeOverride?: 'ko' | 'en' | null;
  timezone?: string | null;
  dailyNewLimit?: number;
  targetRetention?: number;
  leaderboardOptOut?: boolean;
}

/** A server's settings (`/admin`). */
export interface GuildSettings {
  guildId: string;
  timezone: string | null;
  reminderChannelId: string | null;
  leaderboardChannelId: string | null;
  /** Members with this role may manage the server's own decks, besides those with Manage Server. */
  deckRoleId: string | null;
}
