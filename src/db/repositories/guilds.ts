import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { guildMembers, guilds } from '../schema/index.js';

export interface GuildSettings {
  guildId: string;
  timezone: string | null;
  reminderChannelId: string | null;
  leaderboardChannelId: string | null;
}

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
  };
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

/** Marks the member as studying in this server, which puts them on its leaderboard. */
export async function recordGuildStudy(
  db: Database,
  guildId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await db.insert(guilds).values({ id: guildId }).onConflictDoNothing();
  await db
    .insert(guildMembers)
    .values({ guildId, userId, firstStudiedAt: now, lastStudiedAt: now })
    .onConflictDoUpdate({
      target: [guildMembers.guildId, guildMembers.userId],
      set: { lastStudiedAt: sql`excluded.last_studied_at` },
    });
}
