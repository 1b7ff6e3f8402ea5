import type { CatalogItem } from '../content/catalog.js';
import { countDueItems, findMemory, findNextDueAfter, suspendItem } from '../db/repositories/item-states.js';
import { findNextItems, type NextItems } from '../db/repositories/next-items.js';
import { countMissesSince } from '../db/repositories/review-logs.js';
import {
  createSession,
  findSession,
  finishSession,
  moveSessionIfAt,
} from '../db/repositories/study-sessions.js';
import { findOrCreateUser } from '../db/repositories/users.js';
import type { Deps } from '../deps.js';
import {
  backlogDays,
  backlogReviewsLeft,
  DEFAULT_BACKLOG_DAILY_CAP,
  inBacklog,
  orderBacklog,
} from '../domain/backlog.js';
import { isLeech, leechSuspendedUntil } from '../domain/leeches.js';
import { addDays, localDate, startOfLocalDay } from '../domain/local-time.js';
import { type MemoryState, newMemoryState } from '../domain/memory.js';
import { previewReviews, type ReviewRating, retrievability } from '../domain/scheduling.js';
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
import { readAnswerBasis, recordStudyAnswer, undoStudyAnswer } from './answers.js';
import { type Result, refuse } from './refusal.js';
import { refreshGuildDecks } from './server-decks.js';
import { resolveTimeZone } from './time-zone.js';
import { scheduleFor } from './tuning.js';

export type {
  Backlog,
  ClozeModal,
  LastAnswer,
  StudyActor,
  StudyResult,
  StudyScreen,
} from './study-screen.js';

import type {
  Backlog,
  ClozeModal,
  Known,
  LastAnswer,
  StudyActor,
  StudyResult,
  StudyScreen,
} from './study-screen.js';

