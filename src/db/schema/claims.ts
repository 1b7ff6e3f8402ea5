import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Interaction ids claimed by a bot process. When two processes receive the same interaction (a rolling deploy),
 * the one whose insert succeeds answers it; the other stays silent.
 */
export const interactionClaims = pgTable('interaction_claims', {
  interactionId: text('interaction_id').primaryKey(),
  claimedBy: text('claimed_by').notNull(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Once-only jobs (a weekly leaderboard post): the first process to insert the key does the work. */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    key: text('key').notNull(),
    claimedBy: text('claimed_by').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.job, table.key] })],
);

/** Small facts the bot keeps about itself, such as the hash of the commands it last registered. */
export const botState = pgTable('bot_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
