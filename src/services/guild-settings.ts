import { findOrCreateGuild, updateGuildSettings } from '../db/repositories/guilds.js';
import { rebuildLeaderboardSums } from '../db/repositories/leaderboard.js';
import type { Deps } from '../deps.js';
import { isValidTimeZone } from '../domain/local-time.js';
import type { GuildSettings } from '../domain/settings.js';
import { type Locale, serverLocale } from '../i18n/messages.js';
import { type Result, refuse } from './refusal.js';

/** A server's settings (`/admin`). Who may change them is checked by the Discord adapter (Manage Server). */

export const showGuildSettings = (deps: Deps, guildId: string): Promise<GuildSettings> =>
  findOrCreateGuild(deps.db, guildId);

/** Sets (or, with null, turns off) the channel for reminders that cannot be sent by DM, or for the weekly board. */
export async function setGuildChannel(
  deps: Deps,
  p: { guildId: string; purpose: 'reminders' | 'leaderboard'; channelId: string | null },
): Promise<GuildSettings> {
  const key = p.purpose === 'reminders' ? 'reminderChannelId' : 'leaderboardChannelId';
  return updateGuildSettings(deps.db, p.guildId, { [key]: p.channelId }, deps.clock());
}

/** Sets (or, with null, removes) the role whose members may manage the server's own decks. */
export const setGuildDeckRole = (
  deps: Deps,
  p: { guildId: string; roleId: string | null },
): Promise<GuildSettings> => updateGuildSettings(deps.db, p.guildId, { deckRoleId: p.roleId }, deps.clock());

/** Manage Server, or the role set with `/admin deck-role`. */
export async function mayManageDecks(
  deps: Deps,
  p: { guildId: string; hasManageGuild: boolean; roleIds: readonly string[] },
): Promise<boolean> {
  if (p.hasManageGuild) return true;
  const { deckRoleId } = await findOrCreateGuild(deps.db, p.guildId);
  return deckRoleId !== null && p.roleIds.includes(deckRoleId);
}
/** Sets the language of the server's channel posts, or with null follows the server's Discord language. */
export const setGuildLanguage = (
  deps: Deps,
  p: { guildId: string; locale: Locale | null },
): Promise<GuildSettings> =>
  updateGuildSettings(deps.db, p.guildId, { localeOverride: p.locale }, deps.clock());

/** The language of posts in the server's channels (see `serverLocale`). */
export const findServerLocale = async (deps: Deps, guildId: string): Promise<Locale> =>
  serverLocale(await findOrCreateGuild(deps.db, guildId));

export async function setGuildTimeZone(
  deps: Deps,
  p: { guildId: string; zone: string },
): Promise<Result<{ settings: GuildSettings }, 'bad-timezone'>> {
  if (!isValidTimeZone(p.zone)) return refuse('bad-timezone', p.zone);
  const settings = await deps.db.transaction(async (tx) => {
    // The server's weeks and months now start at its new midnight: its leaderboard sums are refiled with the
    // change, so no board reads a week kept in the old zone. The refiling comes first: it waits for answers in
    // flight on this board, which may still write the server's row, so this transaction must not hold that row
    // yet. In a savepoint: a zone the database does not know still saves, and its boards are then summed from
    // the log.
    await tx
      .transaction((savepoint) => rebuildLeaderboardSums(savepoint, p.guildId, p.zone))
      .catch((error: unknown) =>
        deps.log.warn({ err: error, guildId: p.guildId, zone: p.zone }, 'leaderboard sums not rebuilt'),
      );
    return updateGuildSettings(tx, p.guildId, { timezone: p.zone }, deps.clock());
  });
  return { ok: true, settings };
}
