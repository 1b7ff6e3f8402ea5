import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { SessionStep } from '../../domain/study-session.js';
import { users } from './users.js';

/** A member's study session: a planned queue of items worked through one by one. */
export const studySessions = pgTable(
  'study_sessions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    guildId: text('guild_id'),
    deckId: text('deck_id'),
    queue: jsonb('queue').$type<string[]>().notNull(),
    position: integer('position').notNull().default(0),
    step: jsonb('step').$type<SessionStep>().notNull(),
    /** Grows with every change; a button carries the version it was drawn for. */
    version: integer('version').notNull().default(0),
    answered: integer('answered').notNull().default(0),
    correct: integer('correct').notNull().default(0),
    timeSpentMs: integer('time_spent_ms').notNull().default(0),
    lastReviewId: bigint('last_review_id', { mode: 'number' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('study_sessions_user_idx').on(table.userId, table.startedAt)],
);
