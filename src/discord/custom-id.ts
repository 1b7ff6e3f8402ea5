/**
 * Every custom_id the bot puts on a component or modal is built and parsed here. Ids are versioned
 * (`bk:1:...`) so that a message sent by an older release keeps parsing after an upgrade; anything this module
 * cannot parse is answered politely instead of guessed at.
 *
 * Study ids carry the session and the session version they were drawn for: a click on a screen that has since
 * moved on is refused, which is what makes double clicks and retried interactions count once.
 */

import type { StudyAction } from '../domain/study-session.js';

export const CUSTOM_ID_PREFIX = 'bk';
export const CUSTOM_ID_VERSION = 1;
export const MAX_CUSTOM_ID_LENGTH = 100;

export type CustomId =
  | ({ kind: 'study'; sessionId: number; version: number } & StudyAction)
  /** Starts a new session (summary's "keep reviewing", a reminder's "start review"); `deckId` null for all decks. */
  | { kind: 'start'; deckId: string | null }
  | { kind: 'quiz'; quizId: number; question: number; option: number }
  /** Publish or Cancel under an import preview; the import waits in the database, so this survives restarts. */
  | { kind: 'deck-import'; importId: string; action: 'publish' | 'cancel' };

const STUDY_CODES = {
  reveal: 'rv',
  grade: 'gr',
  choose: 'ch',
  'order-pick': 'op',
  'order-reset': 'or',
  'cloze-open': 'co',
  'cloze-submit': 'cs',
  next: 'nx',
  undo: 'un',
  end: 'en',
} as const satisfies Record<StudyAction['action'], string>;

const STUDY_ACTIONS = Object.fromEntries(
  Object.entries(STUDY_CODES).map(([action, code]) => [code, action]),
) as Record<string, StudyAction['action']>;

const DECK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IMPORT_ACTIONS = { publish: 'p', cancel: 'c' } as const;

/**
 * Whether this release reads ids of this prefix, version and action code, whatever their arguments. During a
 * rolling deploy an older and a newer release receive the same interactions; an id outside this namespace may
 * be the newer one's, so the router leaves it unclaimed instead of calling it malformed.
 */
export function isKnownCustomIdNamespace(raw: string): boolean {
  const [prefix, version, code] = raw.split(':', 3);
  return (
    prefix === CUSTOM_ID_PREFIX &&
    version === String(CUSTOM_ID_VERSION) &&
    code !== undefined &&
    (code === 'st' || code === 'qz' || code === 'di' || Object.hasOwn(STUDY_ACTIONS, code))
  );
}

export function buildCustomId(id: CustomId): string {
  const head = `${CUSTOM_ID_PREFIX}:${CUSTOM_ID_VERSION}`;
  let built: string;
  switch (id.kind) {
    case 'study': {
      const base = `${head}:${STUDY_CODES[id.action]}:${id.sessionId}:${id.version}`;
      if (id.action === 'grade') built = `${base}:${id.rating}`;
      else if (id.action === 'choose') built = `${base}:${id.option}`;
      else if (id.action === 'order-pick') built = `${base}:${id.step}`;
      else built = base;
      break;
    }
    case 'start':
      built = `${head}:st:${id.deckId ?? '*'}`;
      break;
    case 'quiz':
      built = `${head}:qz:${id.quizId}:${id.question}:${id.option}`;
      break;
    case 'deck-import':
      built = `${head}:di:${IMPORT_ACTIONS[id.action]}:${id.importId}`;
      break;
  }
  if (built.length > MAX_CUSTOM_ID_LENGTH)
    throw new RangeError(`custom_id longer than ${MAX_CUSTOM_ID_LENGTH}: ${built}`);
  return built;
}

function parseCount(text: string | undefined, max = Number.MAX_SAFE_INTEGER): number | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

/** Parses a custom_id; `null` for anything malformed, unknown, or from a version this release cannot read. */
export function parseCustomId(raw: string): CustomId | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_CUSTOM_ID_LENGTH) return null;
  const parts = raw.split(':');
  const [prefix, version, code, ...rest] = parts;
  if (prefix !== CUSTOM_ID_PREFIX || version !== String(CUSTOM_ID_VERSION) || code === undefined) return null;

  if (code === 'st') {
    if (rest.length !== 1) return null;
    const deck = rest[0] as string;
    if (deck === '*') return { kind: 'start', deckId: null };
    return DECK_ID.test(deck) ? { kind: 'start', deckId: deck } : null;
  }
  if (code === 'di') {
    const [action, importId] = rest;
    if (rest.length !== 2 || importId === undefined || !UUID.test(importId)) return null;
    if (action === IMPORT_ACTIONS.publish) return { kind: 'deck-import', importId, action: 'publish' };
    if (action === IMPORT_ACTIONS.cancel) return { kind: 'deck-import', importId, action: 'cancel' };
    return null;
  }
  if (code === 'qz') {
    if (rest.length !== 3) return null;
    const quizId = parseCount(rest[0]);
    const question = parseCount(rest[1], 1000);
    const option = parseCount(rest[2], 24);
    if (quizId === null || question === null || option === null) return null;
    return { kind: 'quiz', quizId, question, option };
  }

  // hasOwn: a code such as "constructor" must not find the object's prototype.
  const action = Object.hasOwn(STUDY_ACTIONS, code) ? STUDY_ACTIONS[code] : undefined;
  if (!action) return null;
  const sessionId = parseCount(rest[0]);
  const sessionVersion = parseCount(rest[1]);
  if (sessionId === null || sessionVersion === null) return null;
  const base = { kind: 'study' as const, sessionId, version: sessionVersion };
  const argument = rest[2];
  const takesArgument = action === 'grade' || action === 'choose' || action === 'order-pick';
  if (rest.length !== (takesArgument ? 3 : 2)) return null;
  switch (action) {
    case 'grade': {
      const rating = parseCount(argument, 4);
      return rating !== null && rating >= 1 ? { ...base, action, rating: rating as 1 | 2 | 3 | 4 } : null;
    }
    case 'choose': {
      const option = parseCount(argument, 24);
      return option === null ? null : { ...base, action, option };
    }
    case 'order-pick': {
      const step = parseCount(argument, 24);
      return step === null ? null : { ...base, action, step };
    }
    default:
      return { ...base, action };
  }
}
