import type { QuizAnswerRefusal } from '../domain/quiz.js';
import type { StudyRefusal } from '../domain/study-session.js';

/**
 * The one way a service says no: `{ ok: false, reason }`, a value the caller turns into the member's language in
 * one place (discord/views/refusal-view.ts). Expected failures are values; only the unexpected is thrown.
 */
export type RefusalReason =
  | StudyRefusal
  | QuizAnswerRefusal
  | 'no-questions'
  | 'already-running'
  | 'bad-time'
  | 'bad-timezone'
  | 'bad-retention'
  | 'bad-daily-new'
  | 'bad-away-date'
  | 'bad-channel'
  | 'channel-needs-guild'
  | 'guild-only'
  | 'admin-only'
  | 'stats-private'
  | 'stats-not-member'
  | 'deck-changed'
  | 'decks-organizers-only'
  | 'import-decided'
  | 'file-too-large';

export interface Refusal<R extends RefusalReason = RefusalReason> {
  ok: false;
  reason: R;
  /** What the member gave that was refused (a deck id, a zone, a time), to echo back. */
  subject?: string;
}

/** A service's answer: what it did, or why it did nothing. */
export type Result<T extends object, R extends RefusalReason = RefusalReason> =
  | ({ ok: true } & T)
  | Refusal<R>;

export function refuse<R extends RefusalReason>(reason: R, subject?: string): Refusal<R> {
  return subject === undefined ? { ok: false, reason } : { ok: false, reason, subject };
}
