import { randomInt } from 'node:crypto';
import type { CatalogItem } from '../content/catalog.js';
import type { ItemContent } from '../content/schema.js';
import { findOrCreateGuild } from '../db/repositories/guilds.js';
import {
  advanceSessionStep,
  countDueItems,
  countNewStartedSince,
  createSession,
  findDueItems,
  findMemory,
  findNewItemIds,
  findNextDueAfter,
  findSession,
  finishSession,
  recordAnswer,
  type StudySession,
  undoLastAnswer,
} from '../db/repositories/study.js';
import { findOrCreateUser, type UserSettings } from '../db/repositories/users.js';
import type { SessionStep } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { StudyAction } from '../discord/custom-id.js';
import { checkClozeAnswer, gradeOrdering, ratingForOutcome, shuffledIndexes } from '../domain/grading.js';
import { localDate, startOfLocalDay } from '../domain/local-time.js';
import {
  MEMORY_STATE,
  type MemoryState,
  newMemoryState,
  previewReviews,
  type ReviewRating,
} from '../domain/scheduling.js';
import { newItemsLeftToday, planSessionQueue, SESSION_LENGTH } from '../domain/session.js';

export const MAX_CLOZE_INPUT = 100;

/** The outcome of an automatically graded answer, shown once right after it. */
export type AnswerFeedback =
  | { kind: 'choice'; correct: boolean; picked: number }
  | { kind: 'ordering'; correct: boolean; nearlyCorrect: boolean; picked: number[] }
  | { kind: 'cloze'; correct: boolean; typed: string };

export type StudyRefusal =
  | 'not-owner'
  | 'stale'
  | 'finished'
  | 'session-missing'
  | 'nothing-to-undo'
  | 'unknown-deck'
  | 'input-too-long';

export type StudyScreen =
  | { type: 'refused'; reason: StudyRefusal; deck?: string }
  | { type: 'empty'; nextDue: Date | null; newLimitReached: boolean; dailyNewLimit: number }
  | {
      type: 'item';
      session: StudySession;
      current: CatalogItem;
      memory: MemoryState;
      /** For a revealed flashcard: when each rating would bring it back. */
      preview?: Record<ReviewRating, Date>;
      feedback?: AnswerFeedback;
      /** The answer just recorded, when the screen moved on to a new item. */
      lastAnswer?: { rating: ReviewRating; dueAfter: Date; answeredAt: Date };
      skippedRetired: boolean;
    }
  | { type: 'cloze-modal'; session: StudySession; current: CatalogItem }
  | { type: 'summary'; session: StudySession; nextDue: Date | null; moreDue: number; ended: boolean };

export interface StudyActor {
  userId: string;
  guildId: string | null;
  /** The member's settings when the caller has them already (the router loads them): saves reading them again. */
  user?: UserSettings;
}

const settingsOf = async (deps: Deps, actor: StudyActor): Promise<UserSettings> =>
  actor.user ?? findOrCreateUser(deps.db, actor.userId);

function freshStep(item: ItemContent, now: Date): SessionStep {
  const seed = randomInt(1, 2 ** 31);
  let shuffle: number[] = [];
  if (item.kind === 'multiple_choice' || item.kind === 'scenario')
    shuffle = shuffledIndexes(item.options.length, seed);
  if (item.kind === 'ordering') {
    shuffle = shuffledIndexes(item.steps.length, seed);
    // A shuffle that happens to be the answer gives the answer away: rotate it by one.
    if (shuffle.every((step, index) => step === index))
      shuffle = [...shuffle.slice(1), ...shuffle.slice(0, 1)];
  }
  return { stage: 'question', shownAt: now.toISOString(), shuffle, picked: [] };
}

/** The member's time zone: their own, else the server's, else the bot's default. */
export async function resolveTimezone(
  deps: Deps,
  user: UserSettings,
  guildId: string | null,
): Promise<string> {
  if (user.timezone) return user.timezone;
  if (guildId) {
    const guild = await findOrCreateGuild(deps.db, guildId);
    if (guild.timezone) return guild.timezone;
  }
  return deps.config.defaultTimezone;
}

/**
 * Starts a session: due items first, then new items up to what is left of the member's daily new-item limit.
 * Starting a session ends the member's previous one, so an old message's buttons say the session moved on.
 */
