import { type Card, createEmptyCard, State } from 'ts-fsrs';
import type { StoredStreak } from './streaks.js';

/**
 * A member's memory of one item, and the one codec between its three forms: the FSRS card ts-fsrs schedules, this
 * domain type, and what storage keeps (the item_states columns carry these names; Undo keeps a JSON copy).
 */

/** One member's memory of one item. */
export interface MemoryState {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** 0 new, 1 learning, 2 review, 3 relearning. */
  state: number;
  lastReview: Date | null;
}

export const MEMORY_STATE = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
} as const;

/** A fresh memory state for an item the member has never seen. */
export function newMemoryState(now: Date): MemoryState {
  return fromCard(createEmptyCard(now));
}

export function toCard(memory: MemoryState): Card {
  const card: Card = {
    due: memory.due,
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsed_days: memory.elapsedDays,
    scheduled_days: memory.scheduledDays,
    learning_steps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    state: memory.state as State,
  };
  if (memory.lastReview) card.last_review = memory.lastReview;
  return card;
}

export function fromCard(card: Card): MemoryState {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.last_review ?? null,
  };
}

/**
 * The memory fields of anything that carries them (a stored row), and nothing else: what a row is read as, and
 * what is written back to its columns.
 */
export function memoryOf(source: MemoryState): MemoryState {
  return {
    due: source.due,
    stability: source.stability,
    difficulty: source.difficulty,
    elapsedDays: source.elapsedDays,
    scheduledDays: source.scheduledDays,
    learningSteps: source.learningSteps,
    reps: source.reps,
    lapses: source.lapses,
    state: source.state,
    lastReview: source.lastReview,
  };
}

/** A memory as JSON keeps it: instants as ISO text. */
export type MemoryJson = Omit<MemoryState, 'due' | 'lastReview'> & { due: string; lastReview: string | null };

/** What an answer replaced, as the review log keeps it for Undo. */
export interface StoredUndo {
  state: MemoryJson;
  streak: StoredStreak;
}

// Spelled out rather than spread from memoryOf: the statements add their other values to this object, and Node 20
// adds properties to an object made by a spread on a slow path (about 2 µs each, measured).
export function memoryToJson(memory: MemoryState): MemoryJson {
  return {
    due: memory.due.toISOString(),
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsedDays: memory.elapsedDays,
    scheduledDays: memory.scheduledDays,
    learningSteps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    state: memory.state,
    lastReview: memory.lastReview ? memory.lastReview.toISOString() : null,
  };
}

export function memoryFromJson(json: MemoryJson): MemoryState {
  return memoryOf({
    ...json,
    due: new Date(json.due),
    lastReview: json.lastReview ? new Date(json.lastReview) : null,
  });
}
