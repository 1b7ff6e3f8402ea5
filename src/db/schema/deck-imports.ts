import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * A deck file read and waiting for its organizer's Publish or Cancel. The items are stored as read, so the
 * buttons work across restarts and replicas; `status` moves from `pending` exactly once, which is what makes a
 * double click or two replicas publish one version.
 */
export const deckImports = pgTable(
  'deck_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    /** The server deck it publishes to (created on first publish). */
    deckName: text('deck_name').notNull(),
    title: text('title').notNull(),
    format: text('format').notNull(),
    /** The deck's version when the preview was made: publishing on top of another version is refused. */
    baseVersion: integer('base_version').notNull(),
    items: jsonb('items').notNull(),
    status: text('status').$type<'pending' | 'published' | 'cancelled'>().notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (table) => [index('deck_imports_guild_idx').on(table.guildId, table.createdAt)],
);
