/**
 * Server leaderboards: which instants a period covers, how a board is ranked, and when the weekly post is due.
 *
 * - Periods are read in the server's time zone. A week is Monday 00:00 to the next Monday 00:00 (an ISO week,
 *   see `mondayWeekStart`); a month is the calendar month from the 1st at 00:00; 'all' has no bounds. All ranges
 *   are half-open [start, end), so an answer at Sunday 23:59:59 belongs to the week that is ending.
 * - XP: the sum of each answer's XP (the rule in scoring.ts). Accuracy: correct / answers, and a member needs at
 *   least {@link ACCURACY_MIN_ANSWERS} answers in the period to be ranked, so three lucky answers do not top
 *   the board. Streak: the member's current streak (their own days, see streaks.ts); a streak has no period, so
 *   there the period only breaks ties (more answers in it first).
 * - Ties are broken by {@link rankEntries}: more answers, then whoever got there first, then the user id.
 */
import { DateTime } from 'luxon';
import { addDays, localDate, mondayWeekStart, startOfLocalDay } from './local-time.js';
import { accuracy, type RankableEntry, rankEntries } from './scoring.js';

export const LEADERBOARD_PERIODS = ['week', 'month', 'all'] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];
export const LEADERBOARD_METRICS = ['xp', 'streak', 'accuracy'] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

/** How many rows a board shows. */
export const LEADERBOARD_SIZE = 10;
/** Answers a member needs in the period before their accuracy is ranked. */
export const ACCURACY_MIN_ANSWERS = 20;
/** The weekly post goes out on Monday from this local hour (server time) until the end of Monday. */
export const WEEKLY_POST_HOUR = 9;

/** A half-open range of instants [start, end). */
export interface InstantRange {
  start: Date;
  end: Date;
}

/**
 * The instants `period` covers around `now` in `zone`; `null` for 'all'.
 *
 * @throws RangeError for an unknown zone.
 */
export function periodRange(period: LeaderboardPeriod, now: Date, zone: string): InstantRange | null {
  if (period === 'all') return null;
  if (period === 'week') {
    const start = mondayWeekStart(now, zone);
    return { start, end: startOfLocalDay(addDays(localDate(start, zone), 7), zone) };
  }
  const firstOfMonth = `${localDate(now, zone).slice(0, 7)}-01`;
  const next = DateTime.fromISO(firstOfMonth, { zone: 'utc' }).plus({ months: 1 }).toISODate() as string;
  return { start: startOfLocalDay(firstOfMonth, zone), end: startOfLocalDay(next, zone) };
}

/** The first local date of the all-time period, as the stored sums name it. */
export const ALL_TIME_START = '-infinity';

/** A period the database keeps running sums for: which kind, and its first local date in the board's zone. */
export interface StoredPeriod {
  period: LeaderboardPeriod;
  /** The local date the period starts on (a Monday, a 1st), or {@link ALL_TIME_START}. */
  start: string;
}

/**
 * The stored period that `range` (as {@link periodRange} gives it, `null` for all time) is exactly, read in `zone`;
 * `null` when the range is not one (an arbitrary span), which then has to be summed from the answers themselves.
 */
export function storedPeriodOf(range: InstantRange | null, zone: string): StoredPeriod | null {
  if (range === null) return { period: 'all', start: ALL_TIME_START };
  for (const period of ['week', 'month'] as const) {
    const candidate = periodRange(period, range.start, zone);
    if (
      candidate !== null &&
      candidate.start.getTime() === range.start.getTime() &&
      candidate.end.getTime() === range.end.getTime()
    ) {
      return { period, start: localDate(range.start, zone) };
    }
  }
  return null;
}

/**
 * Whether the weekly post for the week before `now` is due: it is Monday in `zone` and the wall clock there
 * reads {@link WEEKLY_POST_HOUR}:00 or later. The whole rest of Monday counts, so a failed post is retried.
 */
export function isWeeklyPostDue(now: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(now, { zone });
  return local.isValid && local.weekday === 1 && local.hour >= WEEKLY_POST_HOUR;
}

/** One member's answers in a period, as the repository sums them. */
export interface MemberTotals {
  userId: string;
  xp: number;
  answers: number;
  correct: number;
  lastAnsweredAt: Date | null;
}

export interface BoardRow extends RankableEntry {
  rank: number;
  xp: number;
  correct: number;
  /** The member's current streak (streak boards only; 0 elsewhere). */
  streak: number;
}

/** Where the viewer stands on a board. */
export type ViewerStanding =
  | { kind: 'ranked'; row: BoardRow }
  /** On no board of this kind: no answers in the period, or no live streak. */
  | { kind: 'absent' }
  | { kind: 'below-minimum'; answers: number; needed: number }
  | { kind: 'opted-out' };

export interface Board {
  metric: LeaderboardMetric;
  top: BoardRow[];
  /** How many members are ranked in all. */
  ranked: number;
  viewer?: ViewerStanding;
}