const shown = <Screen>(screen: Screen): StudyResult<Screen> => ({ ok: true, screen });
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
  const next = await findNextItems(deps.sql, {
    userId: actor.userId,
    now,
    dayStart,
    deckId,
    guildId: actor.guildId,
    dailyNewLimit: user.dailyNewLimit,
    maxNew: SESSION_LENGTH,
  });
  const dueCount = next.due.length;
  const itemAt = itemLookup(deps);
  let queue: string[];
  let newLeft = newItemsLeftToday(user.dailyNewLimit, next.startedToday);
  let backlog: Backlog | undefined;
  if (inBacklog(dueCount)) {
    // Back from a break (or behind): the most-at-risk items first, a capped number a day, and no new items
    // until the backlog is gone, so it shrinks instead of being buried under more.
    const picked = await pickBacklog(deps, { userId: actor.userId, guildId: actor.guildId, now, next });
    queue = picked.queue.filter((id) => itemAt(id));
    backlog = {
      due: dueCount,
      dailyCap: DEFAULT_BACKLOG_DAILY_CAP,
      days: backlogDays(dueCount, DEFAULT_BACKLOG_DAILY_CAP),
    };
    newLeft = 0;
  } else {
    const due = next.due.map(({ itemId, memory }) => ({ itemId, due: memory.due }));
    queue = planSessionQueue({ due, newItemIds: next.newItemIds, newLeftToday: newLeft }).filter((id) =>
      itemAt(id),
    );
  }
  const first = queue[0] === undefined ? undefined : itemAt(queue[0]);
  if (!first) {
    const deck = deckId === null ? undefined : deps.catalog.findDeck(deckId);
    const [nextDue, dueElsewhere] = await Promise.all([
      findNextDueAfter(deps.db, actor.userId, now, deckId),
      // The deck has nothing due, so everything due now is in the other decks.
      deck ? countDueItems(deps.db, { userId: actor.userId, now }) : 0,
    ]);
    return shown({
      type: 'empty',
      deck: deck ? { id: deck.id, title: deck.title } : null,
      nextDue,
      dueElsewhere,
      newLimitReached: newLeft === 0 && !backlog,
      dailyNewLimit: user.dailyNewLimit,
      ...(backlog ? { backlog } : {}),
    });
  }
  const session = await createSession(deps.sql, {
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
): Promise<StudyResult<StudyScreen | ClozeModal>> {
  const session = await findSession(deps.sql, target.sessionId);
  const refusal = checkSessionTarget(session, {
    userId: actor.userId,
    version: target.version,
    // Undo may take back a finished session's last answer; End on its summary is "Done", which closes Undo.
    allowFinished: action.action === 'undo' || action.action === 'end',
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
    case 'end': {
      const finishedAt = session.finishedAt ?? now;
      if (!session.finishedAt) await finishSession(deps.db, session.id, now);
      return shown(await summarize(deps, { ...session, finishedAt }, true));
    }
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
  // Everything the answer and the screen after it read that the answer does not change, at once: a grade press
  // waits for one round trip here instead of three (the next item's memory, unless it is this item again).
  const nextItemId = move.finishedAt ? undefined : session.queue[move.position];
  const readNext = nextItemId !== undefined && nextItemId !== pending.itemId;
  const [zone, schedule, basis, nextMemory] = await Promise.all([
    resolveTimeZone(deps, { memberZone: user.timezone, guildId: session.guildId }),
    scheduleFor(deps, { userId: actor.userId, guildId: session.guildId }),
    readAnswerBasis(deps, { userId: actor.userId, itemId: pending.itemId }),
    readNext ? findMemory(deps.db, actor.userId, nextItemId) : undefined,
  ]);
  const recorded = await recordStudyAnswer(deps, {
    basis,
    userId: actor.userId,
    now,
    zone,
    targetRetention: user.targetRetention,
    schedule,
    away: user.away,
    session,
    answer: pending,
    move,
  });
  if (!recorded.ok) return recorded;
  const { decision } = recorded;
  if (decision.rating === 1 && isLeech(decision.memoryAfter)) {
    await setLeechAside(deps, {
      userId: actor.userId,
      itemId: pending.itemId,
      memory: decision.memoryAfter,
      zone,
      now,
    });
  }
  return show(
    deps,
    recorded.session,
    {
      lastAnswer: { rating: decision.rating, dueAfter: decision.memoryAfter.due, answeredAt: now },
      ...(pending.feedback ? { feedback: pending.feedback } : {}),
    },
    {
      user,
      memory: readNext
        ? { itemId: nextItemId, memory: nextMemory ?? newMemoryState(now) }
        : { itemId: pending.itemId, memory: decision.memoryAfter },
    },
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
  return refuse(checkSessionTarget(await findSession(deps.sql, session.id), target) ?? 'stale');
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
    const [user, schedule] = await Promise.all([
      known.user ?? findOrCreateUser(deps.db, current.userId),
      scheduleFor(deps, { userId: current.userId, guildId: current.guildId }),
    ]);
    // The intervals on the buttons come from the parameters that will schedule the answer.
    const next = previewReviews(memory, now, user.targetRetention, schedule.parameters);
    preview = { 1: next[1].due, 2: next[2].due, 3: next[3].due, 4: next[4].due };
  }
  return shown({
    type: 'item',
    session: current,
    current: catalogItem,
    memory,
    skippedRetired,
    ...(isLeech(memory) ? { leech: true } : {}),
    ...(preview ? { preview } : {}),
    ...extra,
  });
}

/** After a leech's miss: once missed enough times today, it waits until the member's next local day. */
async function setLeechAside(
  deps: Deps,
  p: { userId: string; itemId: string; memory: MemoryState; zone: string; now: Date },
) {
  const today = localDate(p.now, p.zone);
  const missesToday = await countMissesSince(deps.db, {
    userId: p.userId,
    itemId: p.itemId,
    since: startOfLocalDay(today, p.zone),
  });
  const until = leechSuspendedUntil({
    memory: p.memory,
    missesToday,
    startOfTomorrow: startOfLocalDay(addDays(today, 1), p.zone),
  });
  if (until) await suspendItem(deps.db, { userId: p.userId, itemId: p.itemId, until });
}

/** Today's share of a backlog: the due items least likely to be recalled now, up to what the daily cap leaves. */
async function pickBacklog(
  deps: Deps,
  p: { userId: string; guildId: string | null; now: Date; next: NextItems },
): Promise<{ queue: string[] }> {
  const schedule = await scheduleFor(deps, { userId: p.userId, guildId: p.guildId });
  const left = backlogReviewsLeft(DEFAULT_BACKLOG_DAILY_CAP, p.next.reviewedToday);
  const ordered = orderBacklog(
    p.next.due.map(({ itemId, memory }) => ({
      itemId,
      due: memory.due,
      retrievability: retrievability(memory, p.now, schedule.parameters),
    })),
  );
  return { queue: ordered.slice(0, Math.min(left, SESSION_LENGTH)).map((candidate) => candidate.itemId) };
}

async function summarize(deps: Deps, session: StudySession, ended: boolean): Promise<StudyScreen> {
  const now = deps.clock();
  const [nextDue, moreDue] = await Promise.all([
    findNextDueAfter(deps.db, session.userId, now),
    countDueItems(deps.db, { userId: session.userId, now, deckId: session.deckId }),
  ]);
  return {
    type: 'summary',
    session,
    nextDue,
    moreDue,
    ended,
    ...(inBacklog(moreDue)
      ? {
          backlog: {
            due: moreDue,
            dailyCap: DEFAULT_BACKLOG_DAILY_CAP,
            days: backlogDays(moreDue, DEFAULT_BACKLOG_DAILY_CAP),
          },
        }
      : {}),
  };
}
