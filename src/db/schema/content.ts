import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** A deck as last synced from `content/`. */
export const decks = pgTable('decks', {
  id: text('id').primaryKey(),
  title: jsonb('title').$type<{ ko: string; en: string }>().notNull(),
  description: jsonb('description').$type<{ ko: string; en: string }>().notNull(),
  position: integer('position').notNull(),
  contentHash: text('content_hash').notNull(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

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
