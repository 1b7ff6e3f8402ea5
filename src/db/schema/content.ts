import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * A deck: a built-in one as last synced from `content/` (no guild), or a server's own, published from an import
 * (`guild_id` and its `name` there). `version` grows with each publish of a server deck: a publish applies only
 * on top of the version its preview was made against, so two publishes never interleave.
 */
export const decks = pgTable(
  'decks',
  {
    id: text('id').primaryKey(),
    title: jsonb('title').$type<{ ko: string; en: string }>().notNull(),
    description: jsonb('description').$type<{ ko: string; en: string }>().notNull(),
    position: integer('position').notNull(),
    contentHash: text('content_hash').notNull(),
    guildId: text('guild_id'),
    name: text('name'),
    version: integer('version').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('decks_guild_name_key')
      .on(table.guildId, table.name)
      .where(sql`${table.guildId} is not null`),
  ],
);

/**
 * An item (flashcard, question...) as last synced. Its id is the stable id from the deck file, so editing the text
 * keeps everyone's progress; an item removed from the files is retired, never deleted, so its history stays.
 */
export const items = pgTable(
  'items',
  {
    id: text('id').primaryKey(),
    deckId: text('deck_id')
      .notNull()
      .references(() => decks.id),
    /** A server deck's item key (Anki guid and card, YAML id, or front); null for built-in items, keyed by id. */
    key: text('key'),
    kind: text('kind').notNull(),
    section: text('section').notNull(),
    position: integer('position').notNull(),
    content: jsonb('content').notNull(),
    contentHash: text('content_hash').notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('items_deck_position_idx').on(table.deckId, table.position)],
);
