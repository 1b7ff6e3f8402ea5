import type { APIEmbed } from 'discord.js';
import {
  ACCURACY_MIN_ANSWERS,
  type Board,
  type BoardRow,
  type InstantRange,
  type LeaderboardPeriod,
  type ViewerStanding,
} from '../../domain/leaderboard.js';
import { addDays, localDate } from '../../domain/local-time.js';
import { type Locale, t } from '../../i18n/messages.js';

const LEADERBOARD_COLOR = 0xf1c40f;
const MEDALS = ['🥇', '🥈', '🥉'] as const;

const formatNumber = (locale: Locale, n: number) => n.toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-US');

/** The last local day of a half-open range, for labels ('2026-11-23 – 2026-11-29'). */
export function rangeLabels(range: InstantRange, zone: string): { from: string; to: string } {
  return { from: localDate(range.start, zone), to: addDays(localDate(range.end, zone), -1) };
}

function rowFigure(locale: Locale, board: Board, row: BoardRow): string {
  const n = (value: number) => formatNumber(locale, value);
  if (board.metric === 'streak') return t(locale, 'leaderboard.row.streak', { days: n(row.streak) });
  if (board.metric === 'accuracy') {
    return t(locale, 'leaderboard.row.accuracy', {
      // Floored, so 99.96 % is not shown as a perfect 100 %.
      percent: (Math.floor((row.correct / row.answers) * 1000) / 10).toFixed(1),
      correct: n(row.correct),
      answers: n(row.answers),
    });
  }
  return t(locale, 'leaderboard.row.xp', { xp: n(row.xp), answers: n(row.answers) });
}

/** Members are named by mention: Discord renders the name for every reader, and a mention in an embed never pings. */
function rowLine(locale: Locale, board: Board, row: BoardRow): string {
  const place = MEDALS[row.rank - 1] ?? `**${row.rank}.**`;
  return `${place} <@${row.userId}> — ${rowFigure(locale, board, row)}`;
}

function standingText(locale: Locale, board: Board, standing: ViewerStanding): string {
  switch (standing.kind) {
    case 'ranked':
      return t(locale, 'leaderboard.you-ranked', {
        rank: formatNumber(locale, standing.row.rank),
        total: formatNumber(locale, board.ranked),
        line: rowFigure(locale, board, standing.row),
      });
    case 'below-minimum':
      return t(locale, 'leaderboard.you-below-minimum', {
        answers: formatNumber(locale, standing.answers),
        needed: formatNumber(locale, standing.needed),
      });
    case 'opted-out':
      return t(locale, 'leaderboard.you-opted-out');
    default:
      return t(
        locale,
        board.metric === 'streak' ? 'leaderboard.you-absent-streak' : 'leaderboard.you-absent',
      );
  }
}

function footerText(locale: Locale, board: Board): string {
  if (board.metric === 'accuracy')
    return t(locale, 'leaderboard.footer-accuracy', { min: String(ACCURACY_MIN_ANSWERS) });
  if (board.metric === 'streak') return t(locale, 'leaderboard.footer-streak');
  return t(locale, 'leaderboard.footer');
}

/** The `/leaderboard` answer: the top rows, then where the member asking stands. */
export function renderLeaderboard(
  locale: Locale,
  p: { board: Board; period: LeaderboardPeriod; range: InstantRange | null; zone: string },
): APIEmbed {
  const { board } = p;
  const lines = board.top.map((row) => rowLine(locale, board, row));
  const scope = p.range
    ? t(locale, 'leaderboard.range', { ...rangeLabels(p.range, p.zone), zone: p.zone })
    : t(locale, 'leaderboard.range-all');
  const embed: APIEmbed = {
    color: LEADERBOARD_COLOR,
    title: t(locale, 'leaderboard.title', {
      period: t(locale, `leaderboard.period.${p.period}`),
      metric: t(locale, `leaderboard.metric.${board.metric}`),
    }),
    description: [`-# ${scope}`, '', ...(lines.length > 0 ? lines : [t(locale, 'leaderboard.empty')])].join(
      '\n',
    ),
    footer: { text: footerText(locale, board) },
  };
  if (board.viewer)
    embed.fields = [{ name: t(locale, 'leaderboard.you'), value: standingText(locale, board, board.viewer) }];
  return embed;
}

/** The Monday post: last week's XP board, without anyone's own line. */
export function renderWeeklyLeaderboard(
  locale: Locale,
  p: { board: Board; range: InstantRange; zone: string },
): APIEmbed {
  const lines = p.board.top.map((row) => rowLine(locale, p.board, row));
  return {
    color: LEADERBOARD_COLOR,
    title: t(locale, 'leaderboard.weekly-title', rangeLabels(p.range, p.zone)),
    description: [t(locale, 'leaderboard.weekly-description'), '', ...lines].join('\n'),
    footer: { text: `${footerText(locale, p.board)} · ${p.zone}` },
  };
}