/**
 * Ranks the members of one board and keeps the top {@link LEADERBOARD_SIZE} plus the viewer's own standing.
 *
 * @param p.totals - every listed member's sums for the period (opted-out members already left out).
 * @param p.streaks - for a streak board: each listed member's current streak; members missing or at 0 are
 *   not ranked.
 * @param p.viewer - the member asking, with whether they opted out; omitted for the weekly post.
 */
export function buildBoard(p: {
  metric: LeaderboardMetric;
  totals: MemberTotals[];
  streaks?: Map<string, number>;
  viewer?: { userId: string; optedOut: boolean };
}): Board {
  const byUser = new Map(p.totals.map((total) => [total.userId, total]));
  const entries: Omit<BoardRow, 'rank'>[] = [];
  if (p.metric === 'streak') {
    for (const [userId, streak] of p.streaks ?? []) {
      if (streak <= 0) continue;
      const total = byUser.get(userId);
      entries.push({
        userId,
        value: streak,
        streak,
        xp: total?.xp ?? 0,
        answers: total?.answers ?? 0,
        correct: total?.correct ?? 0,
        lastAnsweredAt: total?.lastAnsweredAt ?? null,
      });
    }
  } else {
    for (const total of p.totals) {
      if (total.answers <= 0) continue;
      const value = p.metric === 'xp' ? total.xp : (accuracy(total.correct, total.answers) ?? 0);
      // The same fields in the same order as a streak entry, and no spread (Node 20 adds properties after one
      // on a slow path): every entry has one shape, which the sort compares thousands of times.
      entries.push({
        userId: total.userId,
        value,
        streak: 0,
        xp: total.xp,
        answers: total.answers,
        correct: total.correct,
        lastAnsweredAt: total.lastAnsweredAt,
      });
    }
  }
  const minAnswers = minAnswersFor(p.metric);
  const ranked = rankEntries(entries, { minAnswers });
  const board: Board = { metric: p.metric, top: ranked.slice(0, LEADERBOARD_SIZE), ranked: ranked.length };
  if (p.viewer) board.viewer = standingOf(p.viewer, ranked, entries, minAnswers);
  return board;
}

/** Answers a member needs in the period before they are ranked on a `metric` board. */
export const minAnswersFor = (metric: LeaderboardMetric): number =>
  metric === 'accuracy' ? ACCURACY_MIN_ANSWERS : 0;

/** One member's sums as the database ranked them: `rank` by {@link rankEntries}' order, null below the minimum. */
export interface RankedTotals extends MemberTotals {
  rank: number | null;
}

/**
 * The board {@link buildBoard} would build, from rows the database already ranked in {@link rankEntries}' order:
 * the top {@link LEADERBOARD_SIZE}, plus the viewer's own row wherever it stands (with a null rank when they have
 * too few answers to be ranked). Not for streak boards, whose values are not sums.
 *
 * @param p.ranked - how many members are ranked in all.
 */
export function boardFromRanked(p: {
  metric: Exclude<LeaderboardMetric, 'streak'>;
  rows: RankedTotals[];
  ranked: number;
  viewer?: { userId: string; optedOut: boolean };
}): Board {
  const toRow = (total: RankedTotals, rank: number): BoardRow => ({
    userId: total.userId,
    value: p.metric === 'xp' ? total.xp : (accuracy(total.correct, total.answers) ?? 0),
    answers: total.answers,
    lastAnsweredAt: total.lastAnsweredAt,
    xp: total.xp,
    correct: total.correct,
    streak: 0,
    rank,
  });
  const top = p.rows
    .filter((row) => row.rank !== null && row.rank <= LEADERBOARD_SIZE)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
    .map((row) => toRow(row, row.rank ?? 0));
  const board: Board = { metric: p.metric, top, ranked: p.ranked };
  if (p.viewer) {
    const own = p.rows.find((row) => row.userId === p.viewer?.userId);
    const minAnswers = minAnswersFor(p.metric);
    if (p.viewer.optedOut) board.viewer = { kind: 'opted-out' };
    else if (own?.rank) board.viewer = { kind: 'ranked', row: toRow(own, own.rank) };
    else if (own && own.answers > 0 && own.answers < minAnswers)
      board.viewer = { kind: 'below-minimum', answers: own.answers, needed: minAnswers };
    else board.viewer = { kind: 'absent' };
  }
  return board;
}

function standingOf(
  viewer: { userId: string; optedOut: boolean },
  ranked: BoardRow[],
  entries: Omit<BoardRow, 'rank'>[],
  minAnswers: number,
): ViewerStanding {
  if (viewer.optedOut) return { kind: 'opted-out' };
  const row = ranked.find((entry) => entry.userId === viewer.userId);
  if (row) return { kind: 'ranked', row };
  const entry = entries.find((candidate) => candidate.userId === viewer.userId);
  if (entry && entry.answers < minAnswers)
    return { kind: 'below-minimum', answers: entry.answers, needed: minAnswers };
  return { kind: 'absent' };
}
