import type { CatalogItem } from '../content/catalog.js';
import {
  countDueItems,
  findDueItems,
  findMemory,
  findNewItemIds,
  findNextDueAfter,
} from '../db/repositories/item-states.js';
import { countNewStartedSince } from '../db/repositories/review-logs.js';
import {
  createSession,
  findSession,
  finishSession,
  moveSessionIfAt,
} from '../db/repositories/study-sessions.js';
import { findOrCreateUser } from '../db/repositories/users.js';
import type { Deps } from '../deps.js';
import { localDate, startOfLocalDay } from '../domain/local-time.js';
import { type MemoryState, newMemoryState } from '../domain/memory.js';
import { previewReviews, type ReviewRating } from '../domain/scheduling.js';
import { newItemsLeftToday, planSessionQueue, SESSION_LENGTH } from '../domain/session.js';
import type { UserSettings } from '../domain/settings.js';
import {
  type AnswerFeedback,
  checkSessionTarget,
  decideStudyAction,
  freshStep,
  type ItemLookup,
  moveToNext,
  type PendingAnswer,
  type SessionMove,
  type StudyAction,
  type StudyRefusal,
  type StudySession,
} from '../domain/study-session.js';
import { recordStudyAnswer, undoStudyAnswer } from './answers.js';
import { type Result, refuse } from './refusal.js';
import { refreshGuildDecks } from './server-decks.js';
import { resolveTimeZone } from './time-zone.js';

/** What a study screen shows; the Discord adapter draws it. */
export type StudyScreen =
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
      lastAnswer?: LastAnswer;
      skippedRetired: boolean;
    }
  | { type: 'cloze-modal'; session: StudySession; current: CatalogItem }
  | { type: 'summary'; session: StudySession; nextDue: Date | null; moreDue: number; ended: boolean };

export interface LastAnswer {
  rating: ReviewRating;
  dueAfter: Date;
  answeredAt: Date;
}

export type StudyResult = Result<{ screen: StudyScreen }, StudyRefusal>;

export interface StudyActor {
  userId: string;
  guildId: string | null;
  /** The member's settings when the caller has them already (the router loads them): saves reading them again. */
  user?: UserSettings;
}

/** What the screen after a change already knows, so it is not read again. */
interface Known {
  user?: UserSettings;
  /** The member's memory of an item, just written. */
  memory?: { itemId: string; memory: MemoryState };
}

const shown = (screen: StudyScreen): StudyResult => ({ ok: true, screen });
const itemLookup =
  (deps: Deps): ItemLookup =>
  (itemId) =>
    deps.catalog.findItem(itemId)?.shape;

async function settingsOf(deps: Deps, actor: StudyActor): Promise<UserSettings> {
  return actor.user ?? findOrCreateUser(deps.db, actor.userId);
}

/**
 * Starts a session: due items first, then new items up to what is left of the member's daily new-item limit.
 * Starting a session ends the member's previous one, so an old message's buttons say the session moved on.
 */
export async function startStudy(deps: Deps, actor: StudyActor, deckId: string | null): Promise<StudyResult> {
  await refreshGuildDecks(deps, actor.guildId);
  if (deckId !== null && !deps.catalog.decksFor(actor.guildId).some((deck) => deck.id === deckId))
    return refuse('unknown-deck', deckId);
  const now = deps.clock();
  const user = await settingsOf(deps, actor);
  const zone = await resolveTimeZone(deps, { memberZone: user.timezone, guildId: actor.guildId });
  const dayStart = startOfLocalDay(localDate(now, zone), zone);
  const [due, startedToday] = await Promise.all([
    findDueItems(deps.db, { userId: actor.userId, now, deckId, limit: SESSION_LENGTH }),
    countNewStartedSince(deps.db, actor.userId, dayStart),
  ]);
  const newLeft = newItemsLeftToday(user.dailyNewLimit, startedToday);
  const newItemIds = await findNewItemIds(deps.db, {
    userId: actor.userId,
    deckId,
    guildId: actor.guildId,
    limit: Math.min(newLeft, SESSION_LENGTH),
  });
  const itemAt = itemLookup(deps);
  const queue = planSessionQueue({ due, newItemIds, newLeftToday: newLeft }).filter((id) => itemAt(id));
  const first = queue[0] === undefined ? undefined : itemAt(queue[0]);
  if (!first) {
    return shown({
      type: 'empty',
      nextDue: await findNextDueAfter(deps.db, actor.userId, now),
      newLimitReached: newLeft === 0,
      dailyNewLimit: user.dailyNewLimit,
    });
  }
  const session = await createSession(deps.db, {
    userId: actor.userId,
    guildId: actor.guildId,
    deckId,
    queue,
    step: freshStep(first, now, deps.seed()),
    now,
  });
  return show(deps, session, {}, { user });
}

/**
 * Handles one press on a study screen (or the cloze modal's submission): checks it still targets the session as
 * drawn, lets the session machine decide what it does, and stores that.
 */
