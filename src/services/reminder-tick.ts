import {
  type ClaimedReminder,
  claimDueReminders,
  findReminderChannel,
  findReminderSubjects,
  pauseReminder,
  type ReminderSubject,
} from '../db/repositories/reminders.js';
import type { Deps } from '../deps.js';
import { decideReminder } from '../domain/reminders.js';
import { type Locale, type MessageKey, memberLocale } from '../i18n/messages.js';
import { findServerLocale } from './guild-settings.js';

/**
 * Rate limits. Discord allows 50 requests a second per bot across all routes; discord.js's REST manager
 * counts them (its `globalRequestsPerSecond` is 50) and waits instead of tripping the limit, and queues any
 * 429 per route bucket. On top of that a tick keeps at most SEND_CONCURRENCY reminders in flight (about
 * two requests each: open the DM channel, post), so a burst of thousands is fed to that queue a few at a
 * time instead of as thousands of pending promises, and a slow or limited route holds back ten sends, not
 * the whole tick. A tick claims CLAIM_BATCH reminders at a time and keeps claiming until none are due, so
 * with two or more processes the batches are shared between them (SKIP LOCKED).
 */
export const SEND_CONCURRENCY = 10;
export const CLAIM_BATCH = 500;

/** What a reminder says; the sender renders it. */
export interface ReminderNotice {
  userId: string;
  locale: Locale;
  dueCount: number;
  streak: number;
  streakAtRisk: boolean;
}

export type ReminderTarget = { kind: 'dm' } | { kind: 'channel'; channelId: string };

/**
 * 'dm-refused': the member does not accept DMs from the bot (Discord code 50007).
 * 'channel-unavailable': the channel is gone or the bot may not post there.
 * Anything else unexpected is thrown.
 */
export type SendResult = 'sent' | 'dm-refused' | 'channel-unavailable';

/** Delivers reminders; implemented with discord.js, and by a recording fake in tests. */
export interface ReminderSender {
  send(target: ReminderTarget, notice: ReminderNotice): Promise<SendResult>;
}

export interface ReminderTickReport {
  claimed: number;
  sent: number;
  /** Sent to the server's reminder channel because the DM was refused. */
  fellBack: number;
  /** Claimed but deliberately not sent: reviewed today, nothing to do, or the day had passed. */
  skipped: number;
  paused: number;
  failed: number;
}

const DM_CLOSED_NOTICE: MessageKey = 'reminders.notice-dm-closed';
const CHANNEL_GONE_NOTICE: MessageKey = 'reminders.notice-channel-gone';

/**
 * One scheduler tick at `now`: claims every due reminder (in batches, committed before anything is sent),
 * decides for each whether the member needs it, and sends those with bounded concurrency. Safe to run in
 * several processes at once: each firing is claimed by exactly one of them.
 */
export async function runReminderTick(
  deps: Deps,
  sender: ReminderSender,
  now: Date,
  options: { batchSize?: number; concurrency?: number } = {},
): Promise<ReminderTickReport> {
  const batchSize = options.batchSize ?? CLAIM_BATCH;
  const report: ReminderTickReport = { claimed: 0, sent: 0, fellBack: 0, skipped: 0, paused: 0, failed: 0 };
  for (;;) {
    const claimed = await claimDueReminders(deps.db, { now, limit: batchSize });
    report.claimed += claimed.length;
    // Every claimed member's streak, break and due count, read for the whole batch at once.
    const subjects = await findReminderSubjects(
      deps.db,
      claimed.filter((reminder) => reminder.fireDay !== null).map((reminder) => reminder.userId),
      now,
    );
    await forEachLimited(claimed, options.concurrency ?? SEND_CONCURRENCY, async (reminder) => {
      try {
        const outcome = await deliver(deps, sender, reminder, subjects.get(reminder.userId), now);
        report[outcome] += 1;
      } catch (error) {
        report.failed += 1;
        deps.log.error({ err: error, userId: reminder.userId }, 'reminder could not be sent');
      }
    });
    // Stop only on an empty claim: a short batch can mean another process holds rows still due, but by
    // the time a claim finds nothing, every due row has been claimed by someone.
    if (claimed.length === 0) break;
  }
  if (report.claimed > 0) deps.log.info(report, 'reminder tick');
  return report;
}

async function deliver(
  deps: Deps,
  sender: ReminderSender,
  reminder: ClaimedReminder,
  subject: ReminderSubject | undefined,
  now: Date,
): Promise<'sent' | 'fellBack' | 'skipped' | 'paused'> {
  // No member row: no streak and nothing due, so nothing to remind of.
  if (reminder.fireDay === null || !subject) return 'skipped';
  const { user, dueCount } = subject;
  const decision = decideReminder({
    dueCount,
    streak: user.streak,
    today: reminder.fireDay,
    away: user.away,
  });
  if (!decision.send) return 'skipped';
  const notice: ReminderNotice = {
    userId: reminder.userId,
    locale: memberLocale(user),
    dueCount: decision.dueCount,
    streak: decision.streak,
    streakAtRisk: decision.streakAtRisk,
  };

  // A mention in a channel is read by the whole server: it is written in the server's language.
  const inChannel = async (): Promise<ReminderNotice> =>
    reminder.guildId ? { ...notice, locale: await findServerLocale(deps, reminder.guildId) } : notice;
  if (reminder.destination === 'channel' && reminder.channelId) {
    const result = await sender.send({ kind: 'channel', channelId: reminder.channelId }, await inChannel());
    if (result === 'sent') return 'sent';
    await pauseReminder(deps.db, reminder.userId, CHANNEL_GONE_NOTICE, now);
    deps.log.info({ userId: reminder.userId, result }, 'reminder channel unavailable: reminder paused');
    return 'paused';
  }

  const result = await sender.send({ kind: 'dm' }, notice);
  if (result === 'sent') return 'sent';
  const fallback = reminder.guildId ? await findReminderChannel(deps.db, reminder.guildId) : null;
  if (
    fallback &&
    (await sender.send({ kind: 'channel', channelId: fallback }, await inChannel())) === 'sent'
  ) {
    return 'fellBack';
  }
  await pauseReminder(deps.db, reminder.userId, DM_CLOSED_NOTICE, now);
  deps.log.info({ userId: reminder.userId, guildId: reminder.guildId }, 'DMs refused: reminder paused');
  return 'paused';
}

/** Runs `work` over `items` with at most `limit` running at once. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
