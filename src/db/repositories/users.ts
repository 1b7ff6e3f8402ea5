import { eq } from 'drizzle-orm';
import type { UserSettings, UserSettingsPatch } from '../../domain/settings.js';
import type { Database } from '../client.js';
import { users } from '../schema/index.js';

type UserRow = typeof users.$inferSelect;

/** A users row as the member's settings. */
export function toSettings(row: UserRow): UserSettings {
  return {
    userId: row.id,
    localeOverride: row.localeOverride === 'ko' || row.localeOverride === 'en' ? row.localeOverride : null,
    lastLocale: row.lastLocale,
    timezone: row.timezone,
    dailyNewLimit: row.dailyNewLimit,
    targetRetention: row.targetRetention,
    leaderboardOptOut: row.leaderboardOptOut,
    streak: { current: row.streakCurrent, best: row.streakBest, lastDay: row.streakLastDay },
    pendingNotice: row.pendingNotice,
    away: row.awayFrom && row.awayUntil ? { from: row.awayFrom, until: row.awayUntil } : null,
  };
}

/** The member's settings, creating the row with defaults on first contact. */
export async function findOrCreateUser(db: Database, userId: string): Promise<UserSettings> {
  // Prepared: on the server an unprepared statement with parameters costs a second round trip to describe it.
  const [existing] = await db.select().from(users).where(eq(users.id, userId)).prepare('find_user').execute();
  if (existing) return toSettings(existing);
  await db.insert(users).values({ id: userId }).onConflictDoNothing();
  const [created] = await db.select().from(users).where(eq(users.id, userId));
  if (!created) throw new Error(`user ${userId} could not be created`);
  return toSettings(created);
}

export async function updateUserSettings(
  db: Database,
  userId: string,
  patch: UserSettingsPatch,
  now: Date,
): Promise<UserSettings> {
  await findOrCreateUser(db, userId);
  const { away, ...columns } = patch;
  const awayColumns =
    away === undefined ? {} : { awayFrom: away?.from ?? null, awayUntil: away?.until ?? null };
  const [row] = await db
    .update(users)
    .set({ ...columns, ...awayColumns, updatedAt: now })
    .where(eq(users.id, userId))
    .returning();
  if (!row) throw new Error(`user ${userId} vanished during update`);
  return toSettings(row);
}

/** Keeps the Discord locale the member last used, for reminders and other messages sent outside an interaction. */
export async function saveLastLocale(db: Database, userId: string, locale: string): Promise<void> {
  await db.update(users).set({ lastLocale: locale }).where(eq(users.id, userId));
}

/** Takes the member's pending notice, if any, so it is shown exactly once. */
export async function takePendingNotice(db: Database, userId: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ notice: users.pendingNotice })
      .from(users)
      .where(eq(users.id, userId))
      .for('update');
    if (!row?.notice) return null;
    await tx.update(users).set({ pendingNotice: null }).where(eq(users.id, userId));
    return row.notice;
  });
}
