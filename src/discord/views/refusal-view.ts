import { MAX_AWAY_DAYS } from '../../domain/backlog.js';
import { MAX_CLOZE_INPUT } from '../../domain/study-session.js';
import { type Locale, t } from '../../i18n/messages.js';
import type { Refusal, RefusalReason } from '../../services/refusal.js';

/** Echoed input is cut so a long paste cannot make the answer longer than Discord allows. */
const subjectOf = (refusal: Refusal, max: number) => (refusal.subject ?? '').slice(0, max);

/**
 * Every refusal a service can give, in the member's language: the one place a "no" becomes text. A reason added
 * to `RefusalReason` without a text here is a compile error.
 */
const TEXT: Record<RefusalReason, (locale: Locale, refusal: Refusal) => string> = {
  'session-missing': (locale) => t(locale, 'error.session-missing'),
  'not-owner': (locale) => t(locale, 'error.not-owner'),
  finished: (locale) => t(locale, 'error.finished'),
  stale: (locale) => t(locale, 'error.stale'),
  'nothing-to-undo': (locale) => t(locale, 'error.nothing-to-undo'),
  'unknown-deck': (locale, refusal) => t(locale, 'error.unknown-deck', { deck: subjectOf(refusal, 60) }),
  'input-too-long': (locale) => t(locale, 'error.input-too-long', { max: MAX_CLOZE_INPUT }),
  'quiz-missing': (locale) => t(locale, 'quiz.missing'),
  'time-up': (locale) => t(locale, 'quiz.time-up'),
  'already-answered': (locale) => t(locale, 'quiz.already-answered'),
  'bad-option': (locale) => t(locale, 'error.malformed-id'),
  'no-questions': (locale) => t(locale, 'quiz.no-questions'),
  'already-running': (locale) => t(locale, 'quiz.already-running'),
  'bad-time': (locale, refusal) => t(locale, 'reminders.bad-time', { time: subjectOf(refusal, 16) }),
  'bad-timezone': (locale, refusal) => t(locale, 'settings.bad-timezone', { zone: subjectOf(refusal, 64) }),
  'bad-retention': (locale) => t(locale, 'settings.bad-retention'),
  'bad-daily-new': (locale) => t(locale, 'settings.bad-daily-new'),
  'bad-away-date': (locale) => t(locale, 'settings.bad-away-date', { max: String(MAX_AWAY_DAYS) }),
  'bad-channel': (locale) => t(locale, 'admin.bad-channel'),
  'channel-needs-guild': (locale) => t(locale, 'reminders.channel-needs-guild'),
  'guild-only': (locale) => t(locale, 'error.guild-only'),
  'admin-only': (locale) => t(locale, 'error.admin-only'),
  'stats-private': (locale) => t(locale, 'stats.private'),
  'stats-not-member': (locale) => t(locale, 'stats.not-member'),
  'deck-changed': (locale) => t(locale, 'import.deck-changed'),
  'decks-organizers-only': (locale) => t(locale, 'import.organizers-only'),
  'import-decided': (locale) => t(locale, 'import.decided'),
  'file-too-large': (locale, refusal) =>
    t(locale, 'import.problem.file-too-large', { detail: subjectOf(refusal, 20) }),
};

export function refusalText(locale: Locale, refusal: Refusal): string {
  return TEXT[refusal.reason](locale, refusal);
}
