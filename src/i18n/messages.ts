/**
 * Every string a member reads, in Korean (first) and English, one file per feature merged here. Keys are typed: a
 * message missing in English is a compile error.
 */

import { adminEn, adminKo } from './admin.js';
import { deckImportEn, deckImportKo } from './deck-import.js';
import { insightsEn, insightsKo } from './insights.js';
import { leaderboardEn, leaderboardKo } from './leaderboard.js';
import { quizEn, quizKo } from './quiz.js';
import { reachEn, reachKo } from './reach.js';
import { remindersEn, remindersKo } from './reminders.js';
import { studyEn, studyKo } from './study.js';
import type { Widen } from './types.js';

export type Locale = 'ko' | 'en';

const ko = {
  ...studyKo,
  ...adminKo,
  ...leaderboardKo,
  ...remindersKo,
  ...quizKo,
  ...insightsKo,
  ...deckImportKo,
  ...reachKo,
} as const;

type Catalog = typeof ko;
export type MessageKey = keyof Catalog;
/** Keys whose text needs parameters; a stored notice can only name a key without any. */
export type ParameterizedKey = {
  [K in MessageKey]: Catalog[K] extends (p: never) => string ? K : never;
}[MessageKey];
type Params<K extends MessageKey> = Catalog[K] extends (p: infer P) => string ? [P] : [];

const en: Widen<Catalog> = {
  ...studyEn,
  ...adminEn,
  ...leaderboardEn,
  ...remindersEn,
  ...quizEn,
  ...deckImportEn,
  ...insightsEn,
  ...reachEn,
};

const catalogs: Record<Locale, Widen<Catalog>> = { ko, en };

/** True when `key` names a message (used for keys stored in the database, such as pending notices). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ko, key);
}

/** The text of `key` in `locale`. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...params: Params<K>): string {
  const entry = catalogs[locale][key] as string | ((p: unknown) => string);
  return typeof entry === 'function' ? entry(params[0]) : entry;
}

/**
 * The member's language: their override, else Korean for a Korean client and English for an English one. Other
 * locales get Korean, the group's first language.
 */
export function resolveLocale(override: Locale | null, discordLocale: string | null | undefined): Locale {
  if (override) return override;
  if (discordLocale?.startsWith('en')) return 'en';
  return 'ko';
}

/** A member's language outside an interaction (reminders): their choice, else the Discord language last used. */
export function memberLocale(member: { localeOverride: Locale | null; lastLocale: string | null }): Locale {
  return resolveLocale(member.localeOverride, member.lastLocale);
}

/**
 * The language of a server's channel posts (weekly board, quiz, reminder mentions): the admins' choice
 * (`/admin language`), else the server's preferred locale on Discord, else Korean.
 */
export function serverLocale(
  guild: { localeOverride: Locale | null; discordLocale: string | null } | null | undefined,
): Locale {
  return resolveLocale(guild?.localeOverride ?? null, guild?.discordLocale);
}

export function formatDuration(locale: Locale, ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return t(locale, 'duration.seconds', { n: totalSeconds });
  return t(locale, 'duration.minutes', { m: Math.floor(totalSeconds / 60), s: totalSeconds % 60 });
}

/** Discord renders `<t:unix:R>` as a relative time in each reader's own language and zone. */
export function discordTimestamp(instant: Date, style: 'R' | 'f' | 'F' | 't' = 'R'): string {
  return `<t:${Math.floor(instant.getTime() / 1000)}:${style}>`;
}