export async function startStudy(deps: Deps, actor: StudyActor, deckId: string | null): Promise<StudyScreen> {
  if (deckId !== null && !deps.catalog.findDeck(deckId))
    return { type: 'refused', reason: 'unknown-deck', deck: deckId };
  const now = deps.clock();
  const user = await settingsOf(deps, actor);
  const zone = await resolveTimezone(deps, user, actor.guildId);
  const dayStart = startOfLocalDay(localDate(now, zone), zone);
  const [due, startedToday] = await Promise.all([
    findDueItems(deps.db, { userId: actor.userId, now, deckId, limit: SESSION_LENGTH }),
    countNewStartedSince(deps.db, actor.userId, dayStart),
  ]);
  const newLeft = newItemsLeftToday(user.dailyNewLimit, startedToday);
  const newItemIds = await findNewItemIds(deps.db, {
    userId: actor.userId,
    deckId,
    limit: Math.min(newLeft, SESSION_LENGTH),
  });
  const queue = planSessionQueue({ due, newItemIds, newLeftToday: newLeft }).filter((id) =>
    deps.catalog.findItem(id),
  );
  if (queue.length === 0) {
    return {
      type: 'empty',
      nextDue: await findNextDueAfter(deps.db, actor.userId, now),
      newLimitReached: newLeft === 0,
      dailyNewLimit: user.dailyNewLimit,
    };
  }
  const first = deps.catalog.findItem(queue[0] as string) as CatalogItem;
  const session = await createSession(deps.db, {
    userId: actor.userId,
    guildId: actor.guildId,
    deckId,
    queue,
    step: freshStep(first.item, now),
    now,
  });
  return renderCurrent(deps, session, {}, { user });
}

async function renderCurrent(
  deps: Deps,
  session: StudySession,
  extra: {
    feedback?: AnswerFeedback;
    lastAnswer?: { rating: ReviewRating; dueAfter: Date; answeredAt: Date };
  },
  known: {
    user?: UserSettings;
    /** The member's memory of an item, just written by the caller: not read again. */
    memory?: { itemId: string; memory: MemoryState };
  } = {},
): Promise<StudyScreen> {
  const now = deps.clock();
  let current = session;
  let skippedRetired = false;
  // Items retired since the session was planned are skipped, not served.
  while (!current.finishedAt && !deps.catalog.findItem(current.queue[current.position] ?? '')) {
    skippedRetired = true;
    const nextPosition = current.position + 1;
    const nextItem = deps.catalog.findItem(current.queue[nextPosition] ?? '');
    const moved = await advanceSessionStep(deps.db, {
      sessionId: current.id,
      userId: current.userId,
      expectedVersion: current.version,
      position: nextPosition,
      step: nextItem ? freshStep(nextItem.item, now) : current.step,
      finishedAt: nextPosition >= current.queue.length ? now : null,
    });
    if (!moved.ok) return { type: 'refused', reason: moved.reason };
    current = moved.session;
  }
  if (current.finishedAt) return summarize(deps, current, false);
  const catalogItem = deps.catalog.findItem(current.queue[current.position] as string) as CatalogItem;
  const memory =
    known.memory?.itemId === catalogItem.item.id
      ? known.memory.memory
      : ((await findMemory(deps.db, current.userId, catalogItem.item.id)) ?? newMemoryState(now));
  let preview: Record<ReviewRating, Date> | undefined;
  if (catalogItem.item.kind === 'flashcard' && current.step.stage === 'revealed') {
    const user = known.user ?? (await findOrCreateUser(deps.db, current.userId));
    const next = previewReviews(memory, now, user.targetRetention);
    preview = { 1: next[1].due, 2: next[2].due, 3: next[3].due, 4: next[4].due };
  }
  return {
    type: 'item',
    session: current,
    current: catalogItem,
    memory,
    skippedRetired,
    ...(preview ? { preview } : {}),
    ...extra,
  };
}

async function summarize(deps: Deps, session: StudySession, ended: boolean): Promise<StudyScreen> {
  const now = deps.clock();
  const [nextDue, moreDue] = await Promise.all([
    findNextDueAfter(deps.db, session.userId, now),
    countDueItems(deps.db, { userId: session.userId, now, deckId: session.deckId }),
  ]);
  return { type: 'summary', session, nextDue, moreDue, ended };
}

