import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** A group quiz posted in a channel: several members answer the same questions with buttons. */
export const quizzes = pgTable(
  'quizzes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    hostUserId: text('host_user_id').notNull(),
    deckId: text('deck_id'),
    /** Item ids, in the order they are asked. */
    itemIds: jsonb('item_ids').$type<string[]>().notNull(),
    /** Option display order per question (indexes into each item's options). */
    optionOrders: jsonb('option_orders').$type<number[][]>().notNull(),
    currentQuestion: integer('current_question').notNull().default(0),
    questionEndsAt: timestamp('question_ends_at', { withTimezone: true }),
    /** The message showing the current question, edited when it is revealed. */
    messageId: text('message_id'),
    /** 'running' | 'finished' */
    status: text('status').notNull().default('running'),
    secondsPerQuestion: integer('seconds_per_question').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('quizzes_running_idx').on(table.status, table.questionEndsAt)],
);

/** One member's answer to one quiz question; the key makes "once per member per question" hold. */
export const quizAnswers = pgTable(
  'quiz_answers',
  {
    quizId: bigint('quiz_id', { mode: 'number' })
      .notNull()
      .references(() => quizzes.id, { onDelete: 'cascade' }),
    question: integer('question').notNull(),
    userId: text('user_id').notNull(),
    option: smallint('option').notNull(),
    correct: boolean('correct').notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.quizId, table.question, table.userId] })],
);
