import { eq, sql } from 'drizzle-orm';
import type { GuildSettings } from '../../domain/settings.js';
import type { Database } from '../client.js';
import { guilds } from '../schema/index.js';

export async function findOrCreateGuild(db: Database, guildId: string): Promise<GuildSettings> {
  const find = () => db.select().from(guilds).where(eq(guilds.id, guildId)).prepare('find_guild').execute();
  let [row] = await find();
  if (!row) {
    await db.insert(guilds).values({ id: guildId }).onConflictDoNothing();
    [row] = await find();
  }
  if (!row) throw new Error(`guild ${guildId} could not be created`);
  return {
    guildId: row.id,
    timezone: row.timezone,
    reminderChannelId: row.reminderChannelId,
    leaderboardChannelId: row.leaderboardChannelId,
    deckRoleId: row.deckRoleId,
    localeOverride: row.localeOverride === 'ko' || row.localeOverride === 'en' ? row.localeOverride : null,
    discordLocale: row.discordLocale,
  };
}

/**
 * Keeps the server's preferred locale as Discord reports it. Writes only when it changed (or the server is new),
 * so calling it on every command costs one statement and almost never a row version.
 */
export async function saveGuildDiscordLocale(db: Database, guildId: string, locale: string): Promise<void> {
  await db
    .insert(guilds)
    .values({ id: guildId, discordLocale: locale })
    .onConflictDoUpdate({
      target: guilds.id,
      set: { discordLocale: locale },
      setWhere: sql`${guilds.discordLocale} is distinct from ${locale}`,
    });
}

export async function updateGuildSettings(
  db: Database,
  guildId: string,
  patch: Partial<Omit<GuildSettings, 'guildId'>>,
  now: Date,
): Promise<GuildSettings> {
  await findOrCreateGuild(db, guildId);
  await db
    .update(guilds)
    .set({ ...patch, updatedAt: now })
    .where(eq(guilds.id, guildId));
  return findOrCreateGuild(db, guildId);
}
