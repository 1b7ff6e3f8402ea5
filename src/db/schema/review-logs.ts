import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { StoredUndo } from '../../domain/memory.js';
import { items } from './content.js';
import { users } from './users.js';

/**
 * One row per answer, appended in the same transaction that updates the item state. Undo removes the row it
 * reverts (as Anki does), so every row here is an answer that stands.
 */
export const reviewLogs = pgTable(
  'review_logs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id),
    /** The server the answer was given in; null in a DM. */
    guildId: text('guild_id'),
    sessionId: bigint('session_id', { mode: 'number' }),
    rating: smallint('rating').notNull(),
    correct: boolean('correct').notNull(),
    stateBefore: smallint('state_before').notNull(),
    /** The answer came when the item was due (or new): only such answers earn XP. */
    wasDue: boolean('was_due').notNull(),
    difficultyBefore: doublePrecision('difficulty_before'),
    scheduledDays: doublePrecision('scheduled_days').notNull(),
    /**
     * Whole local days (member's zone) since the item's previous answer: 0 for the first answer and for another
     * answer on the same day. Parameter fitting needs exactly this; null on rows written before it was kept.
     */
    elapsedDays: integer('elapsed_days'),
    /** FSRS' predicted chance of recall when the answer was given (null for a new item): leeches, calibration. */
    retrievability: real('retrievability'),
    /** The parameter set that scheduled this answer (null: the defaults). */
    parameterSetId: bigint('parameter_set_id', { mode: 'number' }),
    dueAfter: timestamp('due_after', { withTimezone: true }).notNull(),
    xp: integer('xp').notNull(),
    durationMs: integer('duration_ms').notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
    undo: jsonb('undo').$type<StoredUndo>().notNull(),
  },
  (table) => [
    index('review_logs_user_time_idx').on(table.userId, table.reviewedAt),
    // A server's ranking over a period: range on time within one server, summing xp per member.
    index('review_logs_guild_time_idx').on(
      table.guildId,
      table.reviewedAt,
      table.userId,
      table.xp,
      table.correct,
    ),
  ],
);
