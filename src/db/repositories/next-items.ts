import { type MemoryJson, type MemoryState, memoryFromJson } from '../../domain/memory.js';
import type { SqlClient } from '../client.js';

/**
 * What /study reads to choose a session's items, in one prepared statement: the member's due items with their
 * memory, the answers given since the start of their day, and the first items never started. Each part keeps
 * the rule of the reads it replaced (due: started, due, not retired, in the deck if one is chosen, not a leech
 * put aside; new: not retired, in the chosen deck or else the built-in decks and this server's own, in deck
 * order); the caller decides from them what the session serves.
 */
export interface NextItems {
  /** Every due item, soonest due first (ties by item id). */
  due: { itemId: string; memory: MemoryState }[];
  /** First sights since `dayStart`: what the daily new-item limit counts. */
  startedToday: number;
  /** Answers to started items since `dayStart`: what the backlog's daily cap counts. */
  reviewedToday: number;
  /** Items never started, in deck order, as many as the daily limit still allows (at most `maxNew`). */
  newItemIds: string[];
}

/** A due row as the statement sends it: the item and its memory as JSON keeps it (instants as text). */
type DueJson = MemoryJson & { itemId: string };

/*
 * Plain SQL through postgres.js, prepared once per connection: this runs on every /study. Its text never changes
 * (an absent deck or server is a null parameter), so one plan serves every member.
 * - The due part walks the (user_id, due) index.
 * - The new part joins the visible decks to their items and anti-joins the member's own states, read through
 *   their index. With only the built-in decks that is a hash join over their few items; with 2,000 server decks
 *   and 500,000 items the planner reads the visible decks' items alone through (deck_id, position) (2 ms under
 *   load). It never reads another member's states nor another server's items, and a member at the daily limit
 *   reads no items at all. A lateral join reading each deck's first few items measured slower on the built-in
 *   decks, so the planner keeps the choice.
 * State 0 is a new item (MEMORY_STATE.new). Instants travel as ISO text cast on the server: the client is shared
 * with drizzle, which sets postgres.js to pass timestamps through as text.
 */
export async function findNextItems(
  sql: SqlClient,
  p: {
    userId: string;
    now: Date;
    /** The member's local midnight today. */
    dayStart: Date;
    deckId: string | null;
    /** Without a deck: the built-in decks and this server's own (none of another server's). */
    guildId: string | null;
    dailyNewLimit: number;
    maxNew: number;
  },
): Promise<NextItems> {
  const now = p.now.toISOString();
  const dayStart = p.dayStart.toISOString();
  const [row] = await sql<{ started: number; reviewed: number; due: DueJson[]; fresh: string[] }[]>`
  with due as (
    select s.item_id, s.due, s.stability, s.difficulty, s.elapsed_days, s.scheduled_days, s.learning_steps,
           s.reps, s.lapses, s.state, s.last_review
    from item_states s
    join items i on i.id = s.item_id
    where s.user_id = ${p.userId}::text
      and s.due <= ${now}::timestamptz
      and s.state <> 0
      and i.retired_at is null
      and (${p.deckId}::text is null or i.deck_id = ${p.deckId}::text)
      -- A leech put aside for the day waits until its time, whatever its due date says.
      and (s.suspended_until is null or s.suspended_until <= ${now}::timestamptz)
  ),
  answered as (
    select count(*) filter (where state_before = 0)::int as started,
           count(*) filter (where state_before <> 0)::int as reviewed
    from review_logs
    where user_id = ${p.userId} and reviewed_at >= ${dayStart}::timestamptz
  )
  select
    answered.started,
    answered.reviewed,
    (select coalesce(json_agg(json_build_object('itemId', item_id, 'due', due, 'stability', stability,
                                                'difficulty', difficulty, 'elapsedDays', elapsed_days,
                                                'scheduledDays', scheduled_days, 'learningSteps', learning_steps,
                                                'reps', reps, 'lapses', lapses, 'state', state,
                                                'lastReview', last_review)
                              order by due, item_id), '[]')
     from due) as due,
    (select coalesce(json_agg(fresh.id order by fresh.deck_position, fresh.position, fresh.id), '[]')
     from (
       select i.id, d.position as deck_position, i.position
       from decks d
       join items i on i.deck_id = d.id
       where i.retired_at is null
         and (d.id = ${p.deckId}::text
              or (${p.deckId}::text is null and (d.guild_id is null or d.guild_id = ${p.guildId}::text)))
         and not exists (
           select 1 from item_states s
           where s.user_id = ${p.userId}::text and s.item_id = i.id and s.state <> 0)
       order by d.position, i.position, i.id
       -- What the daily new-item limit still allows, so a member at the limit reads no items at all.
       limit least(greatest(${p.dailyNewLimit}::int - answered.started, 0), ${p.maxNew}::int)
     ) fresh) as fresh
  from answered`;
  if (!row) throw new Error('the next-items statement returned no row');
  return {
    due: row.due.map((json) => ({ itemId: json.itemId, memory: memoryFromJson(json) })),
    startedToday: row.started,
    reviewedToday: row.reviewed,
    newItemIds: row.fresh,
  };
}