export async function handleStudyAction(
  deps: Deps,
  actor: StudyActor,
  target: { sessionId: number; version: number },
  action: StudyAction,
  input: { clozeText?: string } = {},
): Promise<StudyResult> {
  const session = await findSession(deps.db, target.sessionId);
  const refusal = checkSessionTarget(session, {
    userId: actor.userId,
    version: target.version,
    allowFinished: action.action === 'undo',
  });
  if (refusal !== null || session === null) return refuse(refusal ?? 'session-missing');
  const now = deps.clock();
  const itemAt = itemLookup(deps);
  const known: Known = actor.user ? { user: actor.user } : {};
  const transition = decideStudyAction({
    session,
    current: itemAt(session.queue[session.position] ?? ''),
    action,
    ...input,
    itemAt,
    now,
    seed: deps.seed(),
  });
  switch (transition.kind) {
    case 'refuse':
      return refuse(transition.reason);
    case 'redraw':
      return show(deps, session, {}, known);
    case 'cloze-modal':
      return shown({ type: 'cloze-modal', session, current: currentItem(deps, session) });
    case 'end':
      await finishSession(deps.db, session.id, now);
      return shown(await summarize(deps, { ...session, finishedAt: now }, true));
    case 'undo': {
      const undone = await undoStudyAnswer(deps, {
        session,
        userId: actor.userId,
        itemAt,
        now,
        seed: deps.seed(),
      });
      return undone.ok ? show(deps, undone.session, {}, known) : undone;
    }
    case 'move': {
      const moved = await moveSession(deps, session, transition.move);
      return moved.ok ? show(deps, moved.session, {}, known) : moved;
    }
    case 'answer':
      return answer(deps, actor, session, transition.answer, transition.move);
  }
}

async function answer(
  deps: Deps,
  actor: StudyActor,
  session: StudySession,
  pending: PendingAnswer,
  move: SessionMove,
): Promise<StudyResult> {
  const now = deps.clock();
  const user = await settingsOf(deps, actor);
  const zone = await resolveTimeZone(deps, { memberZone: user.timezone, guildId: session.guildId });
  const recorded = await recordStudyAnswer(deps, {
    userId: actor.userId,
    now,
    zone,
    targetRetention: user.targetRetention,
    session,
    answer: pending,
    move,
  });
  if (!recorded.ok) return recorded;
  const { decision } = recorded;
  return show(
    deps,
    recorded.session,
    {
      lastAnswer: { rating: decision.rating, dueAfter: decision.memoryAfter.due, answeredAt: now },
      ...(pending.feedback ? { feedback: pending.feedback } : {}),
    },
    { user, memory: { itemId: pending.itemId, memory: decision.memoryAfter } },
  );
}

/** Stores a move decided for `session`; when another press moved it first, says why this one changes nothing. */
async function moveSession(
  deps: Deps,
  session: StudySession,
  move: SessionMove,
): Promise<Result<{ session: StudySession }, StudyRefusal>> {
  const target = { userId: session.userId, version: session.version };
  const moved = await moveSessionIfAt(deps.db, {
    sessionId: session.id,
    expectedVersion: session.version,
    userId: session.userId,
    move,
  });
  if (moved) return { ok: true, session: moved };
  return refuse(checkSessionTarget(await findSession(deps.db, session.id), target) ?? 'stale');
}

function currentItem(deps: Deps, session: StudySession): CatalogItem {
  const item = deps.catalog.findItem(session.queue[session.position] ?? '');
  if (!item) throw new Error(`session ${session.id} is on an item the decks no longer have`);
  return item;
}

/** The screen for where the session stands; items retired since it was planned are skipped, not served. */
async function show(
  deps: Deps,
  session: StudySession,
  extra: { feedback?: AnswerFeedback; lastAnswer?: LastAnswer },
  known: Known,
): Promise<StudyResult> {
  const now = deps.clock();
  const itemAt = itemLookup(deps);
  let current = session;
  let skippedRetired = false;
  while (!current.finishedAt && !itemAt(current.queue[current.position] ?? '')) {
    skippedRetired = true;
    const moved = await moveSession(deps, current, moveToNext(current, itemAt, now, deps.seed()));
    if (!moved.ok) return moved;
    current = moved.session;
  }
  if (current.finishedAt) return shown(await summarize(deps, current, false));
  const catalogItem = currentItem(deps, current);
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
  return shown({
    type: 'item',
    session: current,
    current: catalogItem,
    memory,
    skippedRetired,
    ...(preview ? { preview } : {}),
    ...extra,
  });
}

async function summarize(deps: Deps, session: StudySession, ended: boolean): Promise<StudyScreen> {
  const now = deps.clock();
  const [nextDue, moreDue] = await Promise.all([
    findNextDueAfter(deps.db, session.userId, now),
    countDueItems(deps.db, { userId: session.userId, now, deckId: session.deckId }),
  ]);
  return { type: 'summary', session, nextDue, moreDue, ended };
}
