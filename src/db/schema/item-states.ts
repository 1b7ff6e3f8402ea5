import {
  bigint,
  doublePrecision,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { items } from './content.js';
import { users } from './users.js';

/** One member's FSRS memory state for one item. `version` grows on every change, so stale buttons are refused. */
export const itemStates = pgTable(
  'item_states',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id),
    due: timestamp('due', { withTimezone: true }).notNull(),
    stability: doublePrecision('stability').notNull(),
    difficulty: doublePrecision('difficulty').notNull(),
    elapsedDays: doublePrecision('elapsed_days').notNull(),
    scheduledDays: doublePrecision('scheduled_days').notNull(),
    learningSteps: integer('learning_steps').notNull(),
    reps: integer('reps').notNull(),
    lapses: integer('lapses').notNull(),
    /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning. */
    state: smallint('state').notNull(),
    lastReview: timestamp('last_review', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    /** A leech missed too often today waits until the member's next local day. */
    suspendedUntil: timestamp('suspended_until', { withTimezone: true }),
  },
  (table) => [
    unique('item_states_user_item_key').on(table.userId, table.itemId),
    // A member's due items, soonest first: the query behind every /study.
    index('item_states_user_due_idx').on(table.userId, table.due),
  ],
);
