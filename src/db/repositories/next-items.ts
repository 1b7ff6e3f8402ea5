import { sql } from 'drizzle-orm';
import { MEMORY_STATE, type MemoryState } from '../../domain/memory.js';
import type { Database } from '../client.js';

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

/** A due row as the statement sends it (JSON: instants as text). */
type DueJson = [
  itemId: string,
  due: string,
  stability: number,
  difficulty: number,
  elapsedDays: number,
  scheduledDays: number,
  learningSteps: number,
  reps: number,
  lapses: number,
  state: number,
  lastReview: string | null,
];

const NEW = sql.raw(String(MEMORY_STATE.new));
const param = (name: string) => sql.placeholder(name);

/*
 * The due part walks the (user_id, due) index. The new part starts from the decks (a server's own through their
 * index), reads each deck's items in order through (deck_id, position), and checks the member's state per item
 * through (user_id, item_id): it stops after `newLimit` rows and never reads a state of another member. Instants
 * travel as ISO text: drizzle hands postgres.js a Date unserialized.
 */
const statement = sql`
  with due as (
    select s.item_id, s.due, s.stability, s.difficulty, s.elapsed_days, s.scheduled_days, s.learning_steps,
           s.reps, s.lapses, s.state, s.last_review
    from item_states s
    join items i on i.id = s.item_id
    where s.user_id = ${param('userId')}
      and s.due <= ${param('now')}::timestamptz
      and s.state <> ${NEW}
      and i.retired_at is null
      and (${param('deckId')}::text is null or i.deck_id = ${param('deckId')}::text)
      -- A leech put aside for the day waits until its time, whatever its due date says.
      and (s.suspended_until is null or s.suspended_until <= ${param('now')}::timestamptz)
  ),
  answered as (
    select count(*) filter (where state_before = ${NEW})::int as started,
           count(*) filter (where state_before <> ${NEW})::int as reviewed
    from review_logs
    where user_id = ${param('userId')} and reviewed_at >= ${param('dayStart')}::timestamptz
  )
  select
    answered.started,
    answered.reviewed,
    (select coalesce(json_agg(json_build_array(item_id, due, stability, difficulty, elapsed_days, scheduled_days,
                                               learning_steps, reps, lapses, state, last_review)
                              order by due, item_id), '[]')
     from due) as due,
    (select coalesce(json_agg(fresh.id order by fresh.deck_position, fresh.position, fresh.id), '[]')
     from (
       select i.id, d.position as deck_position, i.position
       from decks d
       join items i on i.deck_id = d.id
       where i.retired_at is null
         and (d.id = ${param('deckId')}::text
              or (${param('deckId')}::text is null
                  and (d.guild_id is null or d.guild_id = ${param('guildId')}::text)))
         and not exists (
           select 1 from item_states s
           where s.user_id = ${param('userId')} and s.item_id = i.id and s.state <> ${NEW})
       order by d.position, i.position, i.id
       -- What the daily new-item limit still allows, so a member at the limit reads no items at all.
       limit least(greatest(${param('dailyNewLimit')}::int - answered.started, 0), ${param('maxNew')}::int)
     ) fresh) as fresh
  from answered`;

/** Built once per database: drizzle then only fills the placeholders, and the server keeps the plan. */
const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  return db
    .select({
      started: sql<number>`started`,
      reviewed: sql<number>`reviewed`,
      due: sql<DueJson[]>`due`,
      fresh: sql<string[]>`fresh`,
    })
    .from(sql`(${statement}) as pick`)
    .prepare('next_items');
}

export async function findNextItems(
  db: Database,
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
  let query = prepared.get(db);
  if (!query) {
    query = prepare(db);
    prepared.set(db, query);
  }
  const [row] = await query.execute({
    userId: p.userId,
    now: p.now.toISOString(),
    dayStart: p.dayStart.toISOString(),
    deckId: p.deckId,
    guildId: p.guildId,
    dailyNewLimit: p.dailyNewLimit,
    maxNew: p.maxNew,
  });
  if (!row) throw new Error('the next-items statement returned no row');
  return {
    due: row.due.map(
      ([
        itemId,
        due,
        stability,
        difficulty,
        elapsedDays,
        scheduledDays,
        learningSteps,
        reps,
        lapses,
        state,
        last,
      ]) => ({
        itemId,
        memory: {
          due: new Date(due),
          stability,
          difficulty,
          elapsedDays,
          scheduledDays,
          learningSteps,
          reps,
          lapses,
          state,
          lastReview: last === null ? null : new Date(last),
        },
      }),
    ),
    startedToday: row.started,
    reviewedToday: row.reviewed,
    newItemIds: row.fresh,
  };
}