/** Handles one press on a study screen (or the cloze modal's submission). */
export async function handleStudyAction(
  deps: Deps,
  actor: StudyActor,
  target: { sessionId: number; version: number },
  action: StudyAction,
  input: { clozeText?: string } = {},
): Promise<StudyScreen> {
  const session = await findSession(deps.db, target.sessionId);
  if (!session) return { type: 'refused', reason: 'session-missing' };
  if (session.userId !== actor.userId) return { type: 'refused', reason: 'not-owner' };
  if (action.action !== 'undo' && session.finishedAt) return { type: 'refused', reason: 'finished' };
  if (session.version !== target.version) return { type: 'refused', reason: 'stale' };
  const current = deps.catalog.findItem(session.queue[session.position] ?? '');
  const known = actor.user ? { user: actor.user } : {};
  if (!current && action.action !== 'end' && action.action !== 'undo')
    return renderCurrent(deps, session, {}, known);
  const now = deps.clock();
  const move = async (change: { position?: number; step: SessionStep; finishedAt?: Date | null }) => {
    const moved = await advanceSessionStep(deps.db, {
      sessionId: session.id,
      userId: actor.userId,
      expectedVersion: session.version,
      ...change,
    });
    return moved.ok
      ? renderCurrent(deps, moved.session, {}, known)
      : ({ type: 'refused', reason: moved.reason } as const);
  };
  const item = current?.item;

  switch (action.action) {
    case 'end': {
      await finishSession(deps.db, session.id, now);
      return summarize(deps, { ...session, finishedAt: now }, true);
    }
    case 'undo': {
      const undone = await undoLastAnswer(deps.db, {
        sessionId: session.id,
        userId: actor.userId,
        expectedVersion: session.version,
        step: (itemId) => {
          const undoneItem = deps.catalog.findItem(itemId);
          return undoneItem
            ? freshStep(undoneItem.item, now)
            : { stage: 'question', shownAt: now.toISOString(), shuffle: [], picked: [] };
        },
      });
      return undone.ok
        ? renderCurrent(deps, undone.session, {}, known)
        : { type: 'refused', reason: undone.reason };
    }
    case 'reveal':
      if (item?.kind !== 'flashcard' || session.step.stage !== 'question')
        return { type: 'refused', reason: 'stale' };
      return move({ step: { ...session.step, stage: 'revealed' } });
    case 'next': {
      if (session.step.stage !== 'answered') return { type: 'refused', reason: 'stale' };
      const nextPosition = session.position + 1;
      const nextItem = deps.catalog.findItem(session.queue[nextPosition] ?? '');
      return move({
        position: nextPosition,
        step: nextItem ? freshStep(nextItem.item, now) : session.step,
        finishedAt: nextPosition >= session.queue.length ? now : null,
      });
    }
    case 'order-reset':
      if (item?.kind !== 'ordering' || session.step.stage !== 'question')
        return { type: 'refused', reason: 'stale' };
      return move({ step: { ...session.step, picked: [] } });
    case 'order-pick': {
      if (item?.kind !== 'ordering' || session.step.stage !== 'question')
        return { type: 'refused', reason: 'stale' };
      if (action.step >= item.steps.length || session.step.picked.includes(action.step))
        return { type: 'refused', reason: 'stale' };
      const picked = [...session.step.picked, action.step];
      if (picked.length < item.steps.length) return move({ step: { ...session.step, picked } });
      const grade = gradeOrdering(picked, item.steps.length);
      return answer(deps, actor, session, current as CatalogItem, {
        correct: grade.correct,
        nearlyCorrect: grade.nearlyCorrect,
        feedback: { kind: 'ordering', correct: grade.correct, nearlyCorrect: grade.nearlyCorrect, picked },
        picked,
      });
    }
    case 'choose': {
      if (
        (item?.kind !== 'multiple_choice' && item?.kind !== 'scenario') ||
        session.step.stage !== 'question'
      ) {
        return { type: 'refused', reason: 'stale' };
      }
      if (action.option >= item.options.length) return { type: 'refused', reason: 'stale' };
      const correct = action.option === item.answer;
      return answer(deps, actor, session, current as CatalogItem, {
        correct,
        feedback: { kind: 'choice', correct, picked: action.option },
      });
    }
    case 'cloze-open':
      if (item?.kind !== 'cloze' || session.step.stage !== 'question')
        return { type: 'refused', reason: 'stale' };
      return { type: 'cloze-modal', session, current: current as CatalogItem };
    case 'cloze-submit': {
      if (item?.kind !== 'cloze' || session.step.stage !== 'question')
        return { type: 'refused', reason: 'stale' };
      const typed = (input.clozeText ?? '').trim();
      if (typed.length > MAX_CLOZE_INPUT) return { type: 'refused', reason: 'input-too-long' };
      const correct = checkClozeAnswer(typed, [item.answer.ko, item.answer.en, ...item.accept]);
      return answer(deps, actor, session, current as CatalogItem, {
        correct,
        feedback: { kind: 'cloze', correct, typed },
      });
    }
    case 'grade': {
      if (item?.kind !== 'flashcard' || session.step.stage !== 'revealed')
        return { type: 'refused', reason: 'stale' };
      return answer(deps, actor, session, current as CatalogItem, {
        correct: action.rating >= 2,
        rating: action.rating,
      });
    }
  }
}

