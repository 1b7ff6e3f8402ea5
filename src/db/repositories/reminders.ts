import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { planClaimedReminder } from '../../domain/reminder-schedule.js';
import type { Reminder } from '../../domain/reminders.js';
import type { UserSettings } from '../../domain/settings.js';
import type { Database } from '../client.js';
import { guilds, reminders, users } from '../schema/index.js';
import { dueItemCount } from './item-states.js';
import { toSettings } from './users.js';

/** A reminder a tick has claimed; `fireDay` is the local day to remind for, or null to send nothing. */
export interface ClaimedReminder extends Reminder {
  fireDay: string | null;
}

type ReminderRow = typeof reminders.$inferSelect;

function toReminder(row: ReminderRow): Reminder {
  return {
    userId: row.userId,
    hour: row.hour,
    minute: row.minute,
    timezone: row.timezone,
    destination: row.destination === 'channel' ? 'channel' : 'dm',
    guildId: row.guildId,
    channelId: row.channelId,
    nextFireAt: row.nextFireAt,
    lastFiredDay: row.lastFiredDay,
    paused: row.paused,
  };
}

export async function findReminder(db: Database, userId: string): Promise<Reminder | null> {
  const [row] = await db.select().from(reminders).where(eq(reminders.userId, userId));
  return row ? toReminder(row) : null;
}

/** Creates or replaces the member's reminder; it is active unless `paused` says otherwise. */
export async function saveReminder(
  db: Database,
  reminder: Omit<Reminder, 'paused'> & { paused?: boolean },
  now: Date,
): Promise<Reminder> {
  await db.insert(users).values({ id: reminder.userId }).onConflictDoNothing();
  const values = { ...reminder, paused: reminder.paused ?? false, updatedAt: now };
  const [row] = await db
    .insert(reminders)
    .values(values)
    .onConflictDoUpdate({ target: reminders.userId, set: values })
    .returning();
  if (!row) throw new Error(`reminder for ${reminder.userId} was not saved`);
  return toReminder(row);
}

/** Removes the member's reminder; false when there was none. */
export async function deleteReminder(db: Database, userId: string): Promise<boolean> {
  const deleted = await db
    .delete(reminders)
    .where(eq(reminders.userId, userId))
    .returning({ userId: reminders.userId });
  return deleted.length > 0;
}

/** Pauses the reminder and leaves the member a notice (a message key) for their next command, in one go. */
export async function pauseReminder(db: Database, userId: string, notice: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(reminders).set({ paused: true, updatedAt: now }).where(eq(reminders.userId, userId));
    await tx.update(users).set({ pendingNotice: notice, updatedAt: now }).where(eq(users.id, userId));
  });
}

/** The channel a server's admins chose for reminders that cannot go by DM, if any. */
export async function findReminderChannel(db: Database, guildId: string): Promise<string | null> {
  const [row] = await db
    .select({ channelId: guilds.reminderChannelId })
    .from(guilds)
    .where(eq(guilds.id, guildId));
  return row?.channelId ?? null;
}

/**
 * Claims up to `limit` active reminders whose next firing is at or before `now`, in one transaction:
 * the rows are locked with FOR UPDATE SKIP LOCKED (a concurrent tick in another process skips them
 * instead of waiting), each is planned in TypeScript in its member's zone, and all are moved to their
 * next firing with one UPDATE before commit. A claimed row's `next_fire_at` is after `now` once this
 * commits, so no other tick can claim the same firing; and `last_fired_day` records the local day
 * handled, so no later claim can fire for that day again.
 *
 * Messages are sent by the caller after this returns (after commit): a crash in between loses that
 * day's reminder rather than ever sending it twice.
 */
export async function claimDueReminders(
  db: Database,
  p: { now: Date; limit: number },
): Promise<ClaimedReminder[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(reminders)
      .where(and(eq(reminders.paused, false), lte(reminders.nextFireAt, p.now)))
      .orderBy(asc(reminders.nextFireAt))
      .limit(p.limit)
      .for('update', { skipLocked: true })
      .prepare('reminder_claim')
      .execute();
    if (rows.length === 0) return [];

    const claimed: ClaimedReminder[] = [];
    const updates = rows.map((row) => {
      const reminder = toReminder(row);
      try {
        const plan = planClaimedReminder({
          hour: row.hour,
          minute: row.minute,
          zone: row.timezone,
          lastFiredDay: row.lastFiredDay,
          now: p.now,
        });
        claimed.push({
          ...reminder,
          nextFireAt: plan.nextFireAt,
          lastFiredDay: plan.lastFiredDay,
          fireDay: plan.fireDay,
        });
        return {
          user_id: row.userId,
          next_fire_at: plan.nextFireAt.toISOString(),
          last_fired_day: plan.lastFiredDay,
          paused: false,
        };
      } catch {
        // A zone the runtime no longer knows (or a corrupt time) must not block every other reminder:
        // pause this one; `/remind set` starts it again.
        return {
          user_id: row.userId,
          next_fire_at: row.nextFireAt.toISOString(),
          last_fired_day: row.lastFiredDay,
          paused: true,
        };
      }
    });
    // One statement with one parameter whatever the batch size: the rows travel as a JSON array.
    await tx.execute(sql`
      update ${reminders} as r
      set next_fire_at = v.next_fire_at, last_fired_day = v.last_fired_day, paused = v.paused,
          updated_at = ${p.now.toISOString()}::timestamptz
      from json_to_recordset(${JSON.stringify(updates)}::json)
        as v(user_id text, next_fire_at timestamptz, last_fired_day date, paused boolean)
      where r.user_id = v.user_id`);
    return claimed;
  });
}

/** What a tick needs to decide one claimed member's reminder. */
export interface ReminderSubject {
  user: UserSettings;
  /** Items due now, counted as /study counts them (started, not retired, no leech put aside). */
  dueCount: number;
}

/**
 * Every claimed member's settings (streak, break, language) and due count at `now`, in one statement for the
 * whole batch instead of two per member: prepared, the ids as one JSON parameter, so its text stays the same
 * whatever the batch size. A member with no row is left out (such a member has no streak and nothing due).
 */
export async function findReminderSubjects(
  db: Database,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, ReminderSubject>> {
  if (userIds.length === 0) return new Map();
  const dueItems = dueItemCount(db, { userId: users.id, now });
  const rows = await db
    .select({ user: users, dueCount: sql`(${dueItems})`.mapWith(Number) })
    .from(users)
    .where(sql`${users.id} in (select json_array_elements_text(${JSON.stringify(userIds)}::json))`)
    .prepare('reminder_subjects')
    .execute();
  return new Map(rows.map((row) => [row.user.id, { user: toSettings(row.user), dueCount: row.dueCount }]));
}
