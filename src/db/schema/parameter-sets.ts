import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Every FSRS parameter set the nightly tuning fitted, adopted or not, with the evaluation that decided it, so a
 * change of schedule can be explained and rolled back. At most one set per scope is active.
 */
export const parameterSets = pgTable(
  'parameter_sets',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** 'member' | 'server' | 'global' */
    scope: text('scope').$type<'member' | 'server' | 'global'>().notNull(),
    /** The user id for 'member', the guild id for 'server', '' for 'global'. */
    scopeId: text('scope_id').notNull(),
    /** FSRS-6: 21 numbers. */
    parameters: jsonb('parameters').$type<number[]>().notNull(),
    /** Mean over the time-series splits, on the scope's own later reviews: the candidate ... */
    logLoss: doublePrecision('log_loss').notNull(),
    rmseBins: doublePrecision('rmse_bins').notNull(),
    /** ... and the set in use when it was fitted, on the same reviews. */
    baselineLogLoss: doublePrecision('baseline_log_loss').notNull(),
    baselineRmseBins: doublePrecision('baseline_rmse_bins').notNull(),
    /** The set in use then (null: the defaults), so a rollback knows where to return. */
    baselineSetId: bigint('baseline_set_id', { mode: 'number' }),
    trainItems: integer('train_items').notNull(),
    testItems: integer('test_items').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When it became the scope's set; null if it lost the comparison. */
    adoptedAt: timestamp('adopted_at', { withTimezone: true }),
    /** When it stopped being used (replaced, reset by the member, or rolled back). */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (table) => [
    // The scheduler reads a scope's active set on every answer.
    uniqueIndex('parameter_sets_active_key')
      .on(table.scope, table.scopeId)
      .where(sql`${table.adoptedAt} is not null and ${table.retiredAt} is null`),
    index('parameter_sets_scope_time_idx').on(table.scope, table.scopeId, table.createdAt),
  ],
);