function questionLength(item: ItemContent): number {
  switch (item.kind) {
    case 'flashcard':
      return item.front.ko.length;
    case 'multiple_choice':
      return item.question.ko.length + item.options.reduce((sum, option) => sum + option.text.ko.length, 0);
    case 'scenario':
      return (
        item.situation.ko.length +
        item.question.ko.length +
        item.options.reduce((sum, option) => sum + option.text.ko.length, 0)
      );
    case 'ordering':
      return item.prompt.ko.length + item.steps.reduce((sum, step) => sum + step.ko.length, 0);
    case 'cloze':
      return item.text.ko.length;
  }
}

async function answer(
  deps: Deps,
  actor: StudyActor,
  session: StudySession,
  current: CatalogItem,
  outcome: {
    correct: boolean;
    nearlyCorrect?: boolean;
    rating?: ReviewRating;
    feedback?: AnswerFeedback;
    picked?: number[];
  },
): Promise<StudyScreen> {
  const now = deps.clock();
  const user = await settingsOf(deps, actor);
  const zone = await resolveTimezone(deps, user, session.guildId);
  const responseMs = Math.max(0, now.getTime() - Date.parse(session.step.shownAt));
  let rating = outcome.rating;
  if (rating === undefined) {
    // Only an automatically graded answer needs the memory before it (a self-graded card brings its rating).
    const memory = await findMemory(deps.db, actor.userId, current.item.id);
    rating = ratingForOutcome({
      correct: outcome.correct,
      nearlyCorrect: outcome.nearlyCorrect ?? false,
      responseMs,
      questionLength: questionLength(current.item),
      seenBefore: memory !== null && memory.state !== MEMORY_STATE.new,
    });
  }
  // Self-graded flashcards move straight on, as in Anki; graded questions stay to show why.
  const moveOn = outcome.feedback === undefined;
  const nextPosition = moveOn ? session.position + 1 : session.position;
  const nextItem = deps.catalog.findItem(session.queue[nextPosition] ?? '');
  const nextStep: SessionStep = moveOn
    ? nextItem
      ? freshStep(nextItem.item, now)
      : session.step
    : { ...session.step, stage: 'answered', picked: outcome.picked ?? session.step.picked };
  const recorded = await recordAnswer(deps.db, {
    sessionId: session.id,
    userId: actor.userId,
    expectedVersion: session.version,
    itemId: current.item.id,
    rating,
    correct: outcome.correct,
    responseMs,
    now,
    targetRetention: user.targetRetention,
    timezone: zone,
    nextPosition,
    nextStep,
  });
  if (!recorded.ok) return { type: 'refused', reason: recorded.reason };
  const lastAnswer = { rating, dueAfter: recorded.answer.dueAfter, answeredAt: now };
  if (recorded.session.finishedAt) return summarize(deps, recorded.session, false);
  const known = { user, memory: { itemId: current.item.id, memory: recorded.answer.memoryAfter } };
  if (moveOn) return renderCurrent(deps, recorded.session, { lastAnswer }, known);
  return renderCurrent(
    deps,
    recorded.session,
    {
      lastAnswer,
      ...(outcome.feedback ? { feedback: outcome.feedback } : {}),
    },
    known,
  );
}
